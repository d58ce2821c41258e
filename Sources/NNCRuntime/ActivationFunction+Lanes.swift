import NNCPlan

/// The activations' formulas on eight lanes. Each kernel closure is a single
/// call to one of these: the compiler inlines a closure into the vector loop
/// only when its body is small, and an always-inline call is small, where the
/// lane-wise standard library code behind `.<` or `replacing` is not.
extension Activation {
    @inline(__always) static func select(_ mask: SIMDMask<SIMD8<Int32>>, _ a: Float8, else b: Float8) -> Float8 {
        b.replacing(with: a, where: mask)
    }

    static let invSqrt2: Float = 0.707_106_781_186_547_5
    static let invSqrt2Pi: Float = 0.398_942_280_401_432_7

    // Forward, from the pre-activation x.

    @inline(__always) static func reluLanes(_ x: Float8) -> Float8 {
        VectorMath.maximum(x, Float8())
    }

    @inline(__always) static func leakyReLULanes(_ x: Float8, _ alpha: Float) -> Float8 {
        select(x .< Float8(), x * alpha, else: x)
    }

    @inline(__always) static func eluLanes(_ x: Float8, _ alpha: Float) -> Float8 {
        select(x .< Float8(), VectorMath.expm1(x) * alpha, else: x)
    }

    @inline(__always) static func seluLanes(_ x: Float8) -> Float8 {
        select(x .< Float8(), VectorMath.expm1(x) * seluAlpha, else: x) * seluScale
    }

    /// max(x, 0) + log1p(e^−|x|): stable for any x.
    @inline(__always) static func softplusLanes(_ x: Float8) -> Float8 {
        let u = VectorMath.exp(-VectorMath.magnitude(x))
        return VectorMath.maximum(x, Float8()) + log1p(u)
    }

    @inline(__always) static func geluLanes(_ x: Float8) -> Float8 {
        x * 0.5 * (1 + VectorMath.erf(x * invSqrt2))
    }

    @inline(__always) static func swishLanes(_ x: Float8) -> Float8 {
        x * VectorMath.sigmoid(x)
    }

    // Backward: the incoming gradient g times f′, from the output v or the pre-activation x.

    @inline(__always) static func sigmoidBackward(_ g: Float8, _ s: Float8) -> Float8 {
        g * s * (1 - s)
    }

    @inline(__always) static func tanhBackward(_ g: Float8, _ t: Float8) -> Float8 {
        g * (1 - t * t)
    }

    @inline(__always) static func reluBackward(_ g: Float8, _ v: Float8) -> Float8 {
        select(v .> Float8(), g, else: Float8())
    }

    @inline(__always) static func leakyBackward(_ g: Float8, _ v: Float8, _ alpha: Float) -> Float8 {
        select(v .> Float8(), g, else: g * alpha)
    }

    /// From the output: y = α(eˣ − 1) below 0, so f′ = α·eˣ = y + α there.
    @inline(__always) static func eluBackwardFromOutput(_ g: Float8, _ v: Float8, _ alpha: Float) -> Float8 {
        select(v .> Float8(), g, else: g * (v + alpha))
    }

    @inline(__always) static func eluBackwardFromInput(_ g: Float8, _ x: Float8, _ alpha: Float) -> Float8 {
        select(x .> Float8(), g, else: g * VectorMath.exp(x) * alpha)
    }

    @inline(__always) static func seluBackward(_ g: Float8, _ v: Float8) -> Float8 {
        select(v .> Float8(), g * seluScale, else: g * (v + seluAlpha * seluScale))
    }

    @inline(__always) static func sigmoidBackwardFromInput(_ g: Float8, _ x: Float8) -> Float8 {
        let s = VectorMath.sigmoid(x)
        return g * s * (1 - s)
    }

    @inline(__always) static func tanhBackwardFromInput(_ g: Float8, _ x: Float8) -> Float8 {
        let t = VectorMath.tanh(x)
        return g * (1 - t * t)
    }

    @inline(__always) static func seluBackwardFromInput(_ g: Float8, _ x: Float8) -> Float8 {
        select(x .> Float8(), g * seluScale, else: g * VectorMath.exp(x) * (seluAlpha * seluScale))
    }

    /// From the output: softplus′(x) = σ(x) = 1 − e^(−y).
    @inline(__always) static func softplusBackwardFromOutput(_ g: Float8, _ y: Float8) -> Float8 {
        g * -VectorMath.expm1(-y)
    }

    @inline(__always) static func softplusBackward(_ g: Float8, _ x: Float8) -> Float8 {
        g * VectorMath.sigmoid(x)
    }

    /// Φ(x) + x·φ(x).
    @inline(__always) static func geluBackward(_ g: Float8, _ x: Float8) -> Float8 {
        let cdf = 0.5 * (1 + VectorMath.erf(x * invSqrt2))
        let pdf = VectorMath.exp(x * x * -0.5) * invSqrt2Pi
        return g * (cdf + x * pdf)
    }

    @inline(__always) static func swishBackward(_ g: Float8, _ x: Float8) -> Float8 {
        let s = VectorMath.sigmoid(x)
        return g * (s + x * s * (1 - s))
    }

    @inline(__always) static func multiply(_ a: Float8, _ b: Float8) -> Float8 {
        a * b
    }
}
