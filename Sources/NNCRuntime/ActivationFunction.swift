import NNCKernels
import NNCPlan

/// The activation kernels, on the vocabulary's `Activation` (the kind with
/// its alpha). Buffers are feature-major, `[features][batch]`. The formulas
/// are the kernel variants' (`Sources/NNCKernels/Activations.h`), run at the
/// width of the variant `kernels` names.
///
/// Backward takes f′ from the saved output y or the pre-activation z, as
/// `Activation.derivativeSource` decides once for the plan; both forms exist
/// for every activation they make sense for (softmax's Jacobian needs y;
/// gelu and swish need z), for every alpha the checker accepts.
extension Activation {
    /// PyTorch's SELU constants.
    public static let seluAlpha: Float = 1.673_263_242_354_377_284_8
    public static let seluScale: Float = 1.050_700_987_355_480_493_4

    /// y = f(z) over a `[features][batch]` buffer; y may be z.
    public func forward(
        _ z: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, features: Int, batch: Int,
        kernels: KernelVariant = .best
    ) {
        kernels.table.pointee.activation_forward(kernel, z, y, Int64(features), Int64(batch))
    }

    /// dZ = dY ⊙ f′ over a `[features][batch]` buffer, f′ taken from the saved
    /// output y or the pre-activation z as `source` says
    /// (`derivativeAvailable(from:)` must hold); `.identity` copies dY. dZ may be dY.
    public func backward(
        _ dY: UnsafePointer<Float>, from source: DerivativeSource, _ saved: UnsafePointer<Float>,
        _ dZ: UnsafeMutablePointer<Float>, features: Int, batch: Int, kernels: KernelVariant = .best
    ) {
        kernels.table.pointee.activation_backward(kernel, source.kernel, dY, saved, dZ, Int64(features), Int64(batch))
    }
}
