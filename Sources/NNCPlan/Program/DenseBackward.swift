import NNCSpec

/// Backward through one layer, the forward reversed:
///
/// 1. `gradient ⊙= activation'(…)` in place, the derivative taken as `derivative`
///    says (from `output`, from `preactivation`, or not at all);
/// 2. `weightGradient = gradientᵀ · input (+ 2·l2·weight)`, `biasGradient = Σ_rows gradient`
///    (overwritten, not accumulated);
/// 3. when `inputGradient` is present, `inputGradient = gradient · weight`.
///
/// input: (B, inFeatures), output, preactivation, gradient: (B, outFeatures),
/// weight, weightGradient: (outFeatures, inFeatures), bias, biasGradient: (outFeatures),
/// inputGradient: (B, inFeatures).
public struct DenseBackward: Codable, Equatable, Sendable {
    public var layer: Int
    public var inFeatures: Int
    public var outFeatures: Int
    public var activation: ActivationKind
    public var alpha: Double
    public var derivative: DerivativeSource
    public var l2: Double
    public var input: Int
    /// Present when the derivative is taken from the output.
    public var output: Int?
    public var preactivation: Int?
    public var gradient: Int
    public var weight: Int
    public var bias: Int?
    public var weightGradient: Int
    public var biasGradient: Int?
    /// Absent for the first layer: nothing upstream needs it.
    public var inputGradient: Int?

    public init(
        layer: Int, inFeatures: Int, outFeatures: Int, activation: ActivationKind, alpha: Double,
        derivative: DerivativeSource, l2: Double, input: Int, output: Int?, preactivation: Int?, gradient: Int,
        weight: Int, bias: Int?, weightGradient: Int, biasGradient: Int?, inputGradient: Int?
    ) {
        self.layer = layer
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        self.activation = activation
        self.alpha = alpha
        self.derivative = derivative
        self.l2 = l2
        self.input = input
        self.output = output
        self.preactivation = preactivation
        self.gradient = gradient
        self.weight = weight
        self.bias = bias
        self.weightGradient = weightGradient
        self.biasGradient = biasGradient
        self.inputGradient = inputGradient
    }

    /// Whether the step computes the gradient with respect to its input.
    public var needsInputGradient: Bool { inputGradient != nil }

    enum CodingKeys: String, CodingKey {
        case layer, inFeatures = "in_features", outFeatures = "out_features", activation, alpha, derivative, l2
        case input, output, preactivation, gradient, weight, bias, weightGradient = "weight_gradient"
        case biasGradient = "bias_gradient", inputGradient = "input_gradient"
    }
}

/// Where a backward step takes its activation's derivative from.
public enum DerivativeSource: String, Codable, Sendable {
    /// No derivative: linear activation, or the loss already differentiated through it.
    case identity
    /// From the activation output: sigmoid y(1−y), tanh 1−y², relu/leaky_relu/elu/selu
    /// by the sign of y (elu: y+α below zero; selu: y+λα), softplus 1−e^(−y),
    /// softmax's Jacobian y ⊙ (g − Σ g⊙y).
    case output
    /// From the pre-activation z: gelu, swish, and leaky_relu/elu with α ≤ 0 or < 0
    /// whose output sign no longer tells the input's.
    case preactivation
}
