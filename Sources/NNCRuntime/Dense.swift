import NNCKernels
import NNCPlan

/// The dense layer's kernels: forward, and backward split into the parameter
/// gradients and the input gradient, so a plan asks for the input gradient
/// only where a layer below needs it. Buffers are feature-major
/// (`[features][batch]`), weights `[out][in]` (PyTorch's `nn.Linear`). Each
/// runs the workspace's kernel variant.
public enum Dense {
    /// y (out×B) = f(W (out×in) · x (in×B) + b).
    ///
    /// The bias seeds the accumulators and f runs on each block of rows as the
    /// GEMM finishes it (softmax, which spans all rows, runs after). `z`, when
    /// given, receives the pre-activation (for activations whose derivative
    /// needs it); otherwise f is applied in place in y.
    public static func forward(
        y: UnsafeMutablePointer<Float>, z: UnsafeMutablePointer<Float>?,
        x: UnsafePointer<Float>, w: UnsafePointer<Float>, b: UnsafePointer<Float>?,
        inputs: Int, outputs: Int, batch: Int,
        activation: Activation, workspace: Workspace
    ) {
        workspace.parallel(
            .forward(y: y, z: z, x: x, w: w, b: b, inputs: inputs, batch: batch, activation: activation.kernel),
            rows: outputs, work: outputs * inputs * batch)
        if !activation.kind.isElementwise {
            activation.forward(z ?? y, y, features: outputs, batch: batch, kernels: workspace.kernels)
        }
    }

    /// dX (in×B) = (Wᵀ · dZ) ⊙ mask ⊙ f′: the gradient at the layer below's
    /// pre-activation, with that layer's dropout mask and activation
    /// derivative fused onto each block of rows. `activation` and `saved` (its
    /// output or pre-activation, as `source` says) describe the layer below;
    /// pass a nil activation for the plain product Wᵀ·dZ (⊙ mask).
    public static func backwardInput(
        dX: UnsafeMutablePointer<Float>, dZ: UnsafePointer<Float>, w: UnsafePointer<Float>,
        inputs: Int, outputs: Int, batch: Int,
        mask: UnsafePointer<Float>?, activation: Activation?,
        source: DerivativeSource = .output, saved: UnsafePointer<Float>?,
        workspace: Workspace
    ) {
        workspace.parallel(
            .inputGradient(
                dX: dX, dZ: dZ, w: w, inputs: inputs, outputs: outputs, batch: batch, mask: mask,
                activation: activation?.kernel, source: source.kernel, saved: saved),
            rows: inputs, work: outputs * inputs * batch)
        if let activation, !activation.kind.isElementwise {
            activation.backward(
                dX, from: source, saved ?? UnsafePointer(dX), dX, features: inputs, batch: batch,
                kernels: workspace.kernels)
        }
    }

    /// dW (out×in) = dZ (out×B) · xᵀ (+ 2·l2·W, Keras's L2), db (out) = Σ_b dZ.
    ///
    /// With `transposed` (room for B×in floats; lowering gives it to wide
    /// layers) x is transposed there once and a blocked GEMM runs; without,
    /// dot products along the batch (skinny layers).
    public static func backwardParameters(
        dW: UnsafeMutablePointer<Float>, db: UnsafeMutablePointer<Float>?,
        dZ: UnsafePointer<Float>, x: UnsafePointer<Float>, w: UnsafePointer<Float>, l2: Float,
        inputs: Int, outputs: Int, batch: Int, transposed: UnsafeMutablePointer<Float>?, workspace: Workspace
    ) {
        let t = workspace.table
        if let db {
            t.pointee.row_sums(dZ, Int64(outputs), Int64(batch), db)
        }
        guard let xt = transposed else {
            t.pointee.dot_products(0, Int64(outputs), Int64(inputs), Int64(batch), dZ, x, dW)
            if l2 != 0 {
                t.pointee.add_scaled(w, 2 * l2, dW, Int64(outputs * inputs))
            }
            return
        }
        let work = outputs * inputs * batch
        workspace.parallel(.transpose(x: x, rows: inputs, batch: batch, xt: xt), rows: inputs, work: work)
        workspace.parallel(
            .weightGradient(dW: dW, dZ: dZ, xt: xt, w: w, l2: l2, inputs: inputs, batch: batch),
            rows: outputs, work: work)
    }

    /// out[r] = Σ_c m[r][c].
    public static func rowSums(
        _ m: UnsafePointer<Float>, rows: Int, cols: Int, into out: UnsafeMutablePointer<Float>,
        kernels: KernelVariant = .best
    ) {
        kernels.table.pointee.row_sums(m, Int64(rows), Int64(cols), out)
    }
}
