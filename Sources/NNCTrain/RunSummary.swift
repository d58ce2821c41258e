import Foundation
import NNCDiagnostics

/// Why a fit stopped.
public enum StopReason: String, Codable, Sendable {
    /// Ran the epochs asked for.
    case epochs
    /// Validation loss did not improve for `patience` epochs.
    case patience
    /// Stopped by a signal (Ctrl-C, SIGTERM); a checkpoint was written.
    case interrupted
    /// The loss became infinite or NaN.
    case nonFiniteLoss = "non_finite_loss"
    /// The run stopped (or failed) before this replica began.
    case notStarted = "not_started"
    /// The fit ended with an error other than a diverging loss (`failed` says which).
    case error
}

/// Where a fit stands, in one word: what the table and `summary.json` say.
public enum FitStatus: String, Codable, Sendable {
    /// Ran every epoch asked for.
    case finished
    /// Look-back stopping ended it (`patience`): also a complete fit.
    case stoppedEarly = "stopped_early"
    /// Stopped by a signal; `--resume` continues it.
    case interrupted
    /// Never began; `--resume` starts it.
    case notStarted = "not_started"
    /// Diverged, never satisfied positivity, or hit an error (`failed` says which).
    case failed

    /// Finished and stopped-early fits are complete: ensemble figures are over them.
    public var isComplete: Bool { self == .finished || self == .stoppedEarly }

    /// The word in tables.
    public var text: String {
        switch self {
        case .finished: return "finished"
        case .stoppedEarly: return "stopped early"
        case .interrupted: return "interrupted"
        case .notStarted: return "not started"
        case .failed: return "failed"
        }
    }
}

/// `summary.json` of one fit (one replica, or the only fit).
public struct FitSummary: Codable, Sendable, Equatable {
    public var replica: Int
    /// The spec's `training.seed` (or `--seed`), from which the fit's own seeds derive.
    public var seed: UInt64
    /// This fit's own seeds (initial weights, dropout, batch order, data fluctuation).
    public var seeds: ReplicaSeeds?
    public var status: FitStatus
    public var epochsRun: Int
    /// Steps taken into the epoch after `epochsRun` when a signal stopped the
    /// fit inside a long epoch (the checkpoint holds them); nil otherwise.
    public var stepsIntoNextEpoch: Int?
    public var stopReason: StopReason
    /// Epoch (1-based) of the lowest validation loss; nil without validation.
    public var bestEpoch: Int?
    public var bestValidationLoss: Double?
    /// For classifiers: the validation accuracy of the best epoch.
    public var bestValidationAccuracy: Double?
    public var finalTrainLoss: Double?
    public var finalValidationLoss: Double?
    public var finalTrainAccuracy: Double?
    public var finalValidationAccuracy: Double?
    /// Which weights `weights.safetensors` holds: `best`, `last` or `none`.
    public var weights: String
    /// The epoch of the weights written, and their validation loss and
    /// accuracy (the best epoch's with `keep: best`, the last epoch's with
    /// `keep: last`); nil when no weights were written or not measured.
    public var weightsEpoch: Int?
    public var weightsValidationLoss: Double?
    public var weightsValidationAccuracy: Double?
    public var seconds: Double
    /// Each constraint's value at the weights written (a sum rule's integral,
    /// a positivity constraint's smallest value); nil without constraints.
    public var constraints: [String: Double]?
    /// Why the fit failed (diverged, positivity never satisfied, an error); nil when it did not.
    public var failed: String?
    /// Each observable's theory values at the weights written, in the data
    /// files' row order (for the closure statistics; not written to JSON:
    /// `observables.csv` holds them).
    public var theory: [String: [Double]]?
    /// The diagnostic of a fit that failed while training (a diverging loss);
    /// not written to JSON, where `failed` says it in words.
    public var diagnostic: Diagnostic?

