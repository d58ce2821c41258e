import NNCPlan

/// Loss kernels: each returns the loss (accumulated in Double) and, when a
/// gradient buffer is given, writes d loss / d prediction in the same pass.
///
/// Reductions follow PyTorch's defaults: the mean over every element (points
/// × outputs) for the regression losses and binary cross-entropy, the mean
/// over samples for categorical cross-entropy. Element-wise losses do not care
/// about layout; the categorical one takes feature-major `[classes][batch]`.
public enum Loss {
    /// Float lanes are flushed into the Double total every this many vectors.
    static let flushVectors = 64

    /// Runs body(offset, lanes) -> partial loss over chunks of eight, summing in Double.
    @inline(__always)
    static func accumulate(_ count: Int, _ body: (Int, Int) -> Float8) -> Double {
        var total = 0.0
        var lanes = Float8()
        var pending = 0
        var i = 0
        while i < count {
            let n = min(8, count - i)
            lanes += body(i, n)
            pending += 1
            if pending == flushVectors {
                total += Vector.sum(lanes)
                lanes = Float8()
                pending = 0
            }
            i += 8
        }
        return total + Vector.sum(lanes)
    }

    /// Mean squared error: mean((p − t)²); gradient 2(p − t)/N.
    public static func mse(
        prediction: UnsafePointer<Float>, target: UnsafePointer<Float>,
        gradient: UnsafeMutablePointer<Float>?, count: Int
    ) -> Double {
        let scale = Float(2.0 / Double(count))
        let sum = accumulate(count) { i, n in
            let r = Vector.loadPartial(prediction + i, n) - Vector.loadPartial(target + i, n)
            if let gradient { Vector.storePartial(r * scale, gradient + i, n) }
            return r * r
        }
        return sum / Double(count)
    }

    /// Mean absolute error: mean|p − t|; gradient sign(p − t)/N (0 at 0, as PyTorch).
    public static func mae(
        prediction: UnsafePointer<Float>, target: UnsafePointer<Float>,
        gradient: UnsafeMutablePointer<Float>?, count: Int
    ) -> Double {
        let scale = Float(1.0 / Double(count))
        let sum = accumulate(count) { i, n in
            let r = Vector.loadPartial(prediction + i, n) - Vector.loadPartial(target + i, n)
            if let gradient {
                var g = Float8()
                g = g.replacing(with: scale, where: r .> 0)
                g = g.replacing(with: -scale, where: r .< 0)
                Vector.storePartial(g, gradient + i, n)
            }
            return VectorMath.magnitude(r)
        }
        return sum / Double(count)
    }

    /// Huber loss (PyTorch's HuberLoss): ½r² where |r| < δ, else δ(|r| − ½δ);
    /// gradient r or δ·sign(r), over N.
    public static func huber(
        prediction: UnsafePointer<Float>, target: UnsafePointer<Float>,
        gradient: UnsafeMutablePointer<Float>?, count: Int, delta: Float
    ) -> Double {
        let scale = Float(1.0 / Double(count))
        let sum = accumulate(count) { i, n in
            let r = Vector.loadPartial(prediction + i, n) - Vector.loadPartial(target + i, n)
            let a = VectorMath.magnitude(r)
            let inside = a .< delta
            if let gradient {
                let clipped = VectorMath.clamp(r, -delta, delta)
                Vector.storePartial(clipped * scale, gradient + i, n)
            }
            let linear = (a - 0.5 * delta) * delta
            return linear.replacing(with: 0.5 * r * r, where: inside)
        }
        return sum / Double(count)
    }

