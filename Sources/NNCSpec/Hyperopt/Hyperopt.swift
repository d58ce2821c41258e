import NNCDiagnostics
import NNCSyntax

/// The `hyperopt:` block: a search over hyperparameters of the rest of the
/// spec (the base), which each trial changes in memory. See docs/hyperopt.md.
public struct Hyperopt: Equatable, Sendable {
    /// The number of finished trials a study ends with.
    public var trials: Located<Int>
    public var sampler: Located<SamplerKind>
    /// Seeds the sampler (each trial's draw depends on this seed, its number and the finished trials).
    public var seed: Located<UInt64>
    public var reward: Reward
    /// Median pruning; nil when not asked for.
    public var prune: Located<MedianPrune>?
    /// The searched values, in the order written (applied in that order).
    public var space: [SpaceEntry]
    /// Depth and widths of the hidden layers searched too (n3fit style); nil when fixed.
    public var architecture: Located<Architecture>?
    public var span: SourceSpan

    public init(
        trials: Located<Int>, sampler: Located<SamplerKind>, seed: Located<UInt64>, reward: Reward,
        prune: Located<MedianPrune>?, space: [SpaceEntry], architecture: Located<Architecture>?, span: SourceSpan
    ) {
        self.trials = trials
        self.sampler = sampler
        self.seed = seed
        self.reward = reward
        self.prune = prune
        self.space = space
        self.architecture = architecture
        self.span = span
    }
}

/// How the next trial's values are chosen.
public enum SamplerKind: String, CaseIterable, Sendable {
    /// Independent uniform draws from every dimension.
    case random
    /// Every combination of the (discrete) dimensions, in order.
    case grid
    /// The tree-structured Parzen estimator (Bergstra et al. 2011), after random start-up trials.
    case tpe
}

/// What a trial is ranked by (lower is better).
public struct Reward: Equatable, Sendable {
    public var loss: Located<RewardLoss>
    /// 1: the spec's own validation set; k ≥ 2: k-fold, each fold held out once.
    public var folds: Located<Int>
    /// How fold (and replica) losses are combined into the reward.
    public var statistic: Located<RewardStatistic>
    public var span: SourceSpan

    public init(loss: Located<RewardLoss>, folds: Located<Int>, statistic: Located<RewardStatistic>, span: SourceSpan) {
        self.loss = loss
        self.folds = folds
        self.statistic = statistic
        self.span = span
    }
}

public enum RewardLoss: String, CaseIterable, Sendable {
    /// The held-out loss: the best validation loss (or the held-out fold's).
    case validation
    /// The final training loss (a fit without validation data).
    case training
}

public enum RewardStatistic: String, CaseIterable, Sendable {
    /// The mean over folds and replicas.
    case average
    /// The worst (largest) of them: a trial is as good as its worst fold.
    case bestWorst = "best_worst"
    /// Their standard deviation (a stability criterion).
    case std
}

/// `prune: {median: {after_epochs: 500, every: 100}}`.
public struct MedianPrune: Equatable, Sendable {
    /// No trial is stopped before this epoch.
    public var afterEpochs: Int
    /// Trials report their best validation loss every this many epochs.
    public var every: Int
    /// Finished trials needed before any is pruned.
    public var startupTrials: Int

    public init(afterEpochs: Int, every: Int, startupTrials: Int = 5) {
        self.afterEpochs = afterEpochs
        self.every = every
        self.startupTrials = startupTrials
    }
}

/// `architecture: {layers: [1, 3], units: [5, 50]}`: the number of hidden
/// layers and each one's width. Hidden layers copy the first layer's
/// settings; the last layer (the output) is kept.
public struct Architecture: Equatable, Sendable {
    public var layers: ClosedRange<Int>
    public var units: ClosedRange<Int>

    public init(layers: ClosedRange<Int>, units: ClosedRange<Int>) {
        self.layers = layers
        self.units = units
    }
}

/// One line of `space:`: a path into the spec and the values it takes.
public struct SpaceEntry: Equatable, Sendable {
    /// `network.layers[0].dense`, `training.optimizer.*.learning_rate`, ...
    public var path: Located<String>
    public var domain: Located<Domain>

    public init(path: Located<String>, domain: Located<Domain>) {
        self.path = path
        self.domain = domain
    }
}

/// The values one dimension takes.
public enum Domain: Equatable, Sendable {
    /// Whole numbers from the first to the second, both included.
    case int(Int, Int)
    /// Real numbers, uniform between the bounds.
    case uniform(Double, Double)
    /// Real numbers, uniform in the logarithm between the (positive) bounds.
    case logUniform(Double, Double)
    /// One of the listed YAML values (numbers, words or whole mappings).
    case choice([Choice])

    /// The number of values, nil for a continuous range.
    public var count: Int? {
        switch self {
        case .int(let a, let b): return b >= a ? b - a + 1 : 0
        case .uniform, .logUniform: return nil
        case .choice(let c): return c.count
        }
    }

    /// `int`, `uniform`, `log_uniform` or `choice`, as written.
    public var keyword: String {
        switch self {
        case .int: return "int"
        case .uniform: return "uniform"
        case .logUniform: return "log_uniform"
        case .choice: return "choice"
        }
    }
}

/// One value of a `choice`: the YAML as written, kept as a node so any spec
/// value (a word, a number, a mapping) can be chosen.
public struct Choice: Equatable, Sendable {
    /// The value in flow YAML (`tanh`, `{sgd: {momentum: 0.9}}`); what `==` compares.
    public var text: String
    public var node: Node
    public var span: SourceSpan

    public init(node: Node) {
        self.node = node
        self.text = Self.flow(node)
        self.span = node.reportSpan
    }

    public static func == (a: Choice, b: Choice) -> Bool { a.text == b.text }

    /// A node as one line of flow YAML.
    public static func flow(_ node: Node) -> String {
        switch node.kind {
        case .scalar(let s):
            switch s.style {
            case .plain: return s.value
            default:
                return "\"" + s.value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
            }
        case .sequence(let items): return "[" + items.map(flow).joined(separator: ", ") + "]"
        case .mapping(let entries):
            return "{" + entries.map { flow($0.key) + ": " + flow($0.value) }.joined(separator: ", ") + "}"
        }
    }
}
