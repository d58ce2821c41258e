import Foundation
import NNCDiagnostics
import NNCLowering
import NNCPlan
import NNCRuntime
import NNCSpec

/// What `nnc train` asks for beyond the spec.
public struct TrainOptions: Sendable {
    /// The run folder (`runs/<name>/` by default).
    public var folder: String
    /// Overrides `training.epochs` (the total, resumes included).
    public var epochs: Int?
    /// Continue from the run folder's checkpoints (E0717 when it has none).
    public var resume: Bool
    /// Start over in a folder that holds an earlier run's checkpoint, removing
    /// that run's files (without it, E0723).
    public var force: Bool
    /// A safetensors file to start from (weights, or a checkpoint's current weights).
    public var initPath: String?
    public var checkpoints: CheckpointPolicy
    /// Worker threads for replicas; default: the machine's active cores.
    public var threads: Int
    /// Recorded in `summary.json` (the command line's version).
    public var nncVersion: String?
    /// The command line, recorded in the run folder's lock file for the
    /// message another process gets (E0722).
    public var command: String
    /// Hears what the run wants the user to know before it trains (a folder
    /// that cannot be locked on its file system).
    public var note: @Sendable (String) -> Void

    public init(
        folder: String, epochs: Int? = nil, resume: Bool = false, force: Bool = false, initPath: String? = nil,
        checkpoints: CheckpointPolicy = .standard, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        nncVersion: String? = nil, command: String = "nnc train", note: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.nncVersion = nncVersion
        self.folder = folder
        self.epochs = epochs
        self.resume = resume
        self.force = force
        self.initPath = initPath
        self.checkpoints = checkpoints
        self.threads = max(1, threads)
        self.command = command
        self.note = note
    }
}

/// Runs every fit of a spec — one, or `replicas` independent ones — and
/// writes the run's files. Replicas run concurrently, one engine (one arena)
/// each, on up to `threads` worker threads; each replica's result depends only
/// on its own seeds, so the weights are the same whatever the thread count.
///
/// The run folder is locked while the run trains (E0722 for a second
/// process), checked against `--resume` and `--force` (E0717, E0723, E0714),
/// and ends with a `summary.json` listing every replica with its status —
/// finished, stopped early, interrupted, not started, failed and why — and
/// ensemble figures over the complete ones. A fit that fails does not stop
/// the others: its diagnostics come back in `RunSummary.diagnostics`.
public enum Trainer {
    /// Trains `spec` with the interpreter over `plan` (one thread a replica;
    /// a single fit may split its large products across `threads`, by rows,
    /// so the result does not depend on the count).
    public static func run(
        spec: Spec, plan: Plan, data: TrainingData, physics: PhysicsData? = nil, options: TrainOptions,
        stop: StopRequest? = nil, progress: @escaping @Sendable (FitProgress) -> Void = { _ in }
    ) throws -> RunSummary {
        let replicas = max(1, spec.training.replicas.value)
        let threads = replicas == 1 ? options.threads : 1
        return try run(
            spec: spec, data: data, physics: physics, layout: ParameterLayout(plan: plan), planHash: planHash(plan),
            options: options, stop: stop, progress: progress,
            makeEngine: { _ in try InterpreterEngine(plan: plan, threads: threads) })
    }

    /// The hash a checkpoint records of `plan`.
    public static func planHash(_ plan: Plan) -> String {
        SHA256.hex((try? plan.jsonData(pretty: false)) ?? Data())
    }

