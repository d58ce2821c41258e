import NNCKernels

/// Vectorised elementary functions, with stated error bounds, at the width of
/// a kernel variant (`Sources/NNCKernels/MathFunctions.h`): the activations and
/// losses are built on them.
///
/// libm's scalar functions cost several nanoseconds a value (DESIGN §6), more
/// than a whole tiny training step can afford, so the activations use these.
/// Bounds below are the maxima `VectorMathTests` measures against libm in
/// Double over the whole float domain (dense sweeps plus ±0, ±inf, NaN, the
/// extremes of the range), for every variant the CPU runs; "ulp" is relative
/// to the exact result.
///
/// | function | max relative error | max absolute error | notes |
/// |---|---|---|---|
/// | `exp` | 2e-7 | — | 0 below −103.97, +inf above 88.72; denormal results within one denormal step |
/// | `expm1` | 2e-7 | — | −1 below −88 |
/// | `log` | 2.5e-7 | — | 0 → −inf, x < 0 → NaN, denormal inputs handled |
/// | `tanh` | 4e-7 | 4e-7 | rational 4/4 in x²; ±tanh(9) beyond ±9 |
/// | `sigmoid` | 2.5e-7 | 1.2e-7 | |
/// | `erf` | 2.5e-7 on \|x\| < 0.5 | 4e-7 | Taylor series near 0, Abramowitz–Stegun 7.1.26 beyond |
///
/// Every function returns NaN for a NaN input.
public enum VectorMath {
    public enum Function: CaseIterable, Sendable {
        case exp, expm1, log, tanh, sigmoid, erf

        var code: Int32 {
            switch self {
            case .exp: return NNC_FN_EXP
            case .expm1: return NNC_FN_EXPM1
            case .log: return NNC_FN_LOG
            case .tanh: return NNC_FN_TANH
            case .sigmoid: return NNC_FN_SIGMOID
            case .erf: return NNC_FN_ERF
            }
        }
    }

    /// y[i] = f(x[i]) for i < count; y may be x.
    public static func apply(
        _ f: Function, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int,
        kernels: KernelVariant = .best
    ) {
        kernels.table.pointee.math(f.code, x, y, Int64(count))
    }
}