    public init(
        replica: Int, seed: UInt64, epochsRun: Int, stopReason: StopReason, bestEpoch: Int?, bestValidationLoss: Double?,
        bestValidationAccuracy: Double? = nil, finalTrainLoss: Double?, finalValidationLoss: Double?, finalTrainAccuracy: Double? = nil,
        finalValidationAccuracy: Double? = nil, weights: String, seconds: Double
    ) {
        self.replica = replica
        self.seed = seed
        self.epochsRun = epochsRun
        self.stopReason = stopReason
        self.status = Self.status(stopReason, failed: nil)
        self.bestEpoch = bestEpoch
        self.bestValidationLoss = bestValidationLoss
        self.bestValidationAccuracy = bestValidationAccuracy
        self.finalTrainLoss = finalTrainLoss
        self.finalValidationLoss = finalValidationLoss
        self.finalTrainAccuracy = finalTrainAccuracy
        self.finalValidationAccuracy = finalValidationAccuracy
        self.weights = weights
        self.seconds = seconds
    }

    /// A replica that never began.
    public static func notStarted(replica: Int, seed: UInt64, seeds: ReplicaSeeds?) -> FitSummary {
        var s = FitSummary(replica: replica, seed: seed, epochsRun: 0, stopReason: .notStarted, bestEpoch: nil,
                           bestValidationLoss: nil, finalTrainLoss: nil, finalValidationLoss: nil, weights: "none", seconds: 0)
        s.seeds = seeds
        return s
    }

    /// A replica that ended with an error before it could write a summary of its own.
    public static func failure(replica: Int, seed: UInt64, seeds: ReplicaSeeds?, reason: String) -> FitSummary {
        var s = FitSummary(replica: replica, seed: seed, epochsRun: 0, stopReason: .error, bestEpoch: nil,
                           bestValidationLoss: nil, finalTrainLoss: nil, finalValidationLoss: nil, weights: "none", seconds: 0)
        s.seeds = seeds
        s.fail(reason)
        return s
    }

    /// Marks the fit failed, for `reason`.
    public mutating func fail(_ reason: String) {
        failed = reason
        status = .failed
    }

    /// The status a fit that stopped for `reason` has.
    public static func status(_ reason: StopReason, failed: String?) -> FitStatus {
        if failed != nil { return .failed }
        switch reason {
        case .epochs: return .finished
        case .patience: return .stoppedEarly
        case .interrupted: return .interrupted
        case .notStarted: return .notStarted
        case .nonFiniteLoss, .error: return .failed
        }
    }

    enum CodingKeys: String, CodingKey {
        case replica, seed, seeds, status, epochsRun = "epochs_run", stepsIntoNextEpoch = "steps_into_next_epoch"
        case stopReason = "stop_reason", bestEpoch = "best_epoch"
        case bestValidationLoss = "best_val_loss", bestValidationAccuracy = "best_val_accuracy"
        case finalTrainLoss = "final_train_loss"
        case finalValidationLoss = "final_val_loss", finalTrainAccuracy = "final_train_accuracy"
        case finalValidationAccuracy = "final_val_accuracy", weights, weightsEpoch = "weights_epoch"
        case weightsValidationLoss = "weights_val_loss", weightsValidationAccuracy = "weights_val_accuracy"
        case seconds, constraints, failed
    }

    /// Reads summaries of every nnc version: `status` and `seeds` were added
    /// later (a missing status follows from the stop reason).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        replica = try c.decode(Int.self, forKey: .replica)
        seed = try c.decode(UInt64.self, forKey: .seed)
        seeds = try c.decodeIfPresent(ReplicaSeeds.self, forKey: .seeds)
        epochsRun = try c.decode(Int.self, forKey: .epochsRun)
        stepsIntoNextEpoch = try c.decodeIfPresent(Int.self, forKey: .stepsIntoNextEpoch)
        stopReason = try c.decode(StopReason.self, forKey: .stopReason)
        bestEpoch = try c.decodeIfPresent(Int.self, forKey: .bestEpoch)
        bestValidationLoss = try c.decodeIfPresent(Double.self, forKey: .bestValidationLoss)
        bestValidationAccuracy = try c.decodeIfPresent(Double.self, forKey: .bestValidationAccuracy)
        finalTrainLoss = try c.decodeIfPresent(Double.self, forKey: .finalTrainLoss)
        finalValidationLoss = try c.decodeIfPresent(Double.self, forKey: .finalValidationLoss)
        finalTrainAccuracy = try c.decodeIfPresent(Double.self, forKey: .finalTrainAccuracy)
        finalValidationAccuracy = try c.decodeIfPresent(Double.self, forKey: .finalValidationAccuracy)
        weights = try c.decode(String.self, forKey: .weights)
        weightsEpoch = try c.decodeIfPresent(Int.self, forKey: .weightsEpoch)
        weightsValidationLoss = try c.decodeIfPresent(Double.self, forKey: .weightsValidationLoss)
        weightsValidationAccuracy = try c.decodeIfPresent(Double.self, forKey: .weightsValidationAccuracy)
        seconds = try c.decode(Double.self, forKey: .seconds)
        constraints = try c.decodeIfPresent([String: Double].self, forKey: .constraints)
        failed = try c.decodeIfPresent(String.self, forKey: .failed)
        status = try c.decodeIfPresent(FitStatus.self, forKey: .status) ?? Self.status(stopReason, failed: failed)
    }
}

