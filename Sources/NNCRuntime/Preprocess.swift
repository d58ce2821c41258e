import NNCKernels

/// The preprocessing of the network's outputs, y_o = x^a_o (1 − x)^b_o · NN_o,
/// forward and backward side by side. Buffers are feature-major with
/// `columns` points a row; the kernel variant `kernels` names computes it
/// (`Sources/NNCKernels/Physics.h`). x lies in (0, 1]; at x = 1 the factor is 0 for
/// b > 0 and the exponents' gradients take their limits there.
public enum Preprocess {
    /// logs[0][c] = ln x_c, logs[1][c] = ln(1 − x_c); factor[o][c] =
    /// exp(a_o·ln x_c + b_o·ln(1 − x_c)); y[o][c] = factor[o][c]·input[o][c].
    /// An exponent of 0 is a factor of 1, even where its logarithm is −∞ (x = 1).
    public static func forward(
        x: UnsafePointer<Float>, a: UnsafePointer<Float>, b: UnsafePointer<Float>, input: UnsafePointer<Float>,
        factor: UnsafeMutablePointer<Float>, logs: UnsafeMutablePointer<Float>, y: UnsafeMutablePointer<Float>,
        outputs: Int, columns: Int, kernels: KernelVariant = .best
    ) {
        kernels.table.pointee.preprocess_forward(x, a, b, input, factor, logs, y, Int64(outputs), Int64(columns))
    }

    /// With g = ∂L/∂y: ∂L/∂a_o = Σ_c g·y·ln x, ∂L/∂b_o = Σ_c g·y·ln(1 − x)
    /// (when their gradients are asked for; where y is 0, its logarithm's −∞
    /// adds nothing: the limit of y·ln(1 − x)), then g ⊙= factor in place: ∂L/∂input.
    public static func backward(
        gradient g: UnsafeMutablePointer<Float>, y: UnsafePointer<Float>, factor: UnsafePointer<Float>,
        logs: UnsafePointer<Float>, aGradient: UnsafeMutablePointer<Float>?, bGradient: UnsafeMutablePointer<Float>?,
        outputs: Int, columns: Int, kernels: KernelVariant = .best
    ) {
        kernels.table.pointee.preprocess_backward(g, y, factor, logs, aGradient, bGradient, Int64(outputs), Int64(columns))
    }
}
