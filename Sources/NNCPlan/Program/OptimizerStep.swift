import NNCSpec

/// One optimiser update over the whole parameter slab: `count` floats of
/// parameters, gradients and moments at the same relative offsets. With
/// `clipnorm`, the gradient slab is first scaled so its L2 norm is at most it.
/// The step counter (for Adam's bias correction) is the interpreter's state.
public struct OptimizerStep: Codable, Equatable, Sendable {
    public var kind: OptimizerKind
    public var count: Int
    public var parameters: Int
    public var gradients: Int
    public var moment1: Int?
    public var moment2: Int?
    public var learningRate: Double
    public var momentum: Double
    public var nesterov: Bool
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    public var weightDecay: Double
    public var clipnorm: Double?

    public init(
        kind: OptimizerKind, count: Int, parameters: Int, gradients: Int, moment1: Int?, moment2: Int?,
        learningRate: Double, momentum: Double, nesterov: Bool, beta1: Double, beta2: Double, epsilon: Double,
        weightDecay: Double, clipnorm: Double?
    ) {
        self.kind = kind
        self.count = count
        self.parameters = parameters
        self.gradients = gradients
        self.moment1 = moment1
        self.moment2 = moment2
        self.learningRate = learningRate
        self.momentum = momentum
        self.nesterov = nesterov
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.clipnorm = clipnorm
    }

    enum CodingKeys: String, CodingKey {
        case kind, count, parameters, gradients, moment1, moment2, learningRate = "learning_rate", momentum
        case nesterov, beta1, beta2, epsilon, weightDecay = "weight_decay", clipnorm
    }
}
