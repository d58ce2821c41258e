import Foundation
import NNCPlan

/// The optimisers' update rules over the flat parameter slab, on the
/// vocabulary's `Optimizer` settings: one vector loop per step, PyTorch's
/// formulas (torch.optim, single-tensor path).
///
/// State slabs have the parameter slab's layout: `first` and `second` below.
/// - sgd: `first` = momentum buffer (when momentum ≠ 0). buf = μ·buf + g;
///   the step uses g + μ·buf with nesterov, else buf. p −= lr·step.
/// - adam: m = m + (1−β1)·(g − m) (torch's lerp), v = β2·v + (1−β2)·g²;
///   p −= (lr/(1−β1ᵗ))·m / (√v/√(1−β2ᵗ) + ε).
/// - adamw: p ·= 1 − lr·wd first (decoupled weight decay), then adam.
/// - rmsprop: v = α·v + (1−α)·g² (α in `beta2`); p −= lr·g/(√v + ε).
/// - adagrad: s += g²; p −= lr·g/(√s + ε).
extension Optimizer {
    /// One update of `count` parameters. `step` is this update's 1-based
    /// number (Adam's bias correction). Clips the gradients in place first
    /// when `clipnorm` is set; returns the gradient norm measured then (0 when
    /// not clipping).
    @discardableResult
    public func update(
        parameters p: UnsafeMutablePointer<Float>, gradients g: UnsafeMutablePointer<Float>,
        first: UnsafeMutablePointer<Float>?, second: UnsafeMutablePointer<Float>?,
        count: Int, step: Int
    ) -> Double {
        var norm = 0.0
        if let clipnorm {
            norm = Self.clipGlobalNorm(g, count: count, maxNorm: clipnorm)
        }
        apply(parameters: p, gradients: g, first: first, second: second, range: 0..<count, step: step)
        return norm
    }

    /// The update of parameters in `range` only, without clipping: a thread's
    /// share of the slab (clip the whole gradient slab first).
    public func apply(
        parameters p: UnsafeMutablePointer<Float>, gradients g: UnsafeMutablePointer<Float>,
        first: UnsafeMutablePointer<Float>?, second: UnsafeMutablePointer<Float>?,
        range: Range<Int>, step: Int, learningRate rate: Double? = nil
    ) {
        let learningRate = rate ?? self.learningRate
        let lr = Float(learningRate)
        let count = range.upperBound
        var i = range.lowerBound
        switch kind {
        case .sgd:
            let mu = Float(momentum)
            while i < count {
                Self.sgdLanes(p + i, g + i, momentum == 0 ? nil : first! + i, min(8, count - i), lr, mu, nesterov)
                i += 8
            }
        case .adam, .adamw:
            let t = Double(step)
            // Bias corrections in Double, as PyTorch computes them in Python floats.
            let c = AdamConstants(
                c1: Float(1 - beta1), b2: Float(beta2), c2: Float(1 - beta2),
                stepSize: Float(learningRate / (1 - pow(beta1, t))),
                correction2: Float((1 - pow(beta2, t)).squareRoot()), eps: Float(epsilon),
                decay: kind == .adamw ? Float(1 - learningRate * weightDecay) : 1)
            while i < count {
                Self.adamLanes(p + i, g + i, first! + i, second! + i, min(8, count - i), c)
                i += 8
            }
        case .rmsprop:
            let alpha = Float(beta2), rest = Float(1 - beta2), eps = Float(epsilon)
            while i < count {
                Self.rmspropLanes(p + i, g + i, first! + i, min(8, count - i), lr, alpha, rest, eps)
                i += 8
            }
        case .adagrad:
            let eps = Float(epsilon)
            while i < count {
                Self.adagradLanes(p + i, g + i, first! + i, min(8, count - i), lr, eps)
                i += 8
            }
        }
    }

    struct AdamConstants {
        var c1, b2, c2, stepSize, correction2, eps, decay: Float
        var stepCorrected: Float { stepSize * correction2 }
        var epsCorrected: Float { eps * correction2 }
    }

