import Foundation
import NNCDiagnostics
import NNCRuntime
import NNCSpec

/// What `nnc train` asks for beyond the spec.
public struct TrainOptions: Sendable {
    /// The run folder (`runs/<name>/` by default).
    public var folder: String
    /// Overrides `training.epochs` (the total, resumes included).
    public var epochs: Int?
    public var resume: Bool
    /// A safetensors file to start from (weights, or a checkpoint's current weights).
    public var initPath: String?
    public var checkpoints: CheckpointPolicy
    /// Worker threads for replicas; default: the machine's active cores.
    public var threads: Int
    /// Recorded in `summary.json` (the command line's version).
    public var nncVersion: String?

    public init(
        folder: String, epochs: Int? = nil, resume: Bool = false, initPath: String? = nil,
        checkpoints: CheckpointPolicy = .standard, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        nncVersion: String? = nil
    ) {
        self.nncVersion = nncVersion
        self.folder = folder
        self.epochs = epochs
        self.resume = resume
        self.initPath = initPath
        self.checkpoints = checkpoints
        self.threads = max(1, threads)
    }
}

/// Runs every fit of a spec — one, or `replicas` independent ones — and
/// writes the run's files. Replicas run concurrently, one engine (one arena)
/// each, on up to `threads` worker threads; each replica's result depends only
/// on its own seeds, so the weights are the same whatever the thread count.
public enum Trainer {
    public static func run<Engine: TrainingEngine>(
        spec: Spec, data: TrainingData, physics: PhysicsData? = nil, layout: ParameterLayout, planHash: String,
        options: TrainOptions, stop: StopRequest? = nil, progress: @escaping @Sendable (FitProgress) -> Void = { _ in },
        makeEngine: @escaping @Sendable (Int) throws -> Engine
    ) throws -> RunSummary {
        let clock = Date()
        let replicas = max(1, spec.training.replicas.value)
        try makeFolder(options.folder)
        let initial = try options.initPath.map { try initialWeights(path: $0, layout: layout) }

        let training = spec.training
        let stopping = training.stopping?.value
        let loss = training.loss.value.kind
        let accuracy: AccuracyKind? = loss == .categoricalCrossentropy ? .categorical : (loss == .binaryCrossentropy ? .binary : nil)
        let epochs = options.epochs ?? training.epochs.value

        let results = ResultBox(count: replicas)
        let next = Counter()
        let workers = min(options.threads, replicas)
        let group = DispatchGroup()
        for _ in 0..<workers {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                while let r = next.take(below: replicas) {
                    // After Ctrl-C, replicas not yet started are left for `--resume`, which starts them fresh.
                    if stop?.isRequested == true { continue }
                    do {
                        let folder = replicas > 1 ? options.folder + "/" + Fit.replicaFolderName(r) : options.folder
                        let resume = options.resume
                            && (replicas == 1 || FileManager.default.fileExists(atPath: folder + "/checkpoint.safetensors"))
                        try makeFolder(folder)
                        let seeds = ReplicaSeeds(trainingSeed: training.seed.value, replica: r)
                        var train = data.train
                        var validation = data.validation
                        if replicas > 1 {
                            var rng = RandomGenerator(seed: seeds.fluctuation)
                            train = train.fluctuated(&rng)
                            validation = validation?.fluctuated(&rng)
                        }
                        var fitOptions = FitOptions(
                            epochs: epochs, patience: stopping?.patience, minDelta: stopping?.minDelta ?? 0,
                            restoreBest: stopping?.restoreBest ?? true, checkpoints: options.checkpoints, folder: folder,
                            replica: r, replicas: replicas, seeds: seeds, trainingSeed: training.seed.value, layout: layout,
                            planHash: planHash, optimizer: training.optimizer.value.kind.rawValue,
                            learningRate: training.optimizer.value.learningRate, accuracy: accuracy, resume: resume,
                            initialWeights: initial, optimizerSpan: training.optimizer.span)
                        fitOptions.physics = physics.map { PhysicsFit(spec: spec, data: $0, seeds: seeds, replicas: replicas) }
                        var engine = try makeEngine(r)
                        let s = try Fit.run(engine: &engine, train: train, validation: validation, options: fitOptions, stop: stop, progress: progress)
                        results.set(r, .success(s))
                    } catch {
                        results.set(r, .failure(error))
                    }
                }
            }
        }
        group.wait()

        var fits: [FitSummary] = []
        var diagnostics: [Diagnostic] = []
        for r in 0..<replicas {
            switch results.get(r) {
            case .success(let s)?: fits.append(s)
            case .failure(let e as TrainError)?: diagnostics += e.diagnostics
            case .failure(let e)?: diagnostics.append(Diagnostic(.cannotWriteOutput, span: .wholeFile(options.folder), message: "replica \(r) failed: \(e)"))
            case nil: break
            }
        }
        var summary = RunSummary(
            name: spec.name.value, trainPoints: data.train.count, validationPoints: data.validation?.count ?? 0,
            parameters: layout.entries.reduce(0) { $0 + $1.count }, seconds: Date().timeIntervalSince(clock), replicas: fits)
        if let physics {
            summary.closure = ClosureStatistics.compute(
                data: physics, fits: fits.filter { $0.failed == nil }.compactMap(\.theory))
        }
        summary.spec = spec.sources.first.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        summary.machine = Machine.description
        summary.nncVersion = options.nncVersion
        if replicas > 1 || diagnostics.isEmpty {
            try AtomicFile.write(RunSummary.json(summary), to: options.folder + "/summary.json")
        }
        if !diagnostics.isEmpty { throw TrainError(diagnostics) }
        return summary
    }

    /// Weights to start from: a weights file, or the current weights of a checkpoint.
    public static func initialWeights(path: String, layout: ParameterLayout) throws -> [Float] {
        let file = try SafeTensors.read(path: path)
        if file.metadata["format"] == Checkpoint.format {
            let plain = SafeTensors(tensors: file.tensors.filter { t in !["moment1.", "moment2.", "best."].contains { t.name.hasPrefix($0) } })
            return try layout.load(from: plain, path: path)
        }
        return try layout.load(from: file, path: path)
    }

    static func makeFolder(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw TrainError(Diagnostic(
                .cannotWriteOutput, span: .wholeFile(path), message: "cannot create the run folder '\(path)': \(DataFile.reason(error))",
                notes: [DiagnosticNote("choose a writable folder with --out")]))
        }
    }
}

/// Hands out replica indices to worker threads.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func take(below limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}

/// Each replica's outcome, written by its worker.
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<FitSummary, Error>?]

    init(count: Int) {
        results = Array(repeating: nil, count: count)
    }

    func set(_ i: Int, _ r: Result<FitSummary, Error>) {
        lock.lock()
        results[i] = r
        lock.unlock()
    }

    func get(_ i: Int) -> Result<FitSummary, Error>? {
        lock.lock()
        defer { lock.unlock() }
        return results[i]
    }
}
