import NNCDiagnostics

/// A spec of version 1: one network and how to train it, as the user wrote it
/// with every default filled in by the decoder. Every user-written value keeps
/// its source range; a defaulted value carries the span of its parent.
public struct Spec: Equatable, Sendable {
    public var version: Located<Int>
    public var name: Located<String>
    public var inputs: Features
    public var outputs: Features
    public var network: Network
    public var data: DataSpec
    public var training: Training
    /// `expect:`: assertions on the run's results; nil when the spec has none.
    public var expect: Expectations?
    /// The spec file and every file it includes, in the order read.
    public var sources: [String]
    /// The span of the whole top-level mapping of the spec file.
    public var span: SourceSpan
    /// The hyperparameter search over this spec (`hyperopt:`); nil when there is none.
    public var hyperopt: Hyperopt?

    public init(
        version: Located<Int>, name: Located<String>, inputs: Features, outputs: Features,
        network: Network, data: DataSpec, training: Training, expect: Expectations? = nil, sources: [String],
        span: SourceSpan, hyperopt: Hyperopt? = nil
    ) {
        self.version = version
        self.name = name
        self.inputs = inputs
        self.outputs = outputs
        self.network = network
        self.data = data
        self.training = training
        self.expect = expect
        self.sources = sources
        self.span = span
        self.hyperopt = hyperopt
    }
}

/// `inputs:` or `outputs:`: a list of names, or a count (names become `x0, x1, ...`
/// for inputs and `y0, y1, ...` for outputs).
public struct Features: Equatable, Sendable {
    /// One entry per feature. For inputs an entry may be a derived feature: an
    /// expression over raw input columns such as `log(x)` (see `Feature.expression`).
    public var features: [Feature]
    /// True when the user wrote a count instead of names.
    public var fromCount: Bool
    public var span: SourceSpan

    public init(features: [Feature], fromCount: Bool, span: SourceSpan) {
        self.features = features
        self.fromCount = fromCount
        self.span = span
    }

    public var count: Int { features.count }
    public var names: [String] { features.map(\.name.value) }
}

/// One input or output feature.
public struct Feature: Equatable, Sendable {
    /// The name as written: a column name, or the expression text for a derived input.
    public var name: Located<String>
    /// For a derived input, the parsed expression over raw columns; nil for a plain column.
    public var expression: Expr?

    public init(name: Located<String>, expression: Expr? = nil) {
        self.name = name
        self.expression = expression
    }
}

public struct Network: Equatable, Sendable {
    /// The network-wide default initialiser (`network.init`), default `glorot_uniform`.
    public var initializer: Located<Initializer>
    public var layers: [Layer]
    /// `preprocessing:`: x^a (1 − x)^b factors on every output; nil when not written.
    public var preprocessing: Preprocessing?
    /// The file the network was read from (the spec itself, or an included file).
    public var file: String
    public var span: SourceSpan

    public init(initializer: Located<Initializer>, layers: [Layer], preprocessing: Preprocessing? = nil, file: String,
                span: SourceSpan) {
        self.initializer = initializer
        self.layers = layers
        self.preprocessing = preprocessing
        self.file = file
        self.span = span
    }
}

public struct Layer: Equatable, Sendable {
    /// The layer's name; `dense_<i>` when not written (i counts dense layers from 0).
    public var name: Located<String>
    public var units: Located<Int>
    public var activation: Located<Activation>
    /// The layer's initialiser: its own `init`, else the network's.
    public var initializer: Located<Initializer>
    public var bias: Located<Bool>
    /// Dropout rate on this layer's output during training; 0 means none.
    public var dropout: Located<Double>
    /// L2 penalty coefficient on this layer's weights; 0 means none.
    public var l2: Located<Double>
    public var span: SourceSpan