    // One chunk of up to eight parameters per call; each is always inlined
    // into its loop (a closure there would be a call per chunk).

    @inline(__always)
    static func sgdLanes(
        _ p: UnsafeMutablePointer<Float>, _ g: UnsafeMutablePointer<Float>, _ buffer: UnsafeMutablePointer<Float>?,
        _ n: Int, _ lr: Float, _ mu: Float, _ nesterov: Bool
    ) {
        let gv = Vector.loadPartial(g, n)
        var d = gv
        if let buffer {
            let buf = gv + Vector.loadPartial(buffer, n) * mu
            Vector.storePartial(buf, buffer, n)
            d = nesterov ? gv + buf * mu : buf
        }
        Vector.storePartial(Vector.loadPartial(p, n) - d * lr, p, n)
    }

    @inline(__always)
    static func adamLanes(
        _ p: UnsafeMutablePointer<Float>, _ g: UnsafeMutablePointer<Float>,
        _ m: UnsafeMutablePointer<Float>, _ v: UnsafeMutablePointer<Float>, _ n: Int, _ c: AdamConstants
    ) {
        let gv = Vector.loadPartial(g, n)
        var mv = Vector.loadPartial(m, n)
        var vv = Vector.loadPartial(v, n)
        mv = mv + (gv - mv) * c.c1  // torch's exp_avg.lerp_(g, 1 − β1)
        vv = vv * c.b2 + gv * gv * c.c2
        Vector.storePartial(mv, m, n)
        Vector.storePartial(vv, v, n)
        // stepSize·m / (√v/corr2 + ε) as (stepSize·corr2)·m / (√v + ε·corr2):
        // one division a vector instead of two (they bound the loop's speed).
        let denominator = vv.squareRoot() + c.epsCorrected
        let pv = Vector.loadPartial(p, n) * c.decay
        Vector.storePartial(pv - c.stepCorrected * (mv / denominator), p, n)
    }

    @inline(__always)
    static func rmspropLanes(
        _ p: UnsafeMutablePointer<Float>, _ g: UnsafeMutablePointer<Float>, _ s: UnsafeMutablePointer<Float>,
        _ n: Int, _ lr: Float, _ alpha: Float, _ rest: Float, _ eps: Float
    ) {
        let gv = Vector.loadPartial(g, n)
        let v = Vector.loadPartial(s, n) * alpha + gv * gv * rest
        Vector.storePartial(v, s, n)
        Vector.storePartial(Vector.loadPartial(p, n) - lr * (gv / (v.squareRoot() + eps)), p, n)
    }

    @inline(__always)
    static func adagradLanes(
        _ p: UnsafeMutablePointer<Float>, _ g: UnsafeMutablePointer<Float>, _ s: UnsafeMutablePointer<Float>,
        _ n: Int, _ lr: Float, _ eps: Float
    ) {
        let gv = Vector.loadPartial(g, n)
        let sum = Vector.loadPartial(s, n) + gv * gv
        Vector.storePartial(sum, s, n)
        Vector.storePartial(Vector.loadPartial(p, n) - lr * (gv / (sum.squareRoot() + eps)), p, n)
    }

    /// PyTorch's clip_grad_norm_: with ‖g‖₂ the global norm, scales g by
    /// maxNorm/(‖g‖ + 1e-6) when that is below 1. Returns ‖g‖ before clipping.
    @discardableResult
    public static func clipGlobalNorm(
        _ g: UnsafeMutablePointer<Float>, count: Int, maxNorm: Double
    ) -> Double {
        var squares = 0.0
        var i = 0
        while i < count {
            // Float lanes over blocks of 512, summed in Double.
            var lanes = Float8()
            let end = min(count, i + 512)
            while i < end {
                let v = Vector.loadPartial(g + i, min(8, end - i))
                lanes += v * v
                i += 8
            }
            squares += Vector.sum(lanes)
        }
        let norm = squares.squareRoot()
        let coefficient = maxNorm / (norm + 1e-6)
        if coefficient < 1 {
            let c = Float(coefficient)
            Vector.map(g, g, count) { $0 * c }
        }
        return norm
    }
}