/// The top-level `summary.json` of a run: the run's facts and each fit's summary.
public struct RunSummary: Codable, Sendable, Equatable {
    public var name: String
    public var trainPoints: Int
    public var validationPoints: Int
    public var parameters: Int
    public var seconds: Double
    /// One entry per replica (one for a plain fit).
    public var replicas: [FitSummary]
    /// How many replicas are complete (finished or stopped early): the
    /// ensemble figures below are over them.
    public var completeReplicas: Int?
    /// Over the complete replicas: mean and standard deviation of the best
    /// validation loss, and of the validation loss of the weights written
    /// (nil without validation or with fewer than two).
    public var bestValidationLossMean: Double?
    public var bestValidationLossStd: Double?
    public var validationLossMean: Double?
    public var validationLossStd: Double?
    /// The spec file that was trained (absolute), so `nnc report` and `nnc
    /// export` can read `spec.resolved.yaml` with its data paths resolved as
    /// they were; nil in runs written before nnc recorded it.
    public var spec: String?
    /// The machine the run trained on (`Machine.description`).
    public var machine: String?
    /// The nnc version that trained the run.
    public var nncVersion: String?
    /// The closure-test statistics over the replicas that did not fail, when
    /// observables were generated from a truth.
    public var closure: ClosureStatistics?
    /// The diagnostics of the fits that failed, in replica order (not written
    /// to JSON: each fit's `failed` says it in words).
    public var diagnostics: [Diagnostic] = []

    public init(name: String, trainPoints: Int, validationPoints: Int, parameters: Int, seconds: Double, replicas: [FitSummary]) {
        self.name = name
        self.trainPoints = trainPoints
        self.validationPoints = validationPoints
        self.parameters = parameters
        self.seconds = seconds
        self.replicas = replicas
        let complete = replicas.filter(\.status.isComplete)
        completeReplicas = complete.count
        (bestValidationLossMean, bestValidationLossStd) = Self.meanAndSpread(complete.compactMap(\.bestValidationLoss))
        (validationLossMean, validationLossStd) = Self.meanAndSpread(complete.compactMap(\.weightsValidationLoss))
    }

    /// The complete fits (finished or stopped early, not failed): what ensemble figures are over.
    public var complete: [FitSummary] { replicas.filter(\.status.isComplete) }

    /// Mean and sample standard deviation (N − 1) of two or more values.
    static func meanAndSpread(_ values: [Double]) -> (Double?, Double?) {
        guard values.count > 1 else { return (nil, nil) }
        let mean = values.reduce(0, +) / Double(values.count)
        let std = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
        return (mean, std)
    }

    enum CodingKeys: String, CodingKey {
        case name, trainPoints = "train_points", validationPoints = "val_points", parameters, seconds, replicas
        case completeReplicas = "complete_replicas"
        case bestValidationLossMean = "best_val_loss_mean", bestValidationLossStd = "best_val_loss_std"
        case validationLossMean = "val_loss_mean", validationLossStd = "val_loss_std"
        case spec, machine, nncVersion = "nnc_version", closure
    }

    /// A summary file (`RunSummary` or `FitSummary`) read back; nil when missing or unreadable.
    public static func read<T: Decodable>(_ type: T.Type, path: String) -> T? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try? decoder.decode(T.self, from: data)
    }

    /// Pretty, key-sorted JSON text.
    public static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self) + "\n"
    }
}
