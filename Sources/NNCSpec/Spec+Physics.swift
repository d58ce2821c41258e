import Foundation
import NNCDiagnostics

/// `network.preprocessing`: every output o becomes x^a_o (1 − x)^b_o · NN_o(x),
/// with `x` one raw input variable in (0, 1). a and b are drawn per replica
/// uniformly from their ranges (from the replica's seed); with `trainable`
/// they are parameters (`preprocessing.a`, `preprocessing.b`, one per output),
/// kept inside their ranges after every update.
public struct Preprocessing: Equatable, Sendable {
    /// The raw input variable the factors are functions of.
    public var input: Located<String>
    /// The range of a, the small-x exponent: `small_x: [0.0, 0.5]`.
    public var smallX: Located<ClosedInterval>
    /// The range of b, the large-x exponent: `large_x: [2.0, 5.0]`.
    public var largeX: Located<ClosedInterval>
    public var trainable: Located<Bool>
    public var span: SourceSpan

    public init(input: Located<String>, smallX: Located<ClosedInterval>, largeX: Located<ClosedInterval>,
                trainable: Located<Bool>, span: SourceSpan) {
        self.input = input
        self.smallX = smallX
        self.largeX = largeX
        self.trainable = trainable
        self.span = span
    }
}

/// `[lower, upper]` as written (the checker reports lower > upper).
public struct ClosedInterval: Equatable, Hashable, Sendable {
    public var lower: Double
    public var upper: Double

    public init(_ lower: Double, _ upper: Double) {
        self.lower = lower
        self.upper = upper
    }
}

/// A file a spec names: the path as written and resolved against the folder
/// of the file that names it.
public struct FileSource: Equatable, Sendable {
    public var path: Located<String>
    public var resolvedPath: String

    public init(path: Located<String>, resolvedPath: String) {
        self.path = path
        self.resolvedPath = resolvedPath
    }
}

/// One data set of `data.observables`: data that see the network only through
/// a fixed linear map (an FK table) of its outputs on a grid:
/// F_i = Σ_o Σ_j K[i, o·N_grid + j] · f_o(grid_j).
public struct Observable: Equatable, Sendable {
    public var name: Located<String>
    /// CSV with a header naming the raw inputs; one row per grid point.
    public var grid: FileSource
    /// N_data × (N_outputs·N_grid), output-major; headerless CSV or `.npy`.
    public var fktable: FileSource
    public var values: ObservableValues
    public var uncertainty: ObservableUncertainty
    public var span: SourceSpan

    public init(name: Located<String>, grid: FileSource, fktable: FileSource, values: ObservableValues,
                uncertainty: ObservableUncertainty, span: SourceSpan) {
        self.name = name
        self.grid = grid
        self.fktable = fktable
        self.values = values
        self.uncertainty = uncertainty
        self.span = span
    }
}

/// The central values of an observable's data points.
public enum ObservableValues: Equatable, Sendable {
    /// `values: {csv: F2-data.csv, column: value}`: N_data rows of one column;
    /// with `truth_column: truth`, the same file's column of the values the
    /// data were made from (a closure test on pseudo-data made elsewhere),
    /// the reference of the closure figures.
    case csv(FileSource, column: Located<String>, truth: Located<String>?)
    /// `values: {truth: "3 * x^0.5 * (1 - x)^3", level: 1, seed: 7}`: closure
    /// pseudo-data, K·truth(grid), plus L·z (C = L·Lᵀ) at level 1. One truth
    /// expression per output, in output order.
    case truth([Truth], level: Located<Int>, seed: Located<UInt64>, span: SourceSpan)
}

/// An observable's experimental uncertainties.
public enum ObservableUncertainty: Equatable, Sendable {
    /// `covariance: F2-cov.csv`: N_data × N_data, headerless CSV or `.npy`.
    case covariance(FileSource)
    /// `uncertainty: {csv: F2-data.csv, column: error}`: one standard deviation a point (C diagonal).
    case column(FileSource, column: Located<String>)
}

/// `training.constraints[i]`.
public enum Constraint: Equatable, Sendable {
    case sumRule(SumRule)
    case positivity(Positivity)

    public var name: Located<String> {
        switch self {
        case .sumRule(let s): return s.name
        case .positivity(let p): return p.name
        }
    }
}

/// A weight per output, each an expression of the raw inputs: `{f: "1"}`,
/// `{f: "x"}` (the momentum-fraction integrand). Outputs not named weigh 0.
public struct OutputWeights: Equatable, Sendable {
    public var terms: [(output: Located<String>, weight: Truth)]
    public var span: SourceSpan

    public init(terms: [(output: Located<String>, weight: Truth)], span: SourceSpan) {
        self.terms = terms
        self.span = span
    }

    public static func == (a: OutputWeights, b: OutputWeights) -> Bool {
        a.span == b.span && a.terms.count == b.terms.count
            && zip(a.terms, b.terms).allSatisfy { $0.output == $1.output && $0.weight == $1.weight }
    }
}

/// `sum_rule: {integrand: {f: "1"}, over: {x: {logspace: [1.0e-6, 1.0], points: 400}}, equals: 2.0, weight: 100}`:
/// adds weight·(I − equals)² to the cost, I the trapezoidal integral of
/// Σ_o w_o(x)·f_o(x) over the `over` grid.
public struct SumRule: Equatable, Sendable {
    /// `name:` or `sum_rule_<i>` (i counts constraints from 0).
    public var name: Located<String>
    public var integrand: OutputWeights
    /// The grid in one raw input variable.
    public var over: Sampling
    public var equals: Located<Double>
    public var weight: Located<Double>
    public var span: SourceSpan

