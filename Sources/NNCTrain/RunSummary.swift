import Foundation

/// Why a fit stopped.
public enum StopReason: String, Codable, Sendable {
    /// Ran the epochs asked for.
    case epochs
    /// Validation loss did not improve for `patience` epochs.
    case patience
    /// Interrupted (Ctrl-C); a checkpoint was written.
    case interrupted
    /// The loss became infinite or NaN.
    case nonFiniteLoss = "non_finite_loss"
}

/// `summary.json` of one fit (one replica, or the only fit).
public struct FitSummary: Codable, Sendable, Equatable {
    public var replica: Int
    public var seed: UInt64
    public var epochsRun: Int
    public var stopReason: StopReason
    /// Epoch (1-based) of the lowest validation loss; nil without validation.
    public var bestEpoch: Int?
    public var bestValidationLoss: Double?
    /// For classifiers: the validation accuracy of the best epoch (the weights written).
    public var bestValidationAccuracy: Double?
    public var finalTrainLoss: Double?
    public var finalValidationLoss: Double?
    public var finalTrainAccuracy: Double?
    public var finalValidationAccuracy: Double?
    /// Which weights `weights.safetensors` holds: `best` or `last`.
    public var weights: String
    public var seconds: Double
    /// Each constraint's value at the weights written (a sum rule's integral,
    /// a positivity constraint's smallest value); nil without constraints.
    public var constraints: [String: Double]?
    /// Why the fit is not kept in the ensemble (positivity never satisfied); nil when it is.
    public var failed: String?
    /// Each observable's theory values at the weights written, in the data
    /// files' row order (for the closure statistics; not written to JSON:
    /// `observables.csv` holds them).
    public var theory: [String: [Double]]?

    public init(
        replica: Int, seed: UInt64, epochsRun: Int, stopReason: StopReason, bestEpoch: Int?, bestValidationLoss: Double?,
        bestValidationAccuracy: Double? = nil, finalTrainLoss: Double?, finalValidationLoss: Double?, finalTrainAccuracy: Double? = nil,
        finalValidationAccuracy: Double? = nil, weights: String, seconds: Double
    ) {
        self.replica = replica
        self.seed = seed
        self.epochsRun = epochsRun
        self.stopReason = stopReason
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

    enum CodingKeys: String, CodingKey {
        case replica, seed, epochsRun = "epochs_run", stopReason = "stop_reason", bestEpoch = "best_epoch"
        case bestValidationLoss = "best_val_loss", bestValidationAccuracy = "best_val_accuracy"
        case finalTrainLoss = "final_train_loss"
        case finalValidationLoss = "final_val_loss", finalTrainAccuracy = "final_train_accuracy"
        case finalValidationAccuracy = "final_val_accuracy", weights, seconds, constraints, failed
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
    /// Over the replicas that finished: mean and standard deviation of the best
    /// validation loss (nil without validation or with one replica).
    public var bestValidationLossMean: Double?
    public var bestValidationLossStd: Double?
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

    public init(name: String, trainPoints: Int, validationPoints: Int, parameters: Int, seconds: Double, replicas: [FitSummary]) {
        self.name = name
        self.trainPoints = trainPoints
        self.validationPoints = validationPoints
        self.parameters = parameters
        self.seconds = seconds
        self.replicas = replicas
        let losses = replicas.filter { $0.failed == nil }.compactMap(\.bestValidationLoss)
        if losses.count > 1 {
            let mean = losses.reduce(0, +) / Double(losses.count)
            bestValidationLossMean = mean
            bestValidationLossStd = (losses.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(losses.count - 1)).squareRoot()
        }
    }

    enum CodingKeys: String, CodingKey {
        case name, trainPoints = "train_points", validationPoints = "val_points", parameters, seconds, replicas
        case bestValidationLossMean = "best_val_loss_mean", bestValidationLossStd = "best_val_loss_std"
        case spec, machine, nncVersion = "nnc_version", closure
    }

    /// Pretty, key-sorted JSON text.
    public static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self) + "\n"
    }
}
