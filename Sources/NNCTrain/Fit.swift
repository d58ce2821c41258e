import Foundation
import NNCDiagnostics
import NNCRuntime

/// How a fit's progress is measured for classifiers.
public enum AccuracyKind: String, Sendable {
    /// The largest output names the class (softmax with categorical cross-entropy).
    case categorical
    /// One output per class decision, above 0.5 means 1 (sigmoid with binary cross-entropy).
    case binary
}

/// When checkpoints are written during training (one is always written at the end).
public enum CheckpointPolicy: Sendable, Equatable {
    /// After every `n` epochs.
    case epochs(Int)
    /// After the first epoch that ends at least this many seconds after the last checkpoint.
    case seconds(Double)

    /// nnc's default: every 10 seconds of training, so a crash loses little
    /// and a fast fit does not spend its time writing files.
    public static let standard = CheckpointPolicy.seconds(10)
}

/// Everything one fit needs besides its engine and data.
public struct FitOptions: Sendable {
    /// Train until this epoch (counted from the start of the run, resumes included).
    public var epochs: Int
    public var patience: Int?
    public var minDelta: Double
    /// Write the best validation epoch's weights as `weights.safetensors` (else the last).
    public var restoreBest: Bool
    public var checkpoints: CheckpointPolicy
    /// The folder of this fit's files.
    public var folder: String
    public var replica: Int
    /// Replicas in the run (messages name the replica when there are several).
    public var replicas: Int
    public var seeds: ReplicaSeeds
    /// The seed reported in the summary (the spec's training seed).
    public var trainingSeed: UInt64
    public var layout: ParameterLayout
    public var planHash: String
    public var optimizer: String
    public var learningRate: Double
    public var accuracy: AccuracyKind?
    /// Continue from `folder/checkpoint.safetensors`.
    public var resume: Bool
    /// Start from these weights (after initialisation, before the first step).
    public var initialWeights: [Float]?
    /// Where a non-finite loss is reported (the optimizer in the spec).
    public var optimizerSpan: SourceSpan
    /// The physics costs (observables, constraints) of this fit; nil without them.
    public var physics: PhysicsFit?
    /// Write the fit's files (metrics, checkpoints, weights, summary). A
    /// hyperopt trial keeps everything in memory: only its reward is stored.
    public var writesFiles = true

    public init(
        epochs: Int, patience: Int? = nil, minDelta: Double = 0, restoreBest: Bool = true,
        checkpoints: CheckpointPolicy = .standard, folder: String, replica: Int = 0, replicas: Int = 1, seeds: ReplicaSeeds,
        trainingSeed: UInt64, layout: ParameterLayout, planHash: String, optimizer: String, learningRate: Double,
        accuracy: AccuracyKind? = nil, resume: Bool = false, initialWeights: [Float]? = nil, optimizerSpan: SourceSpan
    ) {
        self.epochs = epochs
        self.patience = patience
        self.minDelta = minDelta
        self.restoreBest = restoreBest
        self.checkpoints = checkpoints
        self.folder = folder
        self.replica = replica
        self.replicas = replicas
        self.seeds = seeds
        self.trainingSeed = trainingSeed
        self.layout = layout
        self.planHash = planHash
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.accuracy = accuracy
        self.resume = resume
        self.initialWeights = initialWeights
        self.optimizerSpan = optimizerSpan
    }

    public var checkpointPath: String { folder + "/checkpoint.safetensors" }
    public var observablesPath: String { folder + "/observables.csv" }
    public var weightsPath: String { folder + "/weights.safetensors" }
    public var metricsPath: String { folder + "/metrics.csv" }
    public var summaryPath: String { folder + "/summary.json" }
}

/// One epoch's news, for progress displays.
public struct FitProgress: Sendable {
    public var replica: Int
    public var epoch: Int
    public var epochs: Int
    public var trainLoss: Double
    public var validationLoss: Double?
    public var bestValidationLoss: Double?
    public var validationAccuracy: Double?
    public var seconds: Double

    public init(
        replica: Int, epoch: Int, epochs: Int, trainLoss: Double, validationLoss: Double?,
        bestValidationLoss: Double?, validationAccuracy: Double?, seconds: Double
    ) {
        self.replica = replica
        self.epoch = epoch
        self.epochs = epochs
        self.trainLoss = trainLoss
        self.validationLoss = validationLoss
        self.bestValidationLoss = bestValidationLoss
        self.validationAccuracy = validationAccuracy
        self.seconds = seconds
    }
}

/// A request to stop training early (Ctrl-C), checked at the end of every epoch.
public final class StopRequest: @unchecked Sendable {
    private let lock = NSLock()
    private var requested = false

    public init() {}

    public func request() {
        lock.lock()
        requested = true
        lock.unlock()
    }

