import Foundation
import NNCDiagnostics
import NNCRuntime
import NNCVocabulary

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
    /// Write the best validation epoch's weights as `weights.safetensors`
    /// (`training.keep: best`), else the last (`keep: last`).
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
    /// What the checkpoint records of the run, and a resumed checkpoint must match.
    public var identity: RunIdentity
    public var planHash: String {
        get { identity.planHash }
        set { identity.planHash = newValue }
    }
    public var optimizer: String
    /// The constant learning rate, or a schedule's initial one.
    public var learningRate: Double
    /// The learning rate over the epochs (`learning_rate: {cosine: ...}`); nil for a constant rate.
    public var schedule: LearningRateSchedule?
    public var accuracy: AccuracyKind?
    /// Continue from `folder/checkpoint.safetensors`.
    public var resume: Bool
    /// Start from these weights (after initialisation, before the first step).
    public var initialWeights: [Float]?
    /// Where a non-finite loss is reported (the optimizer in the spec).
    public var optimizerSpan: SourceSpan
    /// The physics costs (observables, constraints) of this fit; nil without them.
    public var physics: PhysicsFit?
    /// A stop or checkpoint request is served at the next step instead of
    /// the epoch's end when the rest of the epoch would take longer than this.
    public var longEpochRemainder: TimeInterval = 1
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
        self.identity = RunIdentity(planHash: planHash)
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

/// The training loop of one fit: epochs of batches, validation every epoch,
/// look-back stopping, checkpoints, metrics and the fit's files.
///
/// Everything that influences the weights — initial weights, optimiser state
/// and step count, the batch-order and dropout generators, the best-so-far
/// state — is in the checkpoint, so a resumed fit ends with exactly the
/// weights of an uninterrupted one. Checkpoints are taken at epoch ends.
public enum Fit {
    /// Trains the fit; a diverging loss is thrown as E0715 (after the fit's
    /// summary is written), like every other failure.
    public static func run<Engine: TrainingEngine>(
        engine: inout Engine, train: DataSet, validation: DataSet?, options: FitOptions,
        stop: StopRequest? = nil, progress: (FitProgress) -> Void = { _ in }
    ) throws -> FitSummary {
        let s = try self.train(engine: &engine, train: train, validation: validation, options: options, stop: stop, progress: progress)
        if let d = s.diagnostic { throw TrainError(d) }
        return s
    }

