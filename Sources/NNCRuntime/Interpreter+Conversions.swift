import NNCPlan
import NNCSpec

extension ActivationFunction {
    /// The runtime form of a spec activation; `alpha` is used by leaky_relu and elu.
    public init(_ kind: ActivationKind, alpha: Double?) {
        switch kind {
        case .linear: self = .linear
        case .sigmoid: self = .sigmoid
        case .tanh: self = .tanh
        case .relu: self = .relu
        case .leakyReLU: self = .leakyReLU(alpha: Float(alpha ?? 0.01))
        case .elu: self = .elu(alpha: Float(alpha ?? 1))
        case .selu: self = .selu
        case .softplus: self = .softplus
        case .gelu: self = .gelu
        case .swish: self = .swish
        case .softmax: self = .softmax
        }
    }
}

extension WeightInitializer {
    /// The runtime form of a spec initialiser; `scale` is random_uniform's limit or random_normal's stddev.
    public init(_ kind: InitializerKind, scale: Double?) {
        switch kind {
        case .zeros: self = .zeros
        case .randomUniform: self = .randomUniform(limit: scale ?? 0.05)
        case .randomNormal: self = .randomNormal(stddev: scale ?? 0.05)
        case .glorotUniform: self = .glorotUniform
        case .glorotNormal: self = .glorotNormal
        case .heUniform: self = .heUniform
        case .heNormal: self = .heNormal
        case .lecunNormal: self = .lecunNormal
        }
    }
}

extension OptimizerRule {
    /// The rule of a plan's optimiser step.
    public init(_ s: OptimizerStep) {
        let kind: Kind
        switch s.kind {
        case .sgd: kind = .sgd
        case .adam: kind = .adam
        case .adamw: kind = .adamw
        case .rmsprop: kind = .rmsprop
        case .adagrad: kind = .adagrad
        }
        self.init(
            kind: kind, learningRate: s.learningRate, momentum: s.momentum, nesterov: s.nesterov,
            beta1: s.beta1, beta2: s.beta2, epsilon: s.epsilon, weightDecay: s.weightDecay, clipnorm: s.clipnorm)
    }
}
