import NNCKernels

/// An activation as the runtime applies it: the closed list of DESIGN §2 with
/// its parameters resolved. Buffers are feature-major, `[features][batch]`.
///
/// Backward takes the saved output `y` where the derivative is a function of
/// it (sigmoid, tanh, relu, leaky_relu and elu with alpha > 0, selu, softmax),
/// so the pre-activation need not be kept; gelu, swish and softplus need the
/// pre-activation `z` (see `needsPreactivation`). The formulas are the
/// kernel variants' (`Sources/NNCKernels/Activations.h`).
public enum ActivationFunction: Equatable, Sendable {
    case linear
    case sigmoid
    case tanh
    case relu
    case leakyReLU(alpha: Float)
    case elu(alpha: Float)
    case selu
    case softplus
    /// The exact form 0.5·x·(1 + erf(x/√2)), PyTorch's default.
    case gelu
    /// x·sigmoid(x) (SiLU).
    case swish
    /// Over the features of each sample (each column of a `[features][batch]` buffer).
    case softmax

    /// PyTorch's SELU constants.
    public static let seluAlpha: Float = 1.673_263_242_354_377_284_8
    public static let seluScale: Float = 1.050_700_987_355_480_493_4

    /// Where a backward pass takes the derivative from.
    public enum DerivativeSource: Equatable, Sendable {
        /// From the saved output y = f(z).
        case output
        /// From the pre-activation z.
        case preactivation
    }

    /// True when the derivative can be computed from the output alone.
    public var derivativeFromOutput: Bool {
        switch self {
        case .gelu, .swish: return false
        // The sign of the output tells the branch only when alpha > 0.
        case .leakyReLU(let alpha), .elu(let alpha): return alpha > 0
        default: return true
        }
    }

    /// True when the derivative can be computed from the pre-activation alone.
    public var derivativeFromPreactivation: Bool {
        self != .softmax
    }

    /// True when backward needs the pre-activation rather than the output.
    public var needsPreactivation: Bool { !derivativeFromOutput }

    /// Whether `source` can give this activation's derivative.
    public func supports(_ source: DerivativeSource) -> Bool {
        source == .output ? derivativeFromOutput : derivativeFromPreactivation
    }

    /// y = f(z) over a `[features][batch]` buffer; y may be z.
    public func forward(
        _ z: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, features: Int, batch: Int,
        kernels: KernelVariant = .best
    ) {
        kernels.table.pointee.activation_forward(kernel, z, y, Int64(features), Int64(batch))
    }

    /// dZ = dY ⊙ f′ over a `[features][batch]` buffer, f′ taken from the saved
    /// output y or the pre-activation z as `source` says (`supports(source)`
    /// must hold; otherwise dZ is left as dY). dZ may be dY.
    public func backward(
        _ dY: UnsafePointer<Float>, from source: DerivativeSource, _ saved: UnsafePointer<Float>,
        _ dZ: UnsafeMutablePointer<Float>, features: Int, batch: Int, kernels: KernelVariant = .best
    ) {
        kernels.table.pointee.activation_backward(kernel, source.kernel, dY, saved, dZ, Int64(features), Int64(batch))
    }
}