    /// Binary cross-entropy on probabilities (PyTorch's BCELoss): each log
    /// clamped at −100; gradient (p − t) / max(p(1 − p), 1e-12) / N.
    public static func binaryCrossentropy(
        prediction: UnsafePointer<Float>, target: UnsafePointer<Float>,
        gradient: UnsafeMutablePointer<Float>?, count: Int
    ) -> Double {
        let scale = Float(1.0 / Double(count))
        let floor = Float8(repeating: -100)
        let sum = accumulate(count) { i, n in
            let p = Vector.loadPartial(prediction + i, n, fill: 0.5)
            let t = Vector.loadPartial(target + i, n, fill: 0.5)
            let logP = VectorMath.maximum(VectorMath.log(p), floor)
            let logQ = VectorMath.maximum(VectorMath.log(1 - p), floor)
            if let gradient {
                let denominator = VectorMath.maximum(p * (1 - p), Float8(repeating: 1e-12))
                Vector.storePartial((p - t) / denominator * scale, gradient + i, n)
            }
            let loss = -(t * logP + (1 - t) * logQ)
            // Padded lanes must not count.
            return n == 8 ? loss : loss.replacing(with: 0, where: laneMask(n))
        }
        return sum / Double(count)
    }

    /// Lanes at or beyond n.
    @inline(__always)
    static func laneMask(_ n: Int) -> SIMDMask<SIMD8<Int32>> {
        SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7) .>= Int32(n)
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
        classes: Int, batch: Int
    ) -> Double {
        let scale = Float(1.0 / Double(batch))
        var total = 0.0
        var b = 0
        while b < batch {
            let n = min(8, batch - b)
            var top = Float8(repeating: -.infinity)
            for c in 0..<classes {
                top = VectorMath.maximum(top, Vector.loadPartial(logits + c * batch + b, n))
            }
            var sum = Float8()
            var targetSum = Float8()
            var weighted = Float8()
            for c in 0..<classes {
                let o = c * batch + b
                let shifted = Vector.loadPartial(logits + o, n) - top
                let t = Vector.loadPartial(target + o, n)
                sum += VectorMath.exp(shifted)
                targetSum += t
                weighted += t * shifted
            }
            let logSum = VectorMath.log(sum)
            // Σ t·(lse − z) = Σt·log Σe^(z−max) − Σ t·(z − max).
            let loss = targetSum * logSum - weighted
            total += Vector.sum(n == 8 ? loss : loss.replacing(with: 0, where: laneMask(n)))
            if probabilities != nil || gradient != nil {
                let inverse = 1 / sum
                for c in 0..<classes {
                    let o = c * batch + b
                    let p = VectorMath.exp(Vector.loadPartial(logits + o, n) - top) * inverse
                    if let probabilities { Vector.storePartial(p, probabilities + o, n) }
                    if let gradient {
                        let t = Vector.loadPartial(target + o, n)
                        Vector.storePartial((p * targetSum - t) * scale, gradient + o, n)
                    }
                }
            }
            b += 8
        }
        return total / Double(batch)
    }

    /// Categorical cross-entropy on probabilities (no fused softmax):
    /// −mean over samples of Σ_c t·max(log p, −100); gradient −t/(max(p, 1e-12)·B).
    public static func categoricalCrossentropy(
        prediction: UnsafePointer<Float>, target: UnsafePointer<Float>,
        gradient: UnsafeMutablePointer<Float>?, classes: Int, batch: Int
    ) -> Double {
        let scale = Float(1.0 / Double(batch))
        let sum = accumulate(classes * batch) { i, n in
            let p = Vector.loadPartial(prediction + i, n, fill: 1)
            let t = Vector.loadPartial(target + i, n)
            if let gradient {
                Vector.storePartial(-t / VectorMath.maximum(p, Float8(repeating: 1e-12)) * scale, gradient + i, n)
            }
            return -t * VectorMath.maximum(VectorMath.log(p), Float8(repeating: -100))
        }
        return sum / Double(batch)
    }

    /// χ² with per-point uncertainties σ: mean((p − t)²/σ²); gradient 2(p − t)/(σ²N).
    public static func chi2(
        prediction: UnsafePointer<Float>, target: UnsafePointer<Float>,
        sigma: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>?, count: Int
    ) -> Double {
        let scale = Float(2.0 / Double(count))
        let sum = accumulate(count) { i, n in
            let r = Vector.loadPartial(prediction + i, n) - Vector.loadPartial(target + i, n)
            let s = Vector.loadPartial(sigma + i, n, fill: 1)
            let rw = r / (s * s)
            if let gradient { Vector.storePartial(rw * scale, gradient + i, n) }
            return r * rw
        }
        return sum / Double(count)
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
        outputs: Int, batch: Int, leadingDimension: Int? = nil, scratch: UnsafeMutablePointer<Float>
    ) -> Double {
        let count = outputs * batch
        let ld = leadingDimension ?? count
        for o in 0..<outputs {
            for b in 0..<batch {
                scratch[b * outputs + o] = prediction[o * batch + b] - target[o * batch + b]
            }
        }
        let scale = Float(2.0 / Double(count))
        var total = 0.0
        for i in 0..<count {
            let row = inverseCovariance + i * ld
            var s0 = Float8(), s1 = Float8()
            var j = 0
            while j + 16 <= count {
                s0.addProduct(Vector.load(row + j), Vector.load(scratch + j))
                s1.addProduct(Vector.load(row + j + 8), Vector.load(scratch + j + 8))
                j += 16
            }
            var cr = Double((s0 + s1).sum())
            while j < count {
                cr += Double(row[j]) * Double(scratch[j])
                j += 1
            }
            total += Double(scratch[i]) * cr
            // Residual i is point i / outputs, output i % outputs.
            gradient?[(i % outputs) * batch + i / outputs] = Float(cr) * scale
        }
        return total / Double(count)
    }

    /// Binary cross-entropy fused with the output sigmoid, from the logits z
    /// (PyTorch's BCEWithLogitsLoss): mean(max(z, 0) − z·t + log(1 + e^−|z|)),
    /// stable for any z; sigmoid(z) goes to `probabilities` and (σ(z) − t)/N to `gradient`.
    public static func sigmoidBinaryCrossentropy(
        logits: UnsafePointer<Float>, target: UnsafePointer<Float>,
        probabilities: UnsafeMutablePointer<Float>?, gradient: UnsafeMutablePointer<Float>?, count: Int
    ) -> Double {
        let scale = Float(1.0 / Double(count))
        let sum = accumulate(count) { i, n in
            let z = Vector.loadPartial(logits + i, n)
            let t = Vector.loadPartial(target + i, n)
            let p = VectorMath.sigmoid(z)
            if let probabilities { Vector.storePartial(p, probabilities + i, n) }
            if let gradient { Vector.storePartial((p - t) * scale, gradient + i, n) }
            let u = VectorMath.exp(-VectorMath.magnitude(z))
            let loss = VectorMath.maximum(z, Float8()) - z * t + Activation.log1p(u)
            return n == 8 ? loss : loss.replacing(with: Float8(), where: laneMask(n))
        }
        return sum / Double(count)
    }

    /// Keras's L2 penalty on a layer's weights: returns l2·Σw² and adds 2·l2·w
    /// to the gradient when given (the dense backward can fuse the latter instead).
    public static func l2Penalty(
        weights: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>?, count: Int, l2: Float
    ) -> Double {
        let sum = accumulate(count) { i, n in
            let w = Vector.loadPartial(weights + i, n)
            if let gradient {
                let g = Vector.loadPartial(gradient + i, n)
                Vector.storePartial(g + w * (2 * l2), gradient + i, n)
            }
            return w * w
        }
        return Double(l2) * sum
    }
}

extension Loss {
    /// Positivity's penalty: Σ max(0, −v) over the values (a sum); its
    /// gradient −1 where v < 0, else 0.
    public static func positivity(values v: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>?, count: Int) -> Double {
        accumulate(count) { i, n in
            let x = Vector.loadPartial(v + i, n)
            let negative = x .< Float8()
            if let gradient { Vector.storePartial(Float8().replacing(with: -1, where: negative), gradient + i, n) }
            return Float8().replacing(with: -x, where: negative)
        }
    }
}