    public init(
        name: Located<String>, units: Located<Int>, activation: Located<Activation>,
        initializer: Located<Initializer>, bias: Located<Bool>, dropout: Located<Double>,
        l2: Located<Double>, span: SourceSpan
    ) {
        self.name = name
        self.units = units
        self.activation = activation
        self.initializer = initializer
        self.bias = bias
        self.dropout = dropout
        self.l2 = l2
        self.span = span
    }
}

public struct DataSpec: Equatable, Sendable {
    public var source: DataSource
    /// `observables:`: data sets seen through FK tables; empty when not written.
    public var observables: [Observable]
    /// nil when the spec has no validation set.
    public var validation: Validation?
    public var span: SourceSpan

    public init(source: DataSource, observables: [Observable] = [], validation: Validation?, span: SourceSpan) {
        self.source = source
        self.observables = observables
        self.validation = validation
        self.span = span
    }
}

public enum DataSource: Equatable, Sendable {
    case generate(Generate)
    /// `train: {csv: path}`; the path as written and resolved against the spec's folder.
    case csv(CSVSource)
    /// No plain data points: the spec fits observables only.
    case none
}

public struct CSVSource: Equatable, Sendable {
    public var path: Located<String>
    /// `path` resolved against the folder of the file that names it.
    public var resolvedPath: String
    /// The header's column names when the decoder could read the file; nil otherwise.
    public var columns: [String]?

    public init(path: Located<String>, resolvedPath: String, columns: [String]?) {
        self.path = path
        self.resolvedPath = resolvedPath
        self.columns = columns
    }
}

/// `data.generate`: pseudo-data from a known truth (a closure test).
public struct Generate: Equatable, Sendable {
    /// One truth expression per output, in output order.
    public var truth: [Truth]
    /// How each raw input variable is sampled, in input order. With several
    /// inputs the points are the Cartesian grid of the per-input samples.
    public var sampling: [Sampling]
    /// Noise added to the truth; nil means exact values.
    public var noise: Located<Noise>?
    public var seed: Located<UInt64>
    public var span: SourceSpan

    public init(truth: [Truth], sampling: [Sampling], noise: Located<Noise>?, seed: Located<UInt64>, span: SourceSpan) {
        self.truth = truth
        self.sampling = sampling
        self.noise = noise
        self.seed = seed
        self.span = span
    }

    /// The number of generated points (product of per-input point counts).
    public var pointCount: Int {
        sampling.reduce(1) { $0 * max($1.points.value, 0) }
    }
}

public struct Truth: Equatable, Sendable {
    /// The output this expression produces.
    public var output: String
    /// The expression text; its span covers the string's contents.
    public var source: Located<String>
    public var expression: Expr

    public init(output: String, source: Located<String>, expression: Expr) {
        self.output = output
        self.source = source
        self.expression = expression
    }
}

/// `x: {logspace: [1.0e-3, 1.0], points: 200}`.
public struct Sampling: Equatable, Sendable {
    public var variable: Located<String>
    public var kind: Located<SamplingKind>
    public var lower: Located<Double>
    public var upper: Located<Double>
    public var points: Located<Int>
    public var span: SourceSpan

    public init(
        variable: Located<String>, kind: Located<SamplingKind>, lower: Located<Double>,
        upper: Located<Double>, points: Located<Int>, span: SourceSpan
    ) {
        self.variable = variable
        self.kind = kind
        self.lower = lower
        self.upper = upper
        self.points = points
        self.span = span
    }
}

/// `noise: {relative: 0.05}`: Gaussian noise with sigma = scale * |truth| or sigma = scale.
public struct Noise: Equatable, Sendable, Codable {
    public var kind: NoiseKind
    public var scale: Double

    public init(kind: NoiseKind, scale: Double) {
        self.kind = kind
        self.scale = scale
    }
}

public enum Validation: Equatable, Sendable {
    /// `{fraction: 0.25, seed: 1}`: a seeded random split of the training points.
    case fraction(Located<Double>, seed: Located<UInt64>)
    /// `{csv: path}`: a separate file with the same columns.
    case csv(CSVSource)
}

