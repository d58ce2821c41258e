import NNCSpec

/// The loss of a training plan, with its options resolved.
public struct LossPlan: Codable, Equatable, Sendable {
    public var kind: LossKind
    /// Huber's delta; nil for other losses.
    public var delta: Double?
    /// chi2 only: where the per-point uncertainties come from.
    public var uncertainties: UncertaintySource?
    /// True when the loss is computed from the last layer's pre-activation and
    /// writes the gradient with respect to it (softmax with categorical
    /// cross-entropy, sigmoid with binary cross-entropy): stable, and the last
    /// layer's backward step skips its activation derivative.
    public var fusedWithActivation: Bool

    public init(kind: LossKind, delta: Double?, uncertainties: UncertaintySource?, fusedWithActivation: Bool) {
        self.kind = kind
        self.delta = delta
        self.uncertainties = uncertainties
        self.fusedWithActivation = fusedWithActivation
    }

    enum CodingKeys: String, CodingKey {
        case kind, delta, uncertainties, fusedWithActivation = "fused_with_activation"
    }
}

/// Where chi2's uncertainties come from, as the data stage must fill them.
public enum UncertaintySource: String, Codable, Sendable {
    /// sigma per point from the generator's noise model, in the `uncertainty` buffer.
    case noiseModel = "noise_model"
    /// sigma per point from a CSV column, in the `uncertainty` buffer.
    case column
    /// A covariance matrix: its inverse over the training points is in the
    /// `inverse_covariance` buffer ((B·outputs)², residuals ordered point-major).
    case covariance
}

/// The optimiser of a training plan, with PyTorch's defaults filled in.
public struct OptimizerPlan: Codable, Equatable, Sendable {
    public var kind: OptimizerKind
    public var learningRate: Double
    public var momentum: Double
    public var nesterov: Bool
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    public var weightDecay: Double
    public var clipnorm: Double?
    /// How many moment slabs the optimiser keeps (0, 1 or 2).
    public var moments: Int

    public init(_ o: Optimizer) {
        kind = o.kind
        learningRate = o.learningRate
        momentum = o.momentum
        nesterov = o.nesterov
        beta1 = o.beta1
        beta2 = o.beta2
        epsilon = o.epsilon
        weightDecay = o.weightDecay
        clipnorm = o.clipnorm
        moments = OptimizerPlan.momentSlabs(for: o)
    }

    /// sgd without momentum keeps no state; sgd with momentum, rmsprop and
    /// adagrad keep one slab; adam and adamw keep two.
    public static func momentSlabs(for o: Optimizer) -> Int {
        switch o.kind {
        case .sgd: return o.momentum != 0 ? 1 : 0
        case .rmsprop, .adagrad: return 1
        case .adam, .adamw: return 2
        }
    }

    enum CodingKeys: String, CodingKey {
        case kind, learningRate = "learning_rate", momentum, nesterov, beta1, beta2, epsilon
        case weightDecay = "weight_decay", clipnorm, moments
    }
}
