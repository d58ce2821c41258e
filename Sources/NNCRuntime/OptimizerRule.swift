import Foundation
import NNCKernels
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
        count: Int, step: Int, kernels: KernelVariant = .best
    ) -> Double {
        var norm = 0.0
        if let clipnorm {
            norm = Self.clipGlobalNorm(g, count: count, maxNorm: clipnorm, kernels: kernels)
        }
        apply(parameters: p, gradients: g, first: first, second: second, range: 0..<count, step: step, kernels: kernels)
        return norm
    }

    /// The update of parameters in `range` only, without clipping: a thread's
    /// share of the slab (clip the whole gradient slab first). `learningRate`
    /// overrides the settings' (a schedule's value for this step). The vector
    /// loop is the kernel variant's (`Sources/NNCKernels/Optimizers.h`).
    public func apply(
        parameters p: UnsafeMutablePointer<Float>, gradients g: UnsafeMutablePointer<Float>,
        first: UnsafeMutablePointer<Float>?, second: UnsafeMutablePointer<Float>?,
        range: Range<Int>, step: Int, learningRate rate: Double? = nil, kernels: KernelVariant = .best
    ) {
        var u = kernelUpdate(step: step, learningRate: rate ?? learningRate, first: first, second: second)
        kernels.table.pointee.update(p, g, Int64(range.lowerBound), Int64(range.upperBound), &u)
    }

    /// The update as the kernels take it: the rule, its constants for update
    /// number `step` at `learningRate`, and the state slabs.
    func kernelUpdate(
        step: Int, learningRate: Double, first: UnsafeMutablePointer<Float>?, second: UnsafeMutablePointer<Float>?
    ) -> nnc_update {
        var u = nnc_update()
        u.lr = Float(learningRate)
        u.first = first
        u.second = second
        switch kind {
        case .sgd:
            u.rule = NNC_SGD
            u.momentum = Float(momentum)
            u.nesterov = nesterov ? 1 : 0
            if momentum == 0 { u.first = nil }
        case .adam, .adamw:
            u.rule = NNC_ADAM
            u.adam = adamConstants(step: step, learningRate: learningRate)
        case .rmsprop:
            u.rule = NNC_RMSPROP
            u.alpha = Float(beta2)
            u.rest = Float(1 - beta2)
            u.eps = Float(epsilon)
        case .adagrad:
            u.rule = NNC_ADAGRAD
            u.eps = Float(epsilon)
        }
        return u
    }

    /// Adam's constants for update number `step`: the bias corrections in
    /// Double, as PyTorch computes them in Python floats, folded so the kernel
    /// divides once a vector: stepSize·m / (√v/corr2 + ε) as
    /// (stepSize·corr2)·m / (√v + ε·corr2).
    func adamConstants(step: Int, learningRate: Double) -> nnc_adam {
        let t = Double(step)
        let stepSize = learningRate / (1 - pow(beta1, t))
        let correction2 = (1 - pow(beta2, t)).squareRoot()
        return nnc_adam(
            c1: Float(1 - beta1), b2: Float(beta2), c2: Float(1 - beta2),
            step: Float(stepSize) * Float(correction2), eps: Float(epsilon) * Float(correction2),
            decay: kind == .adamw ? Float(1 - learningRate * weightDecay) : 1)
    }

    /// PyTorch's clip_grad_norm_: with ‖g‖₂ the global norm, scales g by
    /// maxNorm/(‖g‖ + 1e-6) when that is below 1. Returns ‖g‖ before clipping.
    @discardableResult
    public static func clipGlobalNorm(
        _ g: UnsafeMutablePointer<Float>, count: Int, maxNorm: Double, kernels: KernelVariant = .best
    ) -> Double {
        let t = kernels.table
        let norm = t.pointee.sum_squares(g, Int64(count)).squareRoot()
        let coefficient = maxNorm / (norm + 1e-6)
        if coefficient < 1 {
            t.pointee.scale(g, Float(coefficient), Int64(count))
        }
        return norm
    }
}
