import NNCKernels
import NNCPlan

/// Loss kernels: each returns the loss (accumulated in Double) and, when a
/// gradient buffer is given, writes d loss / d prediction in the same pass
/// (`Sources/NNCKernels/Losses.h`, in the variant `kernels` names).
///
/// Reductions follow PyTorch's defaults: the mean over every element (points
/// × outputs) for the regression losses and binary cross-entropy, the mean
/// over samples for categorical cross-entropy. Element-wise losses do not care
/// about layout; the categorical one takes feature-major `[classes][batch]`.
public enum Loss {
    /// Mean squared error: mean((p − t)²); gradient 2(p − t)/N.
    public static func mse(
        prediction: UnsafePointer<Float>, target: UnsafePointer<Float>,
        gradient: UnsafeMutablePointer<Float>?, count: Int, kernels: KernelVariant = .best
    ) -> Double {
        kernels.table.pointee.mse(prediction, target, gradient, Int64(count))
    }

    /// Mean absolute error: mean|p − t|; gradient sign(p − t)/N (0 at 0, as PyTorch).
    public static func mae(
        prediction: UnsafePointer<Float>, target: UnsafePointer<Float>,
        gradient: UnsafeMutablePointer<Float>?, count: Int, kernels: KernelVariant = .best
    ) -> Double {
        kernels.table.pointee.mae(prediction, target, gradient, Int64(count))
    }

    /// Huber loss (PyTorch's HuberLoss): ½r² where |r| < δ, else δ(|r| − ½δ);
    /// gradient r or δ·sign(r), over N.
    public static func huber(
        prediction: UnsafePointer<Float>, target: UnsafePointer<Float>,
        gradient: UnsafeMutablePointer<Float>?, count: Int, delta: Float, kernels: KernelVariant = .best
    ) -> Double {
        kernels.table.pointee.huber(prediction, target, gradient, Int64(count), delta)
    }

    /// Binary cross-entropy on probabilities (PyTorch's BCELoss): each log
    /// clamped at −100; gradient (p − t) / max(p(1 − p), 1e-12) / N.
    public static func binaryCrossentropy(
        prediction: UnsafePointer<Float>, target: UnsafePointer<Float>,
        gradient: UnsafeMutablePointer<Float>?, count: Int, kernels: KernelVariant = .best
    ) -> Double {
        kernels.table.pointee.binary_crossentropy(prediction, target, gradient, Int64(count))
    }

    /// Categorical cross-entropy fused with the output softmax.
    ///
    /// logits, target, probabilities, gradient: `[classes][batch]`. Loss =
    /// mean over samples of Σ_c t_c·(logsumexp(z) − z_c), computed stably; the
    /// softmax goes to `probabilities` (may be nil) and the gradient w.r.t. the
    /// logits, (p·Σ_c t_c − t)/B — (p − t)/B for one-hot targets — to `gradient`.
    public static func softmaxCrossentropy(
        logits: UnsafePointer<Float>, target: UnsafePointer<Float>,
        probabilities: UnsafeMutablePointer<Float>?, gradient: UnsafeMutablePointer<Float>?,
        classes: Int, batch: Int, kernels: KernelVariant = .best
    ) -> Double {
        kernels.table.pointee.softmax_crossentropy(logits, target, probabilities, gradient, Int64(classes), Int64(batch))
    }

    /// Categorical cross-entropy on probabilities (no fused softmax):
    /// −mean over samples of Σ_c t·max(log p, −100); gradient −t/(max(p, 1e-12)·B).
    public static func categoricalCrossentropy(
        prediction: UnsafePointer<Float>, target: UnsafePointer<Float>,
        gradient: UnsafeMutablePointer<Float>?, classes: Int, batch: Int, kernels: KernelVariant = .best
    ) -> Double {
        kernels.table.pointee.categorical_crossentropy(prediction, target, gradient, Int64(classes), Int64(batch))
    }

    /// χ² with per-point uncertainties σ: mean((p − t)²/σ²); gradient 2(p − t)/(σ²N).
    public static func chi2(
        prediction: UnsafePointer<Float>, target: UnsafePointer<Float>,
        sigma: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>?, count: Int,
        kernels: KernelVariant = .best
    ) -> Double {
        kernels.table.pointee.chi2(prediction, target, sigma, gradient, Int64(count))
    }

    /// χ² with a full covariance: rᵀ C⁻¹ r / N over the N = outputs × batch
    /// residuals r = p − t ordered point-major (index b·outputs + o), as the
    /// covariance of the data is; gradient 2·C⁻¹r/N, back in the buffers'
    /// feature-major layout. `inverseCovariance` is row-major (symmetric) with
    /// rows of `leadingDimension` floats (default N), of which the leading N×N
    /// block is used: a batch of the first points of a full-batch covariance.
    /// `scratch` holds N floats.
    public static func chi2Covariance(
        prediction: UnsafePointer<Float>, target: UnsafePointer<Float>,
        inverseCovariance: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>?,
        outputs: Int, batch: Int, leadingDimension: Int? = nil, scratch: UnsafeMutablePointer<Float>,
        kernels: KernelVariant = .best
    ) -> Double {
        let ld = leadingDimension ?? outputs * batch
        return kernels.table.pointee.chi2_covariance(
            prediction, target, inverseCovariance, gradient, Int64(outputs), Int64(batch), Int64(ld), scratch)
    }

    /// Binary cross-entropy fused with the output sigmoid, from the logits z
    /// (PyTorch's BCEWithLogitsLoss): mean(max(z, 0) − z·t + log(1 + e^−|z|)),
    /// stable for any z; sigmoid(z) goes to `probabilities` and (σ(z) − t)/N to `gradient`.
    public static func sigmoidBinaryCrossentropy(
        logits: UnsafePointer<Float>, target: UnsafePointer<Float>,
        probabilities: UnsafeMutablePointer<Float>?, gradient: UnsafeMutablePointer<Float>?, count: Int,
        kernels: KernelVariant = .best
    ) -> Double {
        kernels.table.pointee.sigmoid_binary_crossentropy(logits, target, probabilities, gradient, Int64(count))
    }

    /// Keras's L2 penalty on a layer's weights: returns l2·Σw² and adds 2·l2·w
    /// to the gradient when given (the dense backward can fuse the latter instead).
    public static func l2Penalty(
        weights: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>?, count: Int, l2: Float,
        kernels: KernelVariant = .best
    ) -> Double {
        kernels.table.pointee.l2_penalty(weights, gradient, Int64(count), l2)
    }
}

extension Loss {
    /// Positivity's penalty: Σ max(0, −v) over the values (a sum); its
    /// gradient −1 where v < 0, else 0.
    public static func positivity(
        values v: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>?, count: Int, kernels: KernelVariant = .best
    ) -> Double {
        kernels.table.pointee.positivity(v, gradient, Int64(count))
    }
}
