import Foundation

/// The learning-rate schedules of spec version 1, written in place of an
/// optimiser's number: `learning_rate: {exponential: {initial: 1.0e-3,
/// decay_rate: 0.5, decay_epochs: 1000}}`. With t the epochs completed
/// (0 in the first epoch) and η₀ the initial rate:
/// - exponential: η₀ · decay_rate^(t / decay_epochs) (Keras's ExponentialDecay, smooth);
/// - cosine: final + (η₀ − final)·(1 + cos(π·min(t, epochs)/epochs))/2, then `final`;
/// - step: η₀ · factor^⌊t / every⌋ (PyTorch's StepLR);
/// - plateau: η₀, multiplied by `factor` (not below `minimum`) after every
///   `patience` epochs in a row whose validation loss (training loss without
///   validation points) is not below the best so far (PyTorch's ReduceLROnPlateau,
///   without its threshold and cooldown).
public enum ScheduleKind: String, VocabularyWord, Codable {
    case exponential, cosine, step, plateau

    public static let noun = "learning-rate schedule"

    public var parameters: [WordParameter] {
        var out = [WordParameter("initial", default: nil, range: .positive,
            summary: "The rate of the first epoch, above 0 (default: the optimizer's default learning rate).")]
        switch self {
        case .exponential:
            out.append(WordParameter("decay_rate", default: nil, range: .unitOpenAbove, required: true,
                summary: "The factor the rate is multiplied by every decay_epochs epochs, in (0, 1]."))
            out.append(WordParameter("decay_epochs", .integer, default: nil, range: .atLeastOne, required: true,
                summary: "Epochs over which the rate falls by decay_rate, 1 or more (smoothly: the rate falls every epoch)."))
        case .cosine:
            out.append(WordParameter("epochs", .integer, default: nil, range: .atLeastOne,
                summary: "Epochs from the initial to the final rate, 1 or more (default: training.epochs); the final rate after."))
            out.append(WordParameter("final", default: 0, range: .nonNegative,
                summary: "The rate at the end of the cosine, 0 or more (default 0)."))
        case .step:
            out.append(WordParameter("factor", default: nil, range: .unitOpenAbove, required: true,
                summary: "The factor the rate is multiplied by every `every` epochs, in (0, 1]."))
            out.append(WordParameter("every", .integer, default: nil, range: .atLeastOne, required: true,
                summary: "Epochs between two steps of the rate, 1 or more."))
        case .plateau:
            out.append(WordParameter("factor", default: nil, range: .unitOpen0, required: true,
                summary: "The factor the rate is multiplied by after a plateau, in (0, 1)."))
            out.append(WordParameter("patience", .integer, default: nil, range: .atLeastOne, required: true,
                summary: "Epochs in a row without a new best loss that make a plateau, 1 or more."))
            out.append(WordParameter("minimum", default: 0, range: .nonNegative,
                summary: "The rate never falls below this, 0 or more (default 0)."))
        }
        return out
    }
}

extension ParameterRange {
    /// (0, 1]: a decay factor that may be 1 (no decay).
    public static let unitOpenAbove = ParameterRange(lower: 0, lowerInclusive: false, upper: 1, upperInclusive: true)
    /// 1 or more: a count of epochs.
    public static let atLeastOne = ParameterRange(lower: 1, lowerInclusive: true, upper: nil, upperInclusive: false)
    /// (0, 1): a factor that must lower the rate.
    public static let unitOpen0 = ParameterRange(lower: 0, lowerInclusive: false, upper: 1, upperInclusive: false)
}

/// A schedule with every parameter resolved: the spec's values, else the
/// defaults (`initial`: the optimiser's learning rate; cosine's `epochs`:
/// the training's epochs).
public struct LearningRateSchedule: Equatable, Hashable, Sendable, Codable {
    public var kind: ScheduleKind
    public var initial: Double
    /// exponential's decay_rate, step's and plateau's factor.
    public var factor: Double
    /// exponential's decay_epochs, cosine's epochs, step's every, plateau's patience.
    public var epochs: Int
    /// cosine's final rate, plateau's minimum.
    public var floor: Double

