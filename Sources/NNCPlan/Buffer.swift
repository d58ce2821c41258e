/// One buffer of the arena: a row-major `rows × columns` block of floats.
public struct Buffer: Codable, Equatable, Sendable {
    /// Unique within the plan: `input`, `target`, `<layer>.output`, `parameters`, ...
    public var name: String
    public var role: BufferRole
    /// The layer index for per-layer buffers; nil for the rest.
    public var layer: Int?
    /// Offset in floats from the start of the arena; a multiple of `Arena.alignment`.
    public var offset: Int
    /// Floats used (`rows * columns`); the space reserved is this rounded up to the alignment.
    public var count: Int
    public var rows: Int
    public var columns: Int
    /// The first and last schedule step (inclusive) at which the buffer is live.
    public var first: Int
    public var last: Int

    public init(
        name: String, role: BufferRole, layer: Int?, offset: Int, count: Int, rows: Int, columns: Int,
        first: Int, last: Int
    ) {
        self.name = name
        self.role = role
        self.layer = layer
        self.offset = offset
        self.count = count
        self.rows = rows
        self.columns = columns
        self.first = first
        self.last = last
    }

    /// True for the parameter, gradient and moment slabs, which live for the whole run.
    public var isSlab: Bool { role.isSlab }

    /// Whether the two live intervals share a step.
    public func overlapsInTime(_ other: Buffer) -> Bool {
        first <= other.last && other.first <= last
    }
}

/// What a buffer holds.
public enum BufferRole: String, Codable, Sendable, CaseIterable {
    case parameters, gradients, moment1, moment2
    /// The batch's inputs, B × inputs, written by the data stage before each step.
    case input
    /// The batch's targets, B × outputs, written by the data stage before each step.
    case target
    /// chi2: per-point sigma, B × outputs, written with the targets.
    case uncertainty
    /// chi2 with a covariance matrix: its inverse, written once before training.
    case inverseCovariance = "inverse_covariance"
    /// A layer's `input · weightᵀ + bias`, kept where backward or the loss needs it.
    case preactivation
    /// A layer's activation output.
    case activation
    /// Inverted-dropout mask: 0 or 1/(1 − rate) per element.
    case dropoutMask = "dropout_mask"
    /// The activation output times the mask: the next layer's input in training.
    case dropoutOutput = "dropout_output"
    /// The loss gradient with respect to a layer's output (after dropout), turned
    /// in place into the gradient with respect to its pre-activation.
    case gradient
    /// The mean loss over the batch (one float).
    case lossValue = "loss_value"
    /// Per-output partial sums of the loss.
    case lossScratch = "loss_scratch"

    public var isSlab: Bool {
        switch self {
        case .parameters, .gradients, .moment1, .moment2: return true
        default: return false
        }
    }
}
