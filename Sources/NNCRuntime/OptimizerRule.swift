import Foundation

/// An optimiser's update rule over the flat parameter slab: one vector loop
/// per step, PyTorch's formulas and defaults (torch.optim, single-tensor path).
///
/// State slabs have the parameter slab's layout: `first` and `second` below.
/// - sgd: `first` = momentum buffer (when momentum ≠ 0). buf = μ·buf + g;
///   the step uses g + μ·buf with nesterov, else buf. p −= lr·step.
/// - adam: m = m + (1−β1)·(g − m) (torch's lerp), v = β2·v + (1−β2)·g²;
///   p −= (lr/(1−β1ᵗ))·m / (√v/√(1−β2ᵗ) + ε).
/// - adamw: p ·= 1 − lr·wd first (decoupled weight decay), then adam.
/// - rmsprop: v = α·v + (1−α)·g² (α in `beta2`); p −= lr·g/(√v + ε).
/// - adagrad: s += g²; p −= lr·g/(√s + ε).
public struct OptimizerRule: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case sgd, adam, adamw, rmsprop, adagrad
    }

    public var kind: Kind
    public var learningRate: Double
    public var momentum: Double
    public var nesterov: Bool
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    public var weightDecay: Double
    /// Clip the gradient slab's global L2 norm to this before the update.
    public var clipnorm: Double?

    public init(
        kind: Kind, learningRate: Double, momentum: Double = 0, nesterov: Bool = false,
        beta1: Double = 0.9, beta2: Double? = nil, epsilon: Double? = nil,
        weightDecay: Double? = nil, clipnorm: Double? = nil
    ) {
        self.kind = kind
        self.learningRate = learningRate
        self.momentum = momentum
        self.nesterov = nesterov
        self.beta1 = beta1
        self.beta2 = beta2 ?? (kind == .rmsprop ? 0.99 : 0.999)
        self.epsilon = epsilon ?? (kind == .adagrad ? 1e-10 : 1e-8)
        self.weightDecay = weightDecay ?? (kind == .adamw ? 0.01 : 0)
        self.clipnorm = clipnorm
    }

    /// How many state slabs (each the size of the parameter slab) the rule keeps.
    public var stateSlabs: Int {
        switch kind {
        case .sgd: return momentum != 0 ? 1 : 0
        case .adam, .adamw: return 2
        case .rmsprop, .adagrad: return 1
        }
    }

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
        let lr = Float(learningRate)
        switch kind {
        case .sgd:
            if momentum == 0 {
                Vector.map2(p, g, p, count) { p, g in p.addingProduct(g, Float8(repeating: -lr)) }
            } else {
                let mu = Float(momentum)
                let nesterov = self.nesterov
                Self.forEachChunk(count) { i, n in
                    let gv = Vector.loadPartial(g + i, n)
                    let buf = gv.addingProduct(Vector.loadPartial(first! + i, n), Float8(repeating: mu))
                    Vector.storePartial(buf, first! + i, n)
                    let d = nesterov ? gv.addingProduct(buf, Float8(repeating: mu)) : buf
                    let pv = Vector.loadPartial(p + i, n)
                    Vector.storePartial(pv.addingProduct(d, Float8(repeating: -lr)), p + i, n)
                }
            }
        case .adam, .adamw:
            let t = Double(step)
            // 1 − β in Double, then rounded, as PyTorch passes them.
            let c1 = Float(1 - beta1), b2 = Float(beta2), c2 = Float(1 - beta2)
            let stepSize = Float(learningRate / (1 - pow(beta1, t)))
            let correction2 = Float((1 - pow(beta2, t)).squareRoot())
            let eps = Float(epsilon)
            let decay = kind == .adamw ? Float(1 - learningRate * weightDecay) : 1
            Self.forEachChunk(count) { i, n in
                let gv = Vector.loadPartial(g + i, n)
                var m = Vector.loadPartial(first! + i, n)
                var v = Vector.loadPartial(second! + i, n)
                m = m.addingProduct(gv - m, Float8(repeating: c1))  // lerp, as torch's exp_avg.lerp_
                v = v * b2 + gv * gv * c2
                Vector.storePartial(m, first! + i, n)
                Vector.storePartial(v, second! + i, n)
                let denominator = v.squareRoot() / correction2 + eps
                let pv = Vector.loadPartial(p + i, n) * decay
                Vector.storePartial(pv - stepSize * (m / denominator), p + i, n)
            }
        case .rmsprop:
            let alpha = Float(beta2), rest = Float(1 - beta2), eps = Float(epsilon)
            Self.forEachChunk(count) { i, n in
                let gv = Vector.loadPartial(g + i, n)
                let v = Vector.loadPartial(first! + i, n) * alpha + gv * gv * rest
                Vector.storePartial(v, first! + i, n)
                let pv = Vector.loadPartial(p + i, n)
                Vector.storePartial(pv - lr * (gv / (v.squareRoot() + eps)), p + i, n)
            }
        case .adagrad:
            let eps = Float(epsilon)
            Self.forEachChunk(count) { i, n in
                let gv = Vector.loadPartial(g + i, n)
                let s = Vector.loadPartial(first! + i, n) + gv * gv
                Vector.storePartial(s, first! + i, n)
                let pv = Vector.loadPartial(p + i, n)
                Vector.storePartial(pv - lr * (gv / (s.squareRoot() + eps)), p + i, n)
            }
        }
        return norm
    }

    /// PyTorch's clip_grad_norm_: with ‖g‖₂ the global norm, scales g by
    /// maxNorm/(‖g‖ + 1e-6) when that is below 1. Returns ‖g‖ before clipping.
    @discardableResult
    public static func clipGlobalNorm(
        _ g: UnsafeMutablePointer<Float>, count: Int, maxNorm: Double
    ) -> Double {
        let squares = Loss.accumulate(count) { i, n in
            let v = Vector.loadPartial(g + i, n)
            return v * v
        }
        let norm = squares.squareRoot()
        let coefficient = maxNorm / (norm + 1e-6)
        if coefficient < 1 {
            let c = Float(coefficient)
            Vector.map(g, g, count) { $0 * c }
        }
        return norm
    }

    @inline(__always)
    static func forEachChunk(_ count: Int, _ body: (Int, Int) -> Void) {
        var i = 0
        while i < count {
            body(i, min(8, count - i))
            i += 8
        }
    }
}