    /// Trains the fit; a diverging loss ends it with a summary marked failed
    /// that carries the E0715 diagnostic (so a run of replicas goes on).
    /// Other failures (files, checkpoints) are thrown.
    public static func train<Engine: TrainingEngine>(
        engine: inout Engine, train: DataSet, validation: DataSet?, options: FitOptions,
        stop: StopRequest? = nil, progress: (FitProgress) -> Void = { _ in }
    ) throws -> FitSummary {
        let clock = Date()
        var schedule = BatchSchedule(count: train.count, batchSize: engine.batchCapacity, seed: options.seeds.batches)
        let validates = (validation?.count ?? 0) > 0 || options.physics?.hasValidation == true
        var stopping = EarlyStopping(patience: validates ? options.patience : nil, minDelta: options.minDelta)
        var best: [Float]?
        // Epochs completed, and the steps already taken into the next one (a
        // checkpoint written inside a long epoch) with their summed loss.
        var completed = 0
        var resumeBatch = 0
        var resumeLoss = 0.0
        var elapsedBefore = 0.0
        // A plateau schedule's rate, best loss and epochs since it.
        var rateState = options.schedule?.start
        var learningRate = options.learningRate

        if options.resume {
            guard FileManager.default.fileExists(atPath: options.checkpointPath) else {
                throw TrainError(Diagnostic(
                    .nothingToTrain, span: .wholeFile(options.checkpointPath),
                    message: "--resume found no checkpoint at '\(options.checkpointPath)'",
                    notes: [DiagnosticNote("resume with the --out folder of the run that wrote it, or train without --resume")]))
            }
            let c = try Checkpoint.read(
                path: options.checkpointPath, layout: options.layout, identity: options.identity,
                optimizer: options.optimizer, moments: engine.moments.count, stopping: stopping)
            copy(c.parameters, into: engine.parameters)
            for (slab, values) in zip(engine.moments, c.moments) { copy(values, into: slab) }
            engine.optimizerSteps = c.step
            if let words = c.generators["batch"] { schedule.state = words }
            if let words = c.generators["engine"] { engine.generatorState = words }
            stopping = c.stopping
            if let saved = c.schedule { rateState = saved }
            best = c.bestParameters
            completed = c.epoch
            resumeBatch = c.batch
            resumeLoss = c.partialLoss
            elapsedBefore = c.elapsedSeconds
        } else {
            engine.initialize(seed: options.seeds.initialization)
            engine.generatorState = RandomGenerator(seed: options.seeds.dropout).stateWords
            if let w = options.initialWeights { copy(w, into: engine.parameters) }
        }
        stop?.ledger.started(options.folder, checkpoint: options.resume ? (completed, resumeBatch) : nil)

        let physics = options.physics
        if let physics { engine.prepare(physics: physics.data, values: physics.values) }
        let readout = physics?.readout(of: engine)
        let metrics = !options.writesFiles ? nil : try MetricsLog(path: options.metricsPath, accuracy: options.accuracy != nil,
                                     extraColumns: physics?.constraintNames ?? [], resumeAfter: options.resume ? completed : nil)
        let fixedGrids = engine.hasFixedGrids
        let plainValidation = validation.flatMap { $0.count > 0 ? $0 : nil }
        var startOfEpoch = [Float](repeating: 0, count: fixedGrids ? engine.parameters.count : 0)
        var lastCheckpointTime = Date()
        var lastCheckpoint: (epoch: Int, batch: Int)? = options.resume ? (completed, resumeBatch) : nil
        var reason = StopReason.epochs
        var last: EpochMetrics?
        var evaluation = Evaluator(capacity: engine.batchCapacity)
        // Each epoch's constraint values, written in place (an epoch allocates nothing for them).
        var extras = [Double](repeating: 0, count: physics?.constraintNames.count ?? 0)
        // The batch generator's state before the current epoch's shuffle: what
        // a checkpoint inside the epoch records, so a resume shuffles alike.
        var orderState = schedule.state
        // Checkpoint requests (SIGUSR1) already served.
        var served = stop?.checkpointRequests ?? 0
        // Steps taken into epoch `completed + 1` when a stop came inside it.
        var stoppedInside = 0

        func seconds() -> Double { elapsedBefore + Date().timeIntervalSince(clock) }

        func checkpoint(batch: Int = 0, partialLoss: Double = 0) throws {
            guard options.writesFiles else { return }
            var c = Checkpoint(
                identity: options.identity, optimizer: options.optimizer, epoch: completed, batch: batch,
                partialLoss: partialLoss, step: engine.optimizerSteps,
                parameters: Array(engine.parameters), moments: engine.moments.map { Array($0) },
                bestParameters: best, stopping: stopping,
                generators: ["batch": batch > 0 ? orderState : schedule.state, "engine": engine.generatorState],
                elapsedSeconds: seconds(), replica: options.replica)
            c.schedule = options.schedule?.kind == .plateau ? rateState : nil
            try metrics?.flush()
            try c.write(to: options.checkpointPath, layout: options.layout)
            lastCheckpointTime = Date()
            lastCheckpoint = (completed, batch)
            stop?.ledger.checkpointWritten(options.folder, epoch: completed, step: batch)
        }

        // Whether a stop or checkpoint request waits that this step should serve.
        func pending(_ stop: StopRequest) -> Bool {
            stop.isRequested || stop.checkpointRequests != served
        }

        if stopping.shouldStop {
            reason = .patience
        }
        epochs: while completed < options.epochs && reason == .epochs {
            let epoch = completed + 1
            physics?.setMultipliers(&engine, atEpoch: epoch - 1)
            if let s = options.schedule {
                learningRate = s.kind == .plateau ? rateState?.rate ?? s.initial : s.rate(afterEpochs: epoch - 1)
                engine.setLearningRate(learningRate)
            }
            orderState = schedule.state
            schedule.nextEpoch()
            let epochClock = Date()
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
                var sum = resumeLoss
                let first = resumeBatch
                let batches = schedule.batchesPerEpoch
                resumeBatch = 0
                resumeLoss = 0
                for b in first..<batches {
                    let indices = schedule.batch(b)
                    engine.load(train, indices: indices)
                    sum += engine.trainStep(count: indices.count) * Double(indices.count)
                    // In a long epoch a request is served at this step, not at the epoch's end.
                    if b + 1 < batches, let stop, pending(stop),
                       isLong(since: epochClock, done: b + 1 - first, left: batches - b - 1, limit: options.longEpochRemainder) {
                        served = stop.checkpointRequests
                        try checkpoint(batch: b + 1, partialLoss: sum)
                        if stop.isRequested {
                            stoppedInside = b + 1
                            reason = .interrupted
                            break epochs
                        }
                    }
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
                epoch: epoch, trainLoss: trainLoss, validationLoss: validationLoss, learningRate: learningRate,
                seconds: seconds(), trainAccuracy: trainAccuracy, validationAccuracy: validationAccuracy)
            row.extras = extras
            try metrics?.append(row)
            completed = epoch

            if !trainLoss.isFinite || !(validationLoss?.isFinite ?? true) {
                try metrics?.flush()
                reason = .nonFiniteLoss
                last = row
                let which = trainLoss.isFinite ? "validation" : "training"
                let value = trainLoss.isFinite ? validationLoss! : trainLoss
                let what = "the \(which) loss became \(value.isNaN ? "nan" : "\(value)") at epoch \(epoch)"
                var failed = try writeSummary(options: options, reason: reason, epochs: epoch, stopping: stopping, last: row,
                                              seconds: seconds(), weights: "none", failed: what)
                stop?.ledger.ended(options.folder)
                var notes = [DiagnosticNote(lastCheckpoint.map { $0.epoch > 0 || $0.batch > 0 } ?? false
                    ? "the last good checkpoint, of epoch \(lastCheckpoint!.epoch), is kept at \(options.checkpointPath)"
                    : "no checkpoint had been written yet; nothing was saved")]
                notes.append(DiagnosticNote("lower the learning rate, add clipnorm, or scale inputs and targets to order one"))
                failed.diagnostic = Diagnostic(
                    .lossNotFinite, span: options.optimizerSpan,
                    message: what + (options.replicas > 1 ? " of \(replicaFolderName(options.replica))" : ""),
                    label: "training diverged with these settings", notes: notes)
                return failed
            }

            // An epoch whose positivity is violated is never a stopping candidate
            // (it counts against the patience all the same).
            if let s = options.schedule, rateState != nil { s.record(loss: validationLoss ?? trainLoss, in: &rateState!) }
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
            // `extras` stays the only owner of its storage, written in place
            // every epoch; `last` gets the final values after the loop.
            row.extras = []
            last = row
            progress(FitProgress(
                replica: options.replica, epoch: epoch, epochs: options.epochs, trainLoss: trainLoss,
                validationLoss: validationLoss, bestValidationLoss: stopping.bestEpoch > 0 ? stopping.bestLoss : nil,
                validationAccuracy: validationAccuracy, seconds: row.seconds))

            if stopping.shouldStop {
                reason = .patience
            } else if stop?.isRequested == true {
                reason = .interrupted
            } else if let stop, stop.checkpointRequests != served {
                served = stop.checkpointRequests
                try checkpoint()
            } else {
                switch options.checkpoints {
                case .epochs(let n):
                    if n > 0 && epoch % n == 0 { try checkpoint() }
                case .seconds(let s):
                    if Date().timeIntervalSince(lastCheckpointTime) >= s { try checkpoint() }
                }
            }
        }
        if last != nil { last!.extras = extras }
        if stoppedInside == 0 && (lastCheckpoint?.epoch != completed || lastCheckpoint?.batch != 0) { try checkpoint() }
        try metrics?.flush()

        let hasValidation = plainValidation != nil || physics?.hasValidation == true
        let useBest = hasValidation && options.restoreBest && best != nil
        let weights = useBest ? best! : Array(engine.parameters)
        if options.writesFiles {
            try SafeTensors(tensors: options.layout.tensors(of: weights), metadata: [
                "format": "pt",
                "nnc_weights": useBest ? "best" : "last",
                "epoch": String(useBest ? stopping.bestEpoch : completed),
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
        let summary = try writeSummary(
            options: options, reason: reason, epochs: completed, stopping: stopping, last: last, seconds: seconds(),
            weights: useBest ? "best" : "last", stepsIntoNextEpoch: stoppedInside,
            lastMeasured: stoppedInside == 0 && !fixedGrids, physics: outcome)
        stop?.ledger.ended(options.folder)
        return summary
    }

    /// Whether the rest of an epoch, at the pace of its first `done` steps,
    /// would take longer than `limit` seconds.
    static func isLong(since start: Date, done: Int, left: Int, limit: TimeInterval) -> Bool {
        let perStep = Date().timeIntervalSince(start) / Double(max(done, 1))
        return perStep * Double(left) > limit
    }

    @discardableResult
    static func writeSummary(
        options: FitOptions, reason: StopReason, epochs: Int, stopping: EarlyStopping, last: EpochMetrics?,
        seconds: Double, weights: String, stepsIntoNextEpoch: Int = 0, lastMeasured: Bool = true, failed: String? = nil,
        physics: PhysicsOutcome? = nil
    ) throws -> FitSummary {
        let bestKnown = stopping.bestEpoch > 0
        var s = FitSummary(
            replica: options.replica, seed: options.trainingSeed, epochsRun: epochs, stopReason: reason,
            bestEpoch: bestKnown ? stopping.bestEpoch : nil,
            bestValidationLoss: bestKnown ? stopping.bestLoss : nil,
            bestValidationAccuracy: bestKnown ? stopping.bestAccuracy : nil,
            finalTrainLoss: last?.trainLoss, finalValidationLoss: last?.validationLoss,
            finalTrainAccuracy: last?.trainAccuracy, finalValidationAccuracy: last?.validationAccuracy,
            weights: weights, seconds: seconds)
        s.seeds = options.seeds
        s.stepsIntoNextEpoch = stepsIntoNextEpoch > 0 ? stepsIntoNextEpoch : nil
        // The figures of the weights written: the best epoch's, or the last epoch's
        // (unmeasured when a signal stopped the fit inside an epoch, or when the
        // epoch's figures are of the weights it started from: fixed grids).
        switch weights {
        case "best":
            s.weightsEpoch = s.bestEpoch
            s.weightsValidationLoss = s.bestValidationLoss
            s.weightsValidationAccuracy = s.bestValidationAccuracy
        case "last":
            s.weightsEpoch = epochs
            if lastMeasured {
                s.weightsValidationLoss = last?.validationLoss
                s.weightsValidationAccuracy = last?.validationAccuracy
            }
        default:
            break
        }
        if let physics {
            s.constraints = physics.constraints.isEmpty ? nil : physics.constraints
            // Positivity is judged on a complete fit; an interrupted one may yet satisfy it.
            if let failure = physics.failure, reason == .epochs || reason == .patience { s.fail(failure) }
            s.theory = physics.theory
        }
        if let failed { s.fail(failed) }
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
