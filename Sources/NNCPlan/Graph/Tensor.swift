/// A tensor's index in `Plan.tensors`: every operand of an instruction is one.
public typealias TensorID = Int

/// One tensor of a plan: `rows` rows of `columns` floats, row-major, at
/// `offset` floats from the start of the arena.
///
/// Batch tensors are feature-major: a row per feature, a column per point, so
/// SIMD runs along the points. Their column count is decided when a program
/// runs on `n` points: `columns.resolve(n)`; the space reserved is for the
/// full batch. Slabs, parameter views and constants have fixed columns.
public struct Tensor: Codable, Equatable, Sendable {
    /// Unique within the plan: `input`, `dense_0.output`, `eval.loss.value`, ...
    public var name: String
    public var role: TensorRole
    public var rows: Int
    public var columns: Columns
    /// Floats reserved: `rows × columns.resolve(batchSize)`; placement rounds it up to the alignment.
    public var count: Int
    /// Offset in floats from the start of the arena; a multiple of `Arena.alignment`
    /// except for views inside a slab (parameter and gradient views).
    public var offset: Int
    /// The first and last step of the plan's timeline (every program's
    /// instructions one after the other) at which the tensor is live. Slabs,
    /// views, host-written tensors and the kernel workspace live throughout.
    public var first: Int
    public var last: Int

    public init(name: String, role: TensorRole, rows: Int, columns: Columns, count: Int,
                offset: Int = 0, first: Int = 0, last: Int = 0) {
        self.name = name
        self.role = role
        self.rows = rows
        self.columns = columns
        self.count = count
        self.offset = offset
        self.first = first
        self.last = last
    }

    /// Whether the two live intervals share a step.
    public func overlapsInTime(_ other: Tensor) -> Bool {
        first <= other.last && other.first <= last
    }
}

/// The columns of a tensor: a fixed part (points of fixed grids, or a whole
/// matrix) and, for batch tensors, the points of the current batch after it.
public struct Columns: Codable, Equatable, Hashable, Sendable {
    public var fixed: Int
    /// True when the batch's points follow the fixed columns.
    public var batched: Bool

    public init(fixed: Int, batched: Bool) {
        self.fixed = fixed
        self.batched = batched
    }

    /// A batch tensor with no fixed columns: `n` columns on a batch of `n` points.
    public static let batch = Columns(fixed: 0, batched: true)

    /// `count` fixed columns.
    public static func fixed(_ count: Int) -> Columns { Columns(fixed: count, batched: false) }

    /// The column count on a batch of `n` points.
    @inline(__always)
    public func resolve(_ n: Int) -> Int { batched ? fixed + n : fixed }
}

/// What a tensor holds, which says who writes it and how long it lives.
public enum TensorRole: String, Codable, Sendable, CaseIterable {
    /// The parameter slab, and the gradient and optimiser-moment slabs of the same layout.
    case parameters, gradients, moment1, moment2
    /// A named parameter (`dense_0.weight`) inside the parameter slab.
    case parameter
    /// A parameter's gradient inside the gradient slab, at the same relative offset.
    case parameterGradient = "parameter_gradient"
    /// Written by the data stage before every step or evaluation: the batch's
    /// inputs, targets and (chi2) per-point uncertainties or inverse covariance.
    case input, target, uncertainty
    case inverseCovariance = "inverse_covariance"
    /// Written by the host when it changes, read by every step: the learning
    /// rate of a schedule, a penalty's multiplier.
    case state
    /// Written once a fit (or by the interpreter, for a scalar): FK tables,
    /// central values, inverse covariances, quadrature weights, grid points.
    case constant
    /// A layer's `W·x + b`, kept where backward or a fused loss needs it.
    case preactivation
    /// A layer's activation output.
    case activation
    /// An inverted-dropout mask (0 or 1/(1 − rate)), and the masked output.
    case dropoutMask = "dropout_mask"
    case dropoutOutput = "dropout_output"
    /// The loss gradient with respect to a tensor, turned in place into the
    /// gradient with respect to what produced it.
    case gradient
    /// Loss terms (one float each) and their sum.
    case lossTerms = "loss_terms"
    case lossValue = "loss_value"
    /// An instruction's private scratch (a transposed input, a loss's partial sums).
    case scratch
    /// The kernels' per-thread packing scratch, shared by every GEMM.
    case workspace

    /// The parameter, gradient and moment slabs.
    public var isSlab: Bool {
        switch self {
        case .parameters, .gradients, .moment1, .moment2: return true
        default: return false
        }
    }

    /// Views into a slab: placed with it, not by the heap simulator.
    public var isView: Bool { self == .parameter || self == .parameterGradient }

    /// Tensors the host reads or writes between runs, or that every program
    /// shares: they live for the whole timeline.
    public var isPersistent: Bool {
        switch self {
        case .input, .target, .uncertainty, .inverseCovariance, .state, .constant, .workspace: return true
        default: return isSlab || isView
        }
    }
}
