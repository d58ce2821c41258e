import NNCKernels

/// Single-precision matrix products, through the kernel variant's
/// register-blocked micro-kernels (`Sources/NNCKernels/GEMM.h`; tile shapes per
/// variant in docs/plan.md, "Kernel variants"). A is read through two strides,
/// so one kernel serves W·X (A = W, row stride `in`) and Wᵀ·dZ (A = Wᵀ, row
/// stride 1); B is row-major. Any shape works: column tails are packed,
/// zero-padded, into the caller's scratch.
public enum GEMM {
    /// Products smaller than this many multiply-adds stay on one thread.
    public static let parallelThreshold = 1 << 20

    /// Floats of per-thread scratch a product with inner dimension k needs.
    public static func scratchCount(k: Int, kernels: KernelVariant = .best) -> Int {
        Int(kernels.table.pointee.scratch_floats(Int64(k)))
    }

    /// C (rows of m×n, row-major, leading dimension ldc) = bias ⊕ A·B.
    ///
    /// A (m×k): element (i, p) at a[i·ars + p·aks]. B (k×n): element (p, j) at
    /// b[p·ldb + j]. bias: one value per row of C, or nil. `afterBlock` runs on
    /// each finished block of rows (the variant's tile height) while it is
    /// still in L1. `scratch` holds `scratchCount(k:)` floats.
    public static func multiply(
        rows: Range<Int>, n: Int, k: Int,
        a: UnsafePointer<Float>, ars: Int, aks: Int,
        b: UnsafePointer<Float>, ldb: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        bias: UnsafePointer<Float>?,
        scratch: UnsafeMutablePointer<Float>,
        kernels: KernelVariant = .best,
        afterBlock: (Range<Int>) -> Void
    ) {
        let t = kernels.table.pointee
        let depth = Int(t.depth_block)
        if k > depth + depth / 2 {
            // Long products run in chunks of k over all rows (B's chunk stays in
            // L2); the blocks are complete only after the last chunk.
            t.gemm(Int64(rows.lowerBound), Int64(rows.upperBound), Int64(n), Int64(k), a, Int64(ars), Int64(aks),
                   b, Int64(ldb), c, Int64(ldc), bias, 0, scratch)
            forEachBlock(rows, height: Int(t.block_rows), afterBlock)
            return
        }
        forEachBlock(rows, height: Int(t.block_rows)) { block in
            t.gemm(Int64(block.lowerBound), Int64(block.upperBound), Int64(n), Int64(k), a, Int64(ars), Int64(aks),
                   b, Int64(ldb), c, Int64(ldc), bias, 0, scratch)
            afterBlock(block)
        }
    }

    /// Calls body on the balanced blocks of at most `height` rows that cover `rows`.
    static func forEachBlock(_ rows: Range<Int>, height: Int, _ body: (Range<Int>) -> Void) {
        let total = rows.count
        guard total > 0 else { return }
        let blocks = (total + height - 1) / height
        var r0 = rows.lowerBound
        for block in 0..<blocks {
            let r = total * (block + 1) / blocks - total * block / blocks
            body(r0..<(r0 + r))
            r0 += r
        }
    }

    /// dst (cols×rows) = srcᵀ for src (rows×cols), both row-major.
    public static func transpose(
        _ src: UnsafePointer<Float>, rows: Int, cols: Int, into dst: UnsafeMutablePointer<Float>,
        rowRange: Range<Int>? = nil, kernels: KernelVariant = .best
    ) {
        let range = rowRange ?? 0..<rows
        kernels.table.pointee.transpose(src, Int64(rows), Int64(cols), dst, Int64(range.lowerBound), Int64(range.upperBound))
    }

    /// C[i][j] = Σ_p A[i][p]·B[j][p]: rows×cols dot products of length k, A
    /// and B row-major with rows of k — the weight gradient's form when the
    /// shapes are too small for a transpose to pay.
    public static func dotProducts(
        rows: Range<Int>, cols: Int, k: Int,
        a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>, kernels: KernelVariant = .best
    ) {
        kernels.table.pointee.dot_products(Int64(rows.lowerBound), Int64(rows.upperBound), Int64(cols), Int64(k), a, b, c)
    }
}