    public var isRequested: Bool {
        lock.lock()
        defer { lock.unlock() }
        return requested
    }
}

/// The training loop of one fit: epochs of batches, validation every epoch,
/// look-back stopping, checkpoints, metrics and the fit's files.
///
/// Everything that influences the weights — initial weights, optimiser state
/// and step count, the batch-order and dropout generators, the best-so-far
/// state — is in the checkpoint, so a resumed fit ends with exactly the
/// weights of an uninterrupted one. Checkpoints are taken at epoch ends.
public enum Fit {
    public static func run<Engine: TrainingEngine>(
        engine: inout Engine, train: DataSet, validation: DataSet?, options: FitOptions,
        stop: StopRequest? = nil, progress: (FitProgress) -> Void = { _ in }
    ) throws -> FitSummary {
        let clock = Date()
        var schedule = BatchSchedule(count: train.count, batchSize: engine.batchCapacity, seed: options.seeds.batches)
        let validates = (validation?.count ?? 0) > 0 || options.physics?.hasValidation == true
        var stopping = EarlyStopping(patience: validates ? options.patience : nil, minDelta: options.minDelta)
        var best: [Float]?
        var startEpoch = 0
        var elapsedBefore = 0.0

        if options.resume {
            guard FileManager.default.fileExists(atPath: options.checkpointPath) else {
                throw TrainError(Diagnostic(
                    .nothingToTrain, span: .wholeFile(options.checkpointPath),
                    message: "--resume found no checkpoint at '\(options.checkpointPath)'",
                    notes: [DiagnosticNote("resume with the --out folder of the run that wrote it, or train without --resume")]))
            }
            let c = try Checkpoint.read(
                path: options.checkpointPath, layout: options.layout, planHash: options.planHash,
                optimizer: options.optimizer, moments: engine.moments.count, stopping: stopping)
            copy(c.parameters, into: engine.parameters)
            for (slab, values) in zip(engine.moments, c.moments) { copy(values, into: slab) }
            engine.optimizerSteps = c.step
            if let words = c.generators["batch"] { schedule.state = words }
            if let words = c.generators["engine"] { engine.generatorState = words }
            stopping = c.stopping
            best = c.bestParameters
            startEpoch = c.epoch
            elapsedBefore = c.elapsedSeconds
        } else {
            engine.initialize(seed: options.seeds.initialization)
            engine.generatorState = RandomGenerator(seed: options.seeds.dropout).stateWords
            if let w = options.initialWeights { copy(w, into: engine.parameters) }
        }

        let physics = options.physics
        if let physics { engine.prepare(physics: physics.data, values: physics.values) }
        let readout = physics?.readout(of: engine)
        let metrics = !options.writesFiles ? nil : try MetricsLog(path: options.metricsPath, accuracy: options.accuracy != nil,
                                     extraColumns: physics?.constraintNames ?? [], resumeAfter: options.resume ? startEpoch : nil)
        let fixedGrids = engine.hasFixedGrids
        let plainValidation = validation.flatMap { $0.count > 0 ? $0 : nil }
        var startOfEpoch = [Float](repeating: 0, count: fixedGrids ? engine.parameters.count : 0)
        var lastCheckpointTime = Date()
        var lastCheckpointEpoch = options.resume ? startEpoch : -1
        var epoch = startEpoch
        var reason = StopReason.epochs
        var last: EpochMetrics?
        var evaluation = Evaluator(capacity: engine.batchCapacity)
        // Each epoch's constraint values, written in place (an epoch allocates nothing for them).
        var extras = [Double](repeating: 0, count: physics?.constraintNames.count ?? 0)

        func seconds() -> Double { elapsedBefore + Date().timeIntervalSince(clock) }

        func checkpoint() throws {
            guard options.writesFiles else { return }
            let c = Checkpoint(
                planHash: options.planHash, optimizer: options.optimizer, epoch: epoch, step: engine.optimizerSteps,
                parameters: Array(engine.parameters), moments: engine.moments.map { Array($0) },
                bestParameters: best, stopping: stopping,
                generators: ["batch": schedule.state, "engine": engine.generatorState],
                elapsedSeconds: seconds(), replica: options.replica)
            try metrics?.flush()
            try c.write(to: options.checkpointPath, layout: options.layout)
            lastCheckpointTime = Date()
            lastCheckpointEpoch = epoch
        }

        if stopping.shouldStop {
            reason = .patience
        }
        while epoch < options.epochs && reason == .epochs {
            epoch += 1
            physics?.setMultipliers(&engine, atEpoch: epoch - 1)
            schedule.nextEpoch()
            var sum = 0.0
            var trainLoss: Double
            var validationLoss: Double?
            var validationAccuracy: Double?
            var positive = true
            if fixedGrids {
                // Full batch, one step on the fixed grids and every plain point.
                // The step measures the observables' validation rows and the
                // constraints on the weights it starts from, so every figure of
                // this epoch is of those weights (plain validation points are
                // evaluated on them too, first), and they are the epoch's
                // candidate best weights.
                startOfEpoch.withUnsafeMutableBufferPointer { _ = $0.initialize(from: engine.parameters) }
                if let plainValidation {
                    let r = evaluation.run(&engine, plainValidation, accuracy: options.accuracy)
                    validationLoss = r.loss
                    validationAccuracy = r.accuracy
                }
                let indices = schedule.batchesPerEpoch > 0 ? schedule.batch(0) : ArraySlice<Int>()
                engine.load(train, indices: indices)
                trainLoss = engine.trainStep(count: indices.count)
                if let physics, let readout {
                    if physics.hasValidation { validationLoss = (validationLoss ?? 0) + engine.stepValidationLoss }
                    positive = readout.positivitySatisfied()
                    readout.constraintValues(into: &extras)
                }
            } else {
                for b in 0..<schedule.batchesPerEpoch {
                    let indices = schedule.batch(b)
                    engine.load(train, indices: indices)
                    sum += engine.trainStep(count: indices.count) * Double(indices.count)
                }
                trainLoss = sum / Double(train.count)
            }
            var trainAccuracy: Double?
            if let kind = options.accuracy {
                trainAccuracy = evaluation.run(&engine, train, accuracy: kind).accuracy
            }
            if !fixedGrids, let plainValidation {
                let r = evaluation.run(&engine, plainValidation, accuracy: options.accuracy)
                validationLoss = r.loss
                validationAccuracy = r.accuracy
            }
            var row = EpochMetrics(
                epoch: epoch, trainLoss: trainLoss, validationLoss: validationLoss, learningRate: options.learningRate,
                seconds: seconds(), trainAccuracy: trainAccuracy, validationAccuracy: validationAccuracy)
            row.extras = extras
            try metrics?.append(row)
            // Leave `extras` the only owner of its storage, so the next epoch writes it in place.
            row.extras = []

            if !trainLoss.isFinite || !(validationLoss?.isFinite ?? true) {
                try metrics?.flush()
                reason = .nonFiniteLoss
                last = row
                try writeSummary(options: options, reason: reason, epochs: epoch, stopping: stopping, last: row, seconds: seconds(), weights: "none")
                let which = trainLoss.isFinite ? "validation" : "training"
                let value = trainLoss.isFinite ? validationLoss! : trainLoss
                var notes = [DiagnosticNote(lastCheckpointEpoch > 0
                    ? "the last good checkpoint, of epoch \(lastCheckpointEpoch), is kept at \(options.checkpointPath)"
                    : "no checkpoint had been written yet; nothing was saved")]
                notes.append(DiagnosticNote("lower the learning rate, add clipnorm, or scale inputs and targets to order one"))
                throw TrainError(Diagnostic(
                    .lossNotFinite, span: options.optimizerSpan,
                    message: "the \(which) loss became \(value.isNaN ? "nan" : "\(value)") at epoch \(epoch)" + (options.replicas > 1 ? " of replica \(options.replica)" : ""),
                    label: "training diverged with these settings", notes: notes))
            }

            // An epoch whose positivity is violated is never a stopping candidate
            // (it counts against the patience all the same).
            if validationLoss != nil, !positive { stopping.pass() }
            if let validationLoss, positive, stopping.record(loss: validationLoss, epoch: epoch) {
                stopping.bestAccuracy = validationAccuracy
                if best == nil { best = [Float](repeating: 0, count: engine.parameters.count) }
                // Copied into `best`'s own storage: sharing it would make the next
                // write to `startOfEpoch` copy the array.
                best!.withUnsafeMutableBufferPointer { dst in
                    if fixedGrids {
                        startOfEpoch.withUnsafeBufferPointer { _ = dst.initialize(from: $0) }
                    } else {
                        _ = dst.initialize(from: engine.parameters)
                    }
                }
            }
            last = row
            progress(FitProgress(
                replica: options.replica, epoch: epoch, epochs: options.epochs, trainLoss: trainLoss,
                validationLoss: validationLoss, bestValidationLoss: stopping.bestEpoch > 0 ? stopping.bestLoss : nil,
                validationAccuracy: validationAccuracy, seconds: row.seconds))

            if stopping.shouldStop {
                reason = .patience
            } else if stop?.isRequested == true {
                reason = .interrupted
            } else {
                switch options.checkpoints {
                case .epochs(let n):
                    if n > 0 && epoch % n == 0 { try checkpoint() }
                case .seconds(let s):
                    if Date().timeIntervalSince(lastCheckpointTime) >= s { try checkpoint() }
                }
            }
        }
        if lastCheckpointEpoch != epoch { try checkpoint() }
        try metrics?.flush()

        let hasValidation = plainValidation != nil || physics?.hasValidation == true
        let useBest = hasValidation && options.restoreBest && best != nil
        let weights = useBest ? best! : Array(engine.parameters)
        if options.writesFiles {
            try SafeTensors(tensors: options.layout.tensors(of: weights), metadata: [
                "format": "pt",
                "nnc_weights": useBest ? "best" : "last",
                "epoch": String(useBest ? stopping.bestEpoch : epoch),
            ]).write(to: options.weightsPath)
        }
        var outcome: PhysicsOutcome?
        if let physics {
            // The observables and constraints at the weights written.
            copy(weights, into: engine.parameters)
            let m = engine.monitor()
            outcome = physics.outcome(m, everPositive: hasValidation ? stopping.bestEpoch > 0 : physics.positivitySatisfied(m))
            if options.writesFiles { try AtomicFile.write(physics.observablesCSV(m), to: options.observablesPath) }
        }
        return try writeSummary(options: options, reason: reason, epochs: epoch, stopping: stopping, last: last,
                                seconds: seconds(), weights: useBest ? "best" : "last", physics: outcome)
    }