    /// The schedule with `values` (by parameter name, as the spec writes them)
    /// and the defaults for the rest; `initial` defaults to `learningRate`,
    /// cosine's `epochs` to `trainingEpochs`.
    public init(_ kind: ScheduleKind, values: [String: Double], learningRate: Double, trainingEpochs: Int) {
        self.kind = kind
        initial = values["initial"] ?? learningRate
        switch kind {
        case .exponential:
            factor = values["decay_rate"] ?? 1
            epochs = Int(values["decay_epochs"] ?? 1)
            floor = 0
        case .cosine:
            factor = 1
            epochs = Int(values["epochs"] ?? Double(trainingEpochs))
            floor = values["final"] ?? 0
        case .step:
            factor = values["factor"] ?? 1
            epochs = Int(values["every"] ?? 1)
            floor = 0
        case .plateau:
            factor = values["factor"] ?? 0.1
            epochs = Int(values["patience"] ?? 10)
            floor = values["minimum"] ?? 0
        }
    }

    /// The value of parameter `name` as the spec writes it; nil for one the kind does not take.
    public func value(of name: String) -> Double? {
        guard kind.parameter(name) != nil else { return nil }
        switch name {
        case "initial": return initial
        case "decay_rate", "factor": return factor
        case "decay_epochs", "epochs", "every", "patience": return Double(epochs)
        case "final", "minimum": return floor
        default: return nil
        }
    }

    /// One line for `nnc build`: the schedule and its first and last rates.
    public var summary: String {
        func n(_ v: Double) -> String { String(format: "%g", v) }
        switch kind {
        case .exponential:
            return "exponential: \(n(initial)) · \(n(factor))^(t / \(epochs)), t the epochs completed"
        case .cosine:
            return "cosine: \(n(initial)) to \(n(floor)) over \(epochs) epochs, then \(n(floor))"
        case .step:
            return "step: \(n(initial)), times \(n(factor)) every \(epochs) epochs"
        case .plateau:
            return "plateau: \(n(initial)), times \(n(factor)) after \(epochs) epochs without a new best loss, not below \(n(floor))"
        }
    }

    /// The rate of the epoch after `t` completed ones, for the schedules that
    /// are a function of the epoch alone (plateau's is its `State`'s).
    public func rate(afterEpochs t: Int) -> Double {
        switch kind {
        case .exponential: return initial * pow(factor, Double(t) / Double(epochs))
        case .cosine:
            let progress = Double(min(t, epochs)) / Double(epochs)
            // Written so that the first epoch has exactly `initial` and the last `floor`.
            let c = (1 + cos(Double.pi * progress)) / 2
            return initial * c + floor * (1 - c)
        case .step: return initial * pow(factor, Double(t / epochs))
        case .plateau: return initial
        }
    }

    /// What a plateau schedule carries from epoch to epoch (a checkpoint
    /// keeps it): the current rate, the best loss so far and the epochs
    /// since it.
    public struct State: Equatable, Sendable {
        public var rate: Double
        public var best: Double
        public var epochsSinceBest: Int

        public init(rate: Double, best: Double = .infinity, epochsSinceBest: Int = 0) {
            self.rate = rate
            self.best = best
            self.epochsSinceBest = epochsSinceBest
        }
    }

    /// The state before the first epoch.
    public var start: State { State(rate: initial) }

    /// Records an epoch's loss in `state`: after `patience` epochs in a row
    /// without a loss below the best, the rate is multiplied by `factor`
    /// (not below `minimum`) and the count starts again. A loss that is not
    /// a number counts as no improvement.
    public func record(loss: Double, in state: inout State) {
        guard kind == .plateau else { return }
        if loss < state.best {
            state.best = loss
            state.epochsSinceBest = 0
            return
        }
        state.epochsSinceBest += 1
        if state.epochsSinceBest >= epochs {
            state.rate = max(state.rate * factor, floor)
            state.epochsSinceBest = 0
        }
    }
}
