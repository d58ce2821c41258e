import NNCKernels
import NNCPlan

/// One dense kernel's work over a range of output rows, as a plain value that
/// a `ThreadTeam` member can run on its share: every operand a pointer or a
/// number, no closure. `run` calls the workspace's kernel variant.
enum DenseTask {
    /// y = f(W·x + b) (z keeps W·x + b when present); rows are output features.
    /// Softmax is left to the caller (it spans all rows).
    case forward(
        y: UnsafeMutablePointer<Float>, z: UnsafeMutablePointer<Float>?, x: UnsafePointer<Float>,
        w: UnsafePointer<Float>, b: UnsafePointer<Float>?, inputs: Int, batch: Int, activation: nnc_activation)
    /// dX = (Wᵀ·dZ) ⊙ mask ⊙ f′(saved); rows are input features. Softmax's
    /// derivative is left to the caller.
    case inputGradient(
        dX: UnsafeMutablePointer<Float>, dZ: UnsafePointer<Float>, w: UnsafePointer<Float>, inputs: Int,
        outputs: Int, batch: Int, mask: UnsafePointer<Float>?, activation: nnc_activation?,
        source: Int32, saved: UnsafePointer<Float>?)
    /// xt = xᵀ for x (rows × batch); rows are x's rows.
    case transpose(x: UnsafePointer<Float>, rows: Int, batch: Int, xt: UnsafeMutablePointer<Float>)
    /// dW = dZ (out×B) · xt (B×in) (+ 2·l2·W); rows are output features.
    case weightGradient(
        dW: UnsafeMutablePointer<Float>, dZ: UnsafePointer<Float>, xt: UnsafePointer<Float>,
        w: UnsafePointer<Float>, l2: Float, inputs: Int, batch: Int)

    /// An optimiser update of the slab, in rows of `optimizerChunk` parameters.
    case optimizer(
        rule: Optimizer, p: UnsafeMutablePointer<Float>, g: UnsafeMutablePointer<Float>,
        m1: UnsafeMutablePointer<Float>?, m2: UnsafeMutablePointer<Float>?, count: Int, step: Int, learningRate: Double)

    /// Parameters per row of an optimizer task.
    static let optimizerChunk = 1024

    /// Runs the rows `rows` with the scratch of `thread`.
    func run(rows: Range<Int>, thread: Int, workspace: Workspace) {
        guard !rows.isEmpty else { return }
        let scratch = workspace.scratch(thread: thread)
        let t = workspace.table
        let r0 = Int64(rows.lowerBound), r1 = Int64(rows.upperBound)
        switch self {
        case let .forward(y, z, x, w, b, inputs, batch, activation):
            t.pointee.dense_forward(r0, r1, y, z, x, w, b, Int64(inputs), Int64(batch), activation, scratch)
        case let .inputGradient(dX, dZ, w, inputs, outputs, batch, mask, activation, source, saved):
            t.pointee.dense_input_gradient(
                r0, r1, dX, dZ, w, Int64(inputs), Int64(outputs), Int64(batch), mask, activation == nil ? 0 : 1,
                activation ?? nnc_activation(kind: NNC_ACT_LINEAR, alpha: 0), source, saved, scratch)
        case let .transpose(x, xRows, batch, xt):
            t.pointee.transpose(x, Int64(xRows), Int64(batch), xt, r0, r1)
        case let .optimizer(rule, p, g, m1, m2, count, step, learningRate):
            let lo = rows.lowerBound * Self.optimizerChunk
            let hi = min(count, rows.upperBound * Self.optimizerChunk)
            if lo < hi {
                rule.apply(parameters: p, gradients: g, first: m1, second: m2, range: lo..<hi, step: step,
                           learningRate: learningRate, kernels: workspace.kernels)
            }
        case let .weightGradient(dW, dZ, xt, w, l2, inputs, batch):
            t.pointee.dense_weight_gradient(r0, r1, dW, dZ, xt, w, l2, Int64(inputs), Int64(batch), scratch)
        }
    }
}