    @discardableResult
    static func writeSummary(
        options: FitOptions, reason: StopReason, epochs: Int, stopping: EarlyStopping, last: EpochMetrics?,
        seconds: Double, weights: String, physics: PhysicsOutcome? = nil
    ) throws -> FitSummary {
        var s = FitSummary(
            replica: options.replica, seed: options.trainingSeed, epochsRun: epochs, stopReason: reason,
            bestEpoch: stopping.bestEpoch > 0 ? stopping.bestEpoch : nil,
            bestValidationLoss: stopping.bestEpoch > 0 ? stopping.bestLoss : nil,
            bestValidationAccuracy: stopping.bestEpoch > 0 ? stopping.bestAccuracy : nil,
            finalTrainLoss: last?.trainLoss, finalValidationLoss: last?.validationLoss,
            finalTrainAccuracy: last?.trainAccuracy, finalValidationAccuracy: last?.validationAccuracy,
            weights: weights, seconds: seconds)
        if let physics {
            s.constraints = physics.constraints.isEmpty ? nil : physics.constraints
            s.failed = physics.failure
            s.theory = physics.theory
        }
        if options.writesFiles { try AtomicFile.write(RunSummary.json(s), to: options.summaryPath) }
        return s
    }

    static func copy(_ values: [Float], into slab: UnsafeMutableBufferPointer<Float>) {
        for i in 0..<min(values.count, slab.count) { slab[i] = values[i] }
    }

