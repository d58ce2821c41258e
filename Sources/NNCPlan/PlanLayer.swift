import NNCSpec

/// One dense layer of a plan: `output = activation(input · weightᵀ + bias)`.
///
/// The weight is `[outFeatures, inFeatures]` row-major and the bias `[outFeatures]`,
/// PyTorch's `nn.Linear` layout, at `weightOffset` and `biasOffset` inside the
/// parameter slab (the same offsets index the gradient and moment slabs).
public struct PlanLayer: Codable, Equatable, Sendable {
    /// The layer's name (`dense_<i>` by default); tensors are `<name>.weight` and `<name>.bias`.
    public var name: String
    public var index: Int
    public var inFeatures: Int
    public var outFeatures: Int
    public var activation: ActivationKind
    /// `alpha` of leaky_relu and elu; nil for the others.
    public var alpha: Double?
    public var bias: Bool
    /// Dropout rate on the output during training; 0 means none.
    public var dropout: Double
    /// L2 coefficient on the weight; 0 means none.
    public var l2: Double
    public var initializer: InitializerKind
    /// `limit` of random_uniform or `stddev` of random_normal; nil for the rest.
    public var initializerScale: Double?
    /// Offset of the weight within the parameter slab, in floats.
    public var weightOffset: Int
    /// `outFeatures * inFeatures`.
    public var weightCount: Int
    /// Offset of the bias within the parameter slab; nil without a bias.
    public var biasOffset: Int?
    /// `outFeatures`, or 0 without a bias.
    public var biasCount: Int
    /// `weightCount + biasCount`.
    public var parameters: Int
    /// FLOPs of this layer's forward pass over a full batch.
    public var flopsForward: Int
    /// Bytes this layer accounts for: its parameters, their gradients and
    /// moments, and its own batch buffers counted before any sharing.
    public var bytes: Int

    public init(
        name: String, index: Int, inFeatures: Int, outFeatures: Int, activation: ActivationKind, alpha: Double?,
        bias: Bool, dropout: Double, l2: Double, initializer: InitializerKind, initializerScale: Double?,
        weightOffset: Int, weightCount: Int, biasOffset: Int?, biasCount: Int, parameters: Int,
        flopsForward: Int, bytes: Int
    ) {
        self.name = name
        self.index = index
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        self.activation = activation
        self.alpha = alpha
        self.bias = bias
        self.dropout = dropout
        self.l2 = l2
        self.initializer = initializer
        self.initializerScale = initializerScale
        self.weightOffset = weightOffset
        self.weightCount = weightCount
        self.biasOffset = biasOffset
        self.biasCount = biasCount
        self.parameters = parameters
        self.flopsForward = flopsForward
        self.bytes = bytes
    }

    enum CodingKeys: String, CodingKey {
        case name, index, inFeatures = "in_features", outFeatures = "out_features", activation, alpha, bias
        case dropout, l2, initializer, initializerScale = "initializer_scale", weightOffset = "weight_offset"
        case weightCount = "weight_count", biasOffset = "bias_offset", biasCount = "bias_count", parameters
        case flopsForward = "flops_forward", bytes
    }
}
