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
/// | `exp` | 1.5e-7 | — | 0 below −103.97, +inf above 88.72; denormal results within one denormal step |
/// | `expm1` | 2e-7 | — | −1 below −88 |
/// | `log` | 2.5e-7 | — | 0 → −inf, x < 0 → NaN, denormal inputs handled |
/// | `tanh` | 2.5e-7 | 1.6e-7 | ±1 beyond ±9.02 (exact in float) |
/// | `sigmoid` | 2e-7 | 1.2e-7 | |
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
        let t = Float8(repeating: roundingMagic).addingProduct(x, Float8(repeating: log2e))
        let n = t - roundingMagic
        let ni = unsafeBitCast(t, to: SIMD8<Int32>.self) &- unsafeBitCast(Float8(repeating: roundingMagic), to: SIMD8<Int32>.self)
        var r = x.addingProduct(n, Float8(repeating: -ln2Hi))
        r = r.addingProduct(n, Float8(repeating: -ln2Lo))
        return (r, n, ni)
    }

    /// e^x.
    @inline(__always)
    public static func exp(_ x: Float8) -> Float8 {
        // Beyond the clamp the result is 0 (below the smallest denormal) or +inf.
        let xc = x.clamped(lowerBound: Float8(repeating: -104), upperBound: Float8(repeating: 89))
        let (r, _, n) = reduce(xc)
        // Taylor series of e^r to degree 7: truncation r⁸/8! < 5.2e-9 for |r| ≤ ln2/2.
        var p = Float8(repeating: 1.0 / 720).addingProduct(Float8(repeating: 1.0 / 5040), r)
        p = Float8(repeating: 1.0 / 120).addingProduct(p, r)
        p = Float8(repeating: 1.0 / 24).addingProduct(p, r)
        p = Float8(repeating: 1.0 / 6).addingProduct(p, r)
        p = Float8(repeating: 0.5).addingProduct(p, r)
        p = Float8(repeating: 1).addingProduct(p, r)
        p = Float8(repeating: 1).addingProduct(p, r)
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
        let xc = x.clamped(lowerBound: Float8(repeating: -88), upperBound: Float8(repeating: 88))
        let (r, _, n) = reduce(xc)
        // e^r − 1 by its Taylor series to degree 8, without the constant term.
        var p = Float8(repeating: 1.0 / 5040).addingProduct(Float8(repeating: 1.0 / 40320), r)
        p = Float8(repeating: 1.0 / 720).addingProduct(p, r)
        p = Float8(repeating: 1.0 / 120).addingProduct(p, r)
        p = Float8(repeating: 1.0 / 24).addingProduct(p, r)
        p = Float8(repeating: 1.0 / 6).addingProduct(p, r)
        p = Float8(repeating: 0.5).addingProduct(p, r)
        p = Float8(repeating: 1).addingProduct(p, r)
        let em = p * r
        // e^x − 1 = 2^n·(e^r − 1) + (2^n − 1): 2^n − 1 is exact in float for
        // |n| ≤ 24, and beyond that the sum has no cancellation to lose.
        let scale = pow2(n)
        return (scale - 1).addingProduct(scale, em)
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
        var p = Float8(repeating: 1.0 / 7).addingProduct(Float8(repeating: 1.0 / 9), z)
        p = Float8(repeating: 1.0 / 5).addingProduct(p, z)
        p = Float8(repeating: 1.0 / 3).addingProduct(p, z)
        p = Float8(repeating: 1).addingProduct(p, z)
        let lnm = (s + s) * p
        let ef = toFloat(e)
        var y = lnm.addingProduct(ef, Float8(repeating: ln2Lo)).addingProduct(ef, Float8(repeating: ln2Hi))
        y = y.replacing(with: Float8(repeating: -.infinity), where: x .== 0)
        y = y.replacing(with: Float8(repeating: .nan), where: x .< 0)
        y = y.replacing(with: x, where: (x .== .infinity) .| (x .!= x))
        return y
    }

    /// tanh x = expm1(2x) / (expm1(2x) + 2).
    @inline(__always)
    public static func tanh(_ x: Float8) -> Float8 {
        // tanh(9.02) rounds to 1 in float; the clamp also keeps expm1 finite.
        let xc = x.clamped(lowerBound: Float8(repeating: -9.02), upperBound: Float8(repeating: 9.02))
        let em = expm1Core(xc + xc)
        let y = em / (em + 2)
        return y.replacing(with: x, where: x .!= x)
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
        var s = Float8(repeating: 1.0 / 9360).addingProduct(Float8(repeating: -1.0 / 75600), z)
        s = Float8(repeating: -1.0 / 1320).addingProduct(s, z)
        s = Float8(repeating: 1.0 / 216).addingProduct(s, z)
        s = Float8(repeating: -1.0 / 42).addingProduct(s, z)
        s = Float8(repeating: 1.0 / 10).addingProduct(s, z)
        s = Float8(repeating: -1.0 / 3).addingProduct(s, z)
        s = Float8(repeating: 1).addingProduct(s, z)
        let small = x * s * 1.128_379_167_095_512_6
        // Beyond: Abramowitz & Stegun 7.1.26, absolute error ≤ 1.5e-7.
        let t = 1 / (Float8(repeating: 1).addingProduct(a, Float8(repeating: 0.327_591_1)))
        var q = Float8(repeating: -1.453_152_027).addingProduct(t, Float8(repeating: 1.061_405_429))
        q = Float8(repeating: 1.421_413_741).addingProduct(q, t)
        q = Float8(repeating: -0.284_496_736).addingProduct(q, t)
        q = Float8(repeating: 0.254_829_592).addingProduct(q, t)
        q = q * t
        let large = 1 - q * exp(-z)
        var y = large.replacing(with: -large, where: x .< 0)
        y = y.replacing(with: small, where: a .< 0.5)
        return y.replacing(with: x, where: x .!= x)
    }
}
