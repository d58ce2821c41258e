import NNCSpec

/// `output = activation(input · weightᵀ + bias)` for one layer.
///
/// input: (B, inFeatures), weight: (outFeatures, inFeatures), bias: (outFeatures),
/// output: (B, outFeatures). When `preactivation` is present, the pre-activation
/// `input · weightᵀ + bias` is also stored there (backward or the loss needs it);
/// otherwise the activation is applied in the GEMM's epilogue. Softmax is over
/// each row.
public struct DenseForward: Codable, Equatable, Sendable {
    public var layer: Int
    public var inFeatures: Int
    public var outFeatures: Int
    public var activation: ActivationKind
    /// leaky_relu and elu's alpha; 0 for the others.
    public var alpha: Double
    public var input: Int
    public var weight: Int
    public var bias: Int?
    public var preactivation: Int?
    public var output: Int

    public init(
        layer: Int, inFeatures: Int, outFeatures: Int, activation: ActivationKind, alpha: Double, input: Int,
        weight: Int, bias: Int?, preactivation: Int?, output: Int
    ) {
        self.layer = layer
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        self.activation = activation
        self.alpha = alpha
        self.input = input
        self.weight = weight
        self.bias = bias
        self.preactivation = preactivation
        self.output = output
    }

    enum CodingKeys: String, CodingKey {
        case layer, inFeatures = "in_features", outFeatures = "out_features", activation, alpha, input, weight
        case bias, preactivation, output
    }
}
