/// Eight float lanes: one AVX2 register, the unit every kernel computes in.
public typealias Float8 = SIMD8<Float>

/// Vectorised elementary functions on eight lanes, with stated error bounds.
///
/// libm's scalar functions cost several nanoseconds a value (DESIGN §6), more
/// than a whole tiny training step can afford, so the activations use these.
/// Bounds below are the maxima measured by `VectorMathTests` against libm in
/// Double over the whole float domain (dense sweeps plus ±0, ±inf, NaN, the
/// extremes of the range); "ulp" is relative to the exact result.
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
    // Cody–Waite split of ln 2: the high part has few bits, so n·ln2Hi is exact.
    @usableFromInline static let ln2Hi: Float = 0.693_145_751_953_125
    @usableFromInline static let ln2Lo: Float = 1.428_606_820_309_417_232e-6
    @usableFromInline static let log2e: Float = 1.442_695_040_888_963_4
    /// 1.5·2²³: adding it rounds to an integer held in the low mantissa bits.
    @usableFromInline static let roundingMagic: Float = 12_582_912

    /// 2^n for integer n in [−126, 127], built from the exponent bits.
    @inline(__always) @usableFromInline
    static func pow2(_ n: SIMD8<Int32>) -> Float8 {
        unsafeBitCast((n &+ 127) &<< 23, to: Float8.self)
    }

    /// The larger of each pair; a NaN in `a` is kept. (The standard library's
    /// `pointwiseMax` compiles to a scalar loop per lane; this is one compare and blend.)
    @inline(__always) @usableFromInline
    static func maximum(_ a: Float8, _ b: Float8) -> Float8 {
        a.replacing(with: b, where: a .< b)
    }

    /// The smaller of each pair; a NaN in `a` is kept.
    @inline(__always) @usableFromInline
    static func minimum(_ a: Float8, _ b: Float8) -> Float8 {
        a.replacing(with: b, where: b .< a)
    }

    /// x limited to [lo, hi]; NaN stays NaN.
    @inline(__always) @usableFromInline
    static func clamp(_ x: Float8, _ lo: Float, _ hi: Float) -> Float8 {
        minimum(maximum(x, Float8(repeating: lo)), Float8(repeating: hi))
    }

    /// |x| by clearing the sign bits.
    @inline(__always) @usableFromInline
    static func magnitude(_ x: Float8) -> Float8 {
        unsafeBitCast(unsafeBitCast(x, to: SIMD8<UInt32>.self) & 0x7FFF_FFFF, to: Float8.self)
    }

    /// Small integers (|n| < 2²²) to float through the rounding constant, one add each.
    @inline(__always) @usableFromInline
    static func toFloat(_ n: SIMD8<Int32>) -> Float8 {
        let magic = unsafeBitCast(Float8(repeating: roundingMagic), to: SIMD8<Int32>.self)
        return unsafeBitCast(n &+ magic, to: Float8.self) - roundingMagic
    }

    /// Splits x = n·ln2 + r with |r| ≤ ln2/2; returns r and n (as float and int).
    @inline(__always) @usableFromInline
    static func reduce(_ x: Float8) -> (r: Float8, n: Float8, ni: SIMD8<Int32>) {
        let t = x * log2e + roundingMagic
        let n = t - roundingMagic
        let ni = unsafeBitCast(t, to: SIMD8<Int32>.self) &- unsafeBitCast(Float8(repeating: roundingMagic), to: SIMD8<Int32>.self)
        // n·ln2Hi is exact (|n| ≤ 150 needs 8 bits, ln2Hi has 16), so is x − n·ln2Hi.
        return ((x - n * ln2Hi) - n * ln2Lo, n, ni)
    }

    /// e^x.
    @inline(__always)
    public static func exp(_ x: Float8) -> Float8 {
        // Beyond the clamp the result is 0 (below the smallest denormal) or +inf.
        let xc = clamp(x, -104, 89)
        let (r, _, n) = reduce(xc)
        // Taylor series of e^r to degree 7: truncation r⁸/8! < 5.2e-9 for |r| ≤ ln2/2.
        // Estrin's scheme: a shorter dependency chain than Horner's.
        let r2 = r * r
        let p01 = r + 1
        let p23 = r * (1.0 / 6) + 0.5
        let p45 = r * (1.0 / 120) + (1.0 / 24)
        let p67 = r * (1.0 / 5040) + (1.0 / 720)
        let r4 = r2 * r2
        let p = (p23 * r2 + p01) + (p67 * r2 + p45) * r4
        // Scale in two halves so that 2^n never leaves the normal range on its
        // own: results near FLT_MAX and down in the denormals come out right.
        let n1 = n &>> 1
        let n2 = n &- n1
        let y = p * pow2(n1) * pow2(n2)
        return y.replacing(with: x, where: x .!= x)
    }

    /// e^x − 1, accurate relative to the result near 0 too.
    @inline(__always)
    public static func expm1(_ x: Float8) -> Float8 {
        var y = expm1Core(x)
        // Beyond 88 the core's 2^n would overflow; there e^x − 1 is e^x in float.
        y = y.replacing(with: exp(x), where: x .> 88)
        return y.replacing(with: x, where: x .!= x)
    }

    /// expm1 for x ≤ 88 (larger x is treated as 88); NaN is not propagated.
    @inline(__always) @usableFromInline
    static func expm1Core(_ x: Float8) -> Float8 {
        let xc = clamp(x, -88, 88)
        let (r, _, n) = reduce(xc)
        // e^r − 1 by its Taylor series to degree 8, without the constant term.
        let r2 = r * r
        let r4 = r2 * r2
        let p01 = r * 0.5 + 1
        let p23 = r * (1.0 / 24) + (1.0 / 6)
        let p45 = r * (1.0 / 720) + (1.0 / 120)
        let p67 = r * (1.0 / 40320) + (1.0 / 5040)
        let em = ((p23 * r2 + p01) + (p67 * r2 + p45) * r4) * r
        // e^x − 1 = 2^n·(e^r − 1) + (2^n − 1): 2^n − 1 is exact in float for
        // |n| ≤ 24, and beyond that the sum has no cancellation to lose.
        let scale = pow2(n)
        return scale * em + (scale - 1)
    }

    /// ln x: −inf at 0, NaN below 0, +inf at +inf.
    @inline(__always)
    public static func log(_ x: Float8) -> Float8 {
        // Denormal inputs are scaled into the normal range first.
        let tiny = x .< Float.leastNormalMagnitude
        let xs = x.replacing(with: x * 8_388_608, where: tiny)
        let bits = unsafeBitCast(xs, to: SIMD8<Int32>.self)
        var e = (bits &>> 23) &- 127
        e = e.replacing(with: e &- 23, where: tiny)
        var m = unsafeBitCast((bits & 0x007F_FFFF) | 0x3F80_0000, to: Float8.self)
        // Centre the mantissa on 1: m in [√½, √2).
        let big = m .> 1.414_213_6
        m = m.replacing(with: m * 0.5, where: big)
        e = e.replacing(with: e &+ 1, where: big)
        // ln m = 2·atanh(s), s = (m−1)/(m+1), |s| ≤ 0.1716: series to s⁹, truncation < 2.1e-9.
        let s = (m - 1) / (m + 1)
        let z = s * s
        var p = z * (1.0 / 9) + (1.0 / 7)
        p = p * z + (1.0 / 5)
        p = p * z + (1.0 / 3)
        p = p * z + (1)
        let lnm = (s + s) * p
        let ef = toFloat(e)
        var y = (lnm + ef * ln2Lo) + ef * ln2Hi
        y = y.replacing(with: Float8(repeating: -.infinity), where: x .== 0)
        y = y.replacing(with: Float8(repeating: .nan), where: x .< 0)
        y = y.replacing(with: x, where: (x .== .infinity) .| (x .!= x))
        return y
    }

    /// tanh x ≈ x·P(x²)/Q(x²), a rational minimax fit of degree 4/4 in x² on
    /// [0, 9] (fitted for nnc by weighted least squares on the relative error;
    /// the script is in bench/tools/tanh_fit.py). Beyond ±9, ±tanh(9) = ±(1 − 3e-8).
    @inline(__always)
    public static func tanh(_ x: Float8) -> Float8 {
        let xc = clamp(x, -9, 9)
        let t = xc * xc
        // Horner steps as single FMAs: `a * b + c` on vectors compiles to a
        // multiply and an add, and the division already takes most of the time.
        var p = fma(t, 1.335_415_511_505_289e-08, 2.060_870_428_977_068_5e-05)
        p = fma(p, t, 0.003_495_564_917_102_456)
        p = fma(p, t, 0.133_810_058_236_122_13)
        p = fma(p, t, 1)
        var q = fma(t, 7.776_347_388_244_176e-07, 0.000_328_559_690_387_919_55)
        q = fma(q, t, 0.025_876_894_593_238_83)
        q = fma(q, t, 0.467_143_207_788_467_4)
        q = fma(q, t, 1)
        return xc * p / q
    }

    /// a·b + c rounded once (one vfmadd on this build's target).
    @inline(__always) @usableFromInline
    static func fma(_ a: Float8, _ b: Float8, _ c: Float) -> Float8 {
        Float8(repeating: c).addingProduct(a, b)
    }

    @inline(__always) @usableFromInline
    static func fma(_ a: Float8, _ b: Float, _ c: Float) -> Float8 {
        Float8(repeating: c).addingProduct(a, Float8(repeating: b))
    }

    /// 1 / (1 + e^−x).
    @inline(__always)
    public static func sigmoid(_ x: Float8) -> Float8 {
        1 / (1 + exp(-x))
    }

    /// The error function.
    @inline(__always)
    public static func erf(_ x: Float8) -> Float8 {
        let a = magnitude(x)
        // Near 0: 2/√π · Σ (−1)ⁿ x^(2n+1) / (n!(2n+1)), to n = 6 (truncation < 1e-9 at 0.5).
        let z = x * x
        var s = z * (-1.0 / 75600) + (1.0 / 9360)
        s = s * z + (-1.0 / 1320)
        s = s * z + (1.0 / 216)
        s = s * z + (-1.0 / 42)
        s = s * z + (1.0 / 10)
        s = s * z + (-1.0 / 3)
        s = s * z + (1)
        let small = x * s * 1.128_379_167_095_512_6
        // Beyond: Abramowitz & Stegun 7.1.26, absolute error ≤ 1.5e-7.
        let t = 1 / (a * 0.327_591_1 + 1)
        var q = t * 1.061_405_429 + (-1.453_152_027)
        q = q * t + (1.421_413_741)
        q = q * t + (-0.284_496_736)
        q = q * t + (0.254_829_592)
        q = q * t
        let large = 1 - q * exp(-z)
        var y = large.replacing(with: -large, where: x .< 0)
        y = y.replacing(with: small, where: a .< 0.5)
        return y.replacing(with: x, where: x .!= x)
    }
}