    public init(name: Located<String>, integrand: OutputWeights, over: Sampling, equals: Located<Double>,
                weight: Located<Double>, span: SourceSpan) {
        self.name = name
        self.integrand = integrand
        self.over = over
        self.equals = equals
        self.weight = weight
        self.span = span
    }
}

/// `positivity: {of: {f: "1"}, at: {x: {logspace: [1.0e-5, 0.9], points: 20}}, multiplier: {...}, threshold: 1.0e-6}`:
/// adds λ_t·Σ_k max(0, −v_k) to the cost, v_k = Σ_o w_o(x_k)·f_o(x_k).
public struct Positivity: Equatable, Sendable {
    /// `name:` or `positivity_<i>`.
    public var name: Located<String>
    public var of: OutputWeights
    public var at: Sampling
    public var multiplier: Located<PositivityMultiplier>
    /// An epoch is a stopping candidate only while every v_k ≥ −threshold.
    public var threshold: Located<Double>
    public var span: SourceSpan

    public init(name: Located<String>, of: OutputWeights, at: Sampling, multiplier: Located<PositivityMultiplier>,
                threshold: Located<Double>, span: SourceSpan) {
        self.name = name
        self.of = of
        self.at = at
        self.multiplier = multiplier
        self.threshold = threshold
        self.span = span
    }
}

/// λ_t = min(initial · factor^⌊t/every⌋, max), t the epoch counted from 0
/// (n3fit's positivity multiplier, raised every 100 epochs).
public struct PositivityMultiplier: Equatable, Sendable {
    public var initial: Double
    public var factor: Double
    public var every: Int
    public var max: Double
    /// Where each parameter was written, by its spec key; ignored by `==`.
    public var spans = ParameterSpans()

    public init(initial: Double = 1, factor: Double = 1.3, every: Int = 100, max: Double = 1e10) {
        self.initial = initial
        self.factor = factor
        self.every = every
        self.max = max
    }

    /// λ at `epoch` (counted from 0).
    public func value(atEpoch epoch: Int) -> Double {
        let steps = Double(Swift.max(epoch, 0) / Swift.max(every, 1))
        return Swift.min(initial * Foundation.pow(factor, steps), self.max)
    }
}

/// `expect:`: assertions on a run's results, checked at the end of
/// `nnc train` and by `nnc test`.
public struct Expectations: Equatable, Sendable {
    public var entries: [Expectation]
    public var span: SourceSpan

    public init(entries: [Expectation], span: SourceSpan) {
        self.entries = entries
        self.span = span
    }
}

/// One assertion: a figure of the run and the condition it must meet.
public struct Expectation: Equatable, Sendable {
    public var metric: Located<ExpectMetric>
    public var condition: Located<ExpectCondition>

    public init(metric: Located<ExpectMetric>, condition: Located<ExpectCondition>) {
        self.metric = metric
        self.condition = condition
    }
}

/// The figures `expect:` can name.
public enum ExpectMetric: Equatable, Hashable, Sendable {
    /// The best validation loss (over replicas: their mean).
    case bestValidationLoss
    /// The last epoch's training loss (mean over replicas).
    case finalTrainLoss
    /// The classification accuracy on the validation set (training set without one).
    case accuracy
    /// A closure figure: `bias`, `variance`, `bias_variance_ratio`, `xi_1sigma`, `chi2_to_truth`.
    case closure(ClosureFigure)
    /// A constraint's final value: a sum rule's integral, a positivity constraint's smallest v_k.
    case constraint(String)

    /// The name as written under `expect:`.
    public var key: String {
        switch self {
        case .bestValidationLoss: return "best_val_loss"
        case .finalTrainLoss: return "final_train_loss"
        case .accuracy: return "accuracy"
        case .closure(let f): return "closure." + f.rawValue
        case .constraint(let name): return "constraints." + name
        }
    }
}

/// The closure-test figures, computed over every data point with C the
/// experimental covariance of each set (docs/physics.md).
public enum ClosureFigure: String, CaseIterable, Sendable {
    case bias
    case variance
    case biasVarianceRatio = "bias_variance_ratio"
    case xi1Sigma = "xi_1sigma"
    case chi2ToTruth = "chi2_to_truth"
}

/// `{below: x}`, `{above: x}`, `{between: [a, b]}`.
public enum ExpectCondition: Equatable, Sendable {
    case below(Double)
    case above(Double)
    case between(Double, Double)

    public func holds(_ v: Double) -> Bool {
        guard v.isFinite else { return false }
        switch self {
        case .below(let x): return v < x
        case .above(let x): return v > x
        case .between(let a, let b): return a <= v && v <= b
        }
    }

    /// As a message states it: "below 1.5", "between 0.5 and 0.9".
    public var phrase: String {
        func n(_ d: Double) -> String { d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : "\(d)" }
        switch self {
        case .below(let x): return "below \(n(x))"
        case .above(let x): return "above \(n(x))"
        case .between(let a, let b): return "between \(n(a)) and \(n(b))"
        }
    }
}