    /// The sub-folder of replica `r`: `replica_000`, `replica_001`, ...
    public static func replicaFolderName(_ r: Int) -> String {
        "replica_" + String(repeating: "0", count: max(0, 3 - String(r).count)) + String(r)
    }
}

/// Mean loss (and accuracy) of a whole data set, in chunks of the engine's batch capacity.
struct Evaluator {
    var indices: [Int] = []
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
    }

    mutating func run<Engine: TrainingEngine>(_ engine: inout Engine, _ data: DataSet, accuracy: AccuracyKind?) -> (loss: Double, accuracy: Double?) {
        if indices.count < data.count { indices = Array(0..<data.count) }
        var sum = 0.0
        var correct = 0
        var start = 0
        while start < data.count {
            let n = min(capacity, data.count - start)
            let chunk = indices[start..<(start + n)]
            engine.load(data, indices: chunk)
            sum += engine.evaluate(count: n) * Double(n)
            if let accuracy {
                for k in 0..<n {
                    if Self.isCorrect(engine, data, point: start + k, slot: k, accuracy) { correct += 1 }
                }
            }
            start += n
        }
        return (sum / Double(data.count), accuracy == nil ? nil : Double(correct) / Double(data.count))
    }

    static func isCorrect<Engine: TrainingEngine>(_ engine: Engine, _ data: DataSet, point: Int, slot: Int, _ kind: AccuracyKind) -> Bool {
        switch kind {
        case .categorical:
            var bestOut = 0, bestTarget = 0
            for o in 1..<max(data.outputCount, 1) {
                if engine.output(o, point: slot) > engine.output(bestOut, point: slot) { bestOut = o }
                if data.target(o, point) > data.target(bestTarget, point) { bestTarget = o }
            }
            return bestOut == bestTarget
        case .binary:
            for o in 0..<data.outputCount where (engine.output(o, point: slot) > 0.5) != (data.target(o, point) > 0.5) {
                return false
            }
            return true
        }
    }
}
