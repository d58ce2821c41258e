import NNCPlan

/// One dense kernel's work over a range of output rows, as a plain value that
/// a `ThreadTeam` member can run on its share: every operand a pointer or a
/// number, no closure.
enum DenseTask {
    /// y = f(W·x + b) (z keeps W·x + b when present); rows are output features.
    case forward(
        y: UnsafeMutablePointer<Float>, z: UnsafeMutablePointer<Float>?, x: UnsafePointer<Float>,
        w: UnsafePointer<Float>, b: UnsafePointer<Float>?, inputs: Int, batch: Int, activation: Activation)
    /// dX = (Wᵀ·dZ) ⊙ mask ⊙ f′(saved); rows are input features.
    case inputGradient(
        dX: UnsafeMutablePointer<Float>, dZ: UnsafePointer<Float>, w: UnsafePointer<Float>, inputs: Int,
        outputs: Int, batch: Int, mask: UnsafePointer<Float>?, activation: Activation?,
        source: DerivativeSource, saved: UnsafePointer<Float>?)
    /// xt = xᵀ for x (rows × batch); rows are x's rows.
    case transpose(x: UnsafePointer<Float>, rows: Int, batch: Int, xt: UnsafeMutablePointer<Float>)
    /// dW = dZ·xtᵀ… as dZ (out×B) · xt (B×in) (+ 2·l2·W); rows are output features.
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
        switch self {
        case let .forward(y, z, x, w, b, inputs, batch, activation):
            let out = z ?? y
            let fused = activation.kind != .softmax
            GEMM.multiply(
                rows: rows, n: batch, k: inputs, a: w, ars: inputs, aks: 1, b: x, ldb: batch,
                c: out, ldc: batch, bias: b, scratch: scratch
            ) { block in
                if fused {
                    let offset = block.lowerBound * batch
                    activation.forward(out + offset, y + offset, features: block.count, batch: batch)
                }
            }
        case let .inputGradient(dX, dZ, w, inputs, outputs, batch, mask, activation, source, saved):
            let fused = activation?.kind != .softmax
            let sp = saved ?? UnsafePointer(dX)
            GEMM.multiply(
                rows: rows, n: batch, k: outputs, a: w, ars: 1, aks: inputs, b: dZ, ldb: batch,
                c: dX, ldc: batch, bias: nil, scratch: scratch
            ) { block in
                let offset = block.lowerBound * batch
                let count = block.count * batch
                if let mask {
                    Vector.map2(dX + offset, mask + offset, dX + offset, count) { Activation.multiply($0, $1) }
                }
                if fused, let activation {
                    activation.backward(
                        dX + offset, from: source, sp + offset, dX + offset, features: block.count, batch: batch)
                }
            }
        case let .transpose(x, xRows, batch, xt):
            GEMM.transpose(x, rows: xRows, cols: batch, into: xt, rowRange: rows)
        case let .optimizer(rule, p, g, m1, m2, count, step, learningRate):
            let lo = rows.lowerBound * Self.optimizerChunk
            let hi = min(count, rows.upperBound * Self.optimizerChunk)
            if lo < hi {
                rule.apply(parameters: p, gradients: g, first: m1, second: m2, range: lo..<hi, step: step,
                           learningRate: learningRate)
            }
        case let .weightGradient(dW, dZ, xt, w, l2, inputs, batch):
            GEMM.multiply(
                rows: rows, n: inputs, k: batch, a: dZ, ars: batch, aks: 1, b: xt, ldb: inputs,
                c: dW, ldc: inputs, bias: nil, scratch: scratch
            ) { block in
                if l2 != 0 {
                    let offset = block.lowerBound * inputs
                    Dense.addScaled(w + offset, scale: 2 * l2, into: dW + offset, count: block.count * inputs)
                }
            }
        }
    }
}