    public static func run<Engine: TrainingEngine>(
        spec: Spec, data: TrainingData, physics: PhysicsData? = nil, layout: ParameterLayout, planHash: String,
        options: TrainOptions, stop: StopRequest? = nil, progress: @escaping @Sendable (FitProgress) -> Void = { _ in },
        makeEngine: @escaping @Sendable (Int) throws -> Engine
    ) throws -> RunSummary {
        let clock = Date()
        let replicas = max(1, spec.training.replicas.value)
        try RunFolder.create(options.folder)
        let lock = try RunFolderLock.acquire(folder: options.folder, command: options.command)
        defer { lock.release() }
        if let reason = lock.unsupported {
            options.note("the file system of '\(options.folder)' cannot lock it (\(reason)): nothing stops another process from training into it at the same time")
        }
        let identity = RunIdentity(spec: spec, planHash: planHash)
        try RunFolder.prepare(options.folder, resume: options.resume, force: options.force, identity: identity)
        try AtomicFile.write(spec.resolvedYAML(), to: options.folder + "/spec.resolved.yaml")
        let initial = try options.initPath.map { try initialWeights(path: $0, layout: layout) }

        let results = ResultBox(count: replicas)
        let next = Counter()
        let workers = min(options.threads, replicas)
        let group = DispatchGroup()
        for _ in 0..<workers {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                while let r = next.take(below: replicas) {
                    // After a stop request, replicas not yet begun stay so; `--resume` starts them.
                    if stop?.isRequested == true { continue }
                    do {
                        let s = try replica(
                            r, spec: spec, data: data, physics: physics, layout: layout, identity: identity,
                            options: options, initial: initial, stop: stop, progress: progress, makeEngine: makeEngine)
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
            let seeds = ReplicaSeeds(trainingSeed: spec.training.seed.value, replica: r)
            switch results.get(r) {
            case .success(let s)?:
                fits.append(s)
                if let d = s.diagnostic { diagnostics.append(d) }
            case .failure(let e)?:
                let found = (e as? TrainError)?.diagnostics ?? [Diagnostic(
                    .cannotWriteOutput, span: .wholeFile(options.folder), message: "\(fitName(r, replicas)) failed: \(e)")]
                diagnostics += found
                fits.append(.failure(replica: r, seed: spec.training.seed.value, seeds: seeds,
                                     reason: found.first.map { "\($0.code): \($0.message)" } ?? "\(e)"))
            case nil:
                // Not begun in this invocation: as an earlier one left it (a resumed
                // run's replica interrupted before), or never begun at all.
                let folder = replicas > 1 ? options.folder + "/" + Fit.replicaFolderName(r) : options.folder
                if options.resume, FileManager.default.fileExists(atPath: folder + "/" + RunFolder.checkpointFile),
                   let earlier = RunSummary.read(FitSummary.self, path: folder + "/summary.json")
                    ?? RunSummary.read(RunSummary.self, path: folder + "/summary.json")?.replicas.first,
                   earlier.replica == r {
                    fits.append(earlier)
                } else {
                    fits.append(.notStarted(replica: r, seed: spec.training.seed.value, seeds: seeds))
                }
            }
        }
        var summary = RunSummary(
            name: spec.name.value, trainPoints: data.train.count, validationPoints: data.validation?.count ?? 0,
            parameters: layout.entries.reduce(0) { $0 + $1.count }, seconds: Date().timeIntervalSince(clock), replicas: fits)
        if let physics {
            summary.closure = ClosureStatistics.compute(data: physics, fits: summary.complete.compactMap(\.theory))
        }
        summary.spec = spec.sources.first.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        summary.machine = Machine.description
        summary.nncVersion = options.nncVersion
        try AtomicFile.write(RunSummary.json(summary), to: options.folder + "/summary.json")
        summary.diagnostics = mergingDivergences(diagnostics, replicas: replicas)
        return summary
    }

    /// Replicas that diverged alike are one E0715 listing each, not one
    /// diagnostic a replica.
    static func mergingDivergences(_ diagnostics: [Diagnostic], replicas: Int) -> [Diagnostic] {
        let diverged = diagnostics.filter { $0.code == .lossNotFinite }
        guard diverged.count > 1, var merged = diverged.first else { return diagnostics }
        merged.message = "\(diverged.count) of \(replicas) replicas diverged: their loss became infinite or nan"
        merged.notes = diverged.map { d in
            // "the training loss became nan at epoch 2 of replica_000" → "replica_000: the training loss became nan at epoch 2"
            guard let r = d.message.range(of: " of replica_", options: .backwards) else { return DiagnosticNote(d.message) }
            return DiagnosticNote(String(d.message[d.message.index(r.lowerBound, offsetBy: 4)...]) + ": " + d.message[..<r.lowerBound])
        } + (diverged.first?.notes.suffix(1) ?? [])
        return diagnostics.filter { $0.code != .lossNotFinite } + [merged]
    }

    /// Trains replica `r` of a run into its folder (the run folder itself for a
    /// single fit): the same seeds, data fluctuation and options whoever runs
    /// it, so a replica trained by a queue worker (`nnc train --worker`) has
    /// the weights of one trained here. A diverging loss is thrown (E0715),
    /// after the replica's summary is written.
    public static func replica<Engine: TrainingEngine>(
        _ r: Int, spec: Spec, data: TrainingData, physics: PhysicsData? = nil, layout: ParameterLayout, planHash: String,
        options: TrainOptions, initial: [Float]? = nil, stop: StopRequest? = nil, progress: (FitProgress) -> Void = { _ in },
        makeEngine: (Int) throws -> Engine
    ) throws -> FitSummary {
        let s = try replica(r, spec: spec, data: data, physics: physics, layout: layout, identity: RunIdentity(spec: spec, planHash: planHash),
                            options: options, initial: initial, stop: stop, progress: progress, makeEngine: makeEngine)
        if let d = s.diagnostic { throw TrainError(d) }
        return s
    }

    /// `replica` for `run`: a replica that diverges comes back marked failed,
    /// with its diagnostic, and the run goes on. With `resume`, a replica
    /// without a checkpoint of its own had not begun, and starts now.
    static func replica<Engine: TrainingEngine>(
        _ r: Int, spec: Spec, data: TrainingData, physics: PhysicsData? = nil, layout: ParameterLayout, identity: RunIdentity,
        options: TrainOptions, initial: [Float]? = nil, stop: StopRequest? = nil, progress: (FitProgress) -> Void = { _ in },
        makeEngine: (Int) throws -> Engine
    ) throws -> FitSummary {
        let replicas = max(1, spec.training.replicas.value)
        let training = spec.training
        let stopping = training.stopping?.value
        let loss = training.loss.value.kind
        let accuracy: AccuracyKind? = loss == .categoricalCrossentropy ? .categorical : (loss == .binaryCrossentropy ? .binary : nil)
        let folder = replicas > 1 ? options.folder + "/" + Fit.replicaFolderName(r) : options.folder
        let resume = options.resume && FileManager.default.fileExists(atPath: folder + "/" + RunFolder.checkpointFile)
        try RunFolder.create(folder)
        let seeds = ReplicaSeeds(trainingSeed: training.seed.value, replica: r)
        var train = data.train
        var validation = data.validation
        if replicas > 1 {
            var rng = RandomGenerator(seed: seeds.fluctuation)
            train = train.fluctuated(&rng)
            validation = validation?.fluctuated(&rng)
        }
        var fitOptions = FitOptions(
            epochs: options.epochs ?? training.epochs.value, patience: stopping?.patience, minDelta: stopping?.minDelta ?? 0,
            restoreBest: training.keep.value == .best, checkpoints: options.checkpoints, folder: folder,
            replica: r, replicas: replicas, seeds: seeds, trainingSeed: training.seed.value, layout: layout,
            planHash: identity.planHash, optimizer: training.optimizer.value.kind.rawValue,
            learningRate: training.optimizer.value.learningRate, accuracy: accuracy, resume: resume,
            initialWeights: resume ? nil : initial, optimizerSpan: training.optimizer.span)
        fitOptions.identity = identity
        fitOptions.schedule = training.schedule?.value
        fitOptions.physics = physics.map { PhysicsFit(spec: spec, data: $0, seeds: seeds, replicas: replicas) }
        var engine = try makeEngine(r)
        return try Fit.train(engine: &engine, train: train, validation: validation, options: fitOptions, stop: stop, progress: progress)
    }

    /// `replica_002`, or `the fit` for a single one: how messages name a fit.
    static func fitName(_ r: Int, _ replicas: Int) -> String {
        replicas > 1 ? Fit.replicaFolderName(r) : "the fit"
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