public struct Training: Equatable, Sendable {
    public var loss: Located<Loss>
    /// The optimiser with its defaults filled in (NNCVocabulary's `Optimizer`).
    public var optimizer: Located<Optimizer>
    /// Where each optimiser parameter was written, by its spec key; ignored by `==`.
    public var optimizerSpans = ParameterSpans()
    /// `learning_rate: {exponential: {...}}` and the like: the optimiser's
    /// rate over the epochs (its `learningRate` is the schedule's initial
    /// rate); nil for a constant rate.
    public var schedule: Located<LearningRateSchedule>?
    /// Where each schedule parameter was written, by its spec key; ignored by `==`.
    public var scheduleSpans = ParameterSpans()
    public var batchSize: Located<BatchSize>
    public var epochs: Located<Int>
    public var stopping: Located<Stopping>?
    public var seed: Located<UInt64>
    /// Independent fits, each with its own initialisation seed and data fluctuation. 1 = one plain fit.
    public var replicas: Located<Int>
    /// `constraints:`: sum rules and positivity; empty when not written.
    public var constraints: [Constraint] = []
    /// `keep: best | last`: which epoch's weights a fit writes (default best,
    /// located at the training section). `stopping.restore_best`, its older
    /// spelling, decodes to it.
    public var keep: Located<KeepWeights>
    public var span: SourceSpan

    public init(
        loss: Located<Loss>, optimizer: Located<Optimizer>, batchSize: Located<BatchSize>,
        epochs: Located<Int>, stopping: Located<Stopping>?, seed: Located<UInt64>,
        replicas: Located<Int>, span: SourceSpan
    ) {
        self.loss = loss
        self.optimizer = optimizer
        self.batchSize = batchSize
        self.epochs = epochs
        self.stopping = stopping
        self.seed = seed
        self.replicas = replicas
        self.keep = Located(.best, span: span)
        self.span = span
    }
}

public enum BatchSize: Equatable, Hashable, Sendable {
    case full
    case size(Int)
}

/// `loss: mse`, `loss: {huber: {delta: 1.0}}`, `loss: {chi2: {uncertainty: dy}}`.
public struct Loss: Equatable, Sendable {
    public var kind: LossKind
    /// Huber's delta (default 1.0); nil for other losses.
    public var delta: Double?
    /// For chi2: where the uncertainties come from.
    public var chi2: Chi2Source?

    public init(_ kind: LossKind, delta: Double? = nil, chi2: Chi2Source? = nil) {
        self.kind = kind
        self.delta = kind == .huber ? (delta ?? LossKind.defaultDelta) : nil
        self.chi2 = kind == .chi2 ? (chi2 ?? .noiseModel) : nil
    }
}

public enum Chi2Source: Equatable, Sendable {
    /// Per-point uncertainties from the generator's noise model (generated data only).
    case noiseModel
    /// Per-point uncertainties from a column of the training CSV.
    case column(Located<String>)
    /// A full covariance matrix of the training points, from a CSV file (N x N, no header).
    case covariance(CSVSource)
}

/// `training.keep`: which weights a fit writes as `weights.safetensors`.
public enum KeepWeights: String, CaseIterable, Equatable, Sendable {
    /// The weights of the epoch with the lowest validation loss (the look-back);
    /// the last epoch's without validation.
    case best
    /// The weights of the last epoch trained.
    case last
}

/// `stopping: {patience: 2000, min_delta: 0}`: look-back early stopping on validation loss.
public struct Stopping: Equatable, Sendable {
    public var patience: Int
    /// An epoch counts as an improvement only if it lowers the best loss by more than this.
    public var minDelta: Double
    /// Where each parameter was written, by its spec key; ignored by `==`.
    public var spans = ParameterSpans()

    public init(patience: Int, minDelta: Double = 0) {
        self.patience = patience
        self.minDelta = minDelta
    }
}
