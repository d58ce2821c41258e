/// Register-blocked single-precision matrix products.
///
/// The one micro-kernel computes a tile of C = bias ⊕ A·B: up to 6 rows of A,
/// each element broadcast, times 16 or 32 contiguous columns of B held in
/// AVX2 registers (at most 12 accumulators + B vectors + one broadcast ≤ 16
/// ymm registers). A is read through two strides, so the same kernel serves
/// W·X (A = W, row stride `in`) and Wᵀ·dZ (A = Wᵀ, row stride 1); B is
/// row-major. Column tails narrower than a tile are packed, zero-padded, into
/// the caller's scratch and written back through a small tile buffer, so any
/// shape works without reading past a buffer.
public enum GEMM {
    /// Rows of C a micro-kernel tile covers (the row-block height).
    public static let blockRows = 6
    /// Products smaller than this many multiply-adds stay on one thread.
    public static let parallelThreshold = 1 << 20

    /// Floats of per-thread scratch a product with inner dimension k needs.
    public static func scratchCount(k: Int) -> Int {
        max(k, 1) * 48 + blockRows * 32
    }

    /// C (rows of m×n, row-major, leading dimension ldc) = bias ⊕ A·B.
    ///
    /// A (m×k): element (i, p) at a[i·ars + p·aks]. B (k×n): element (p, j) at
    /// b[p·ldb + j]. bias: one value per row of C, or nil. `afterBlock` runs on
    /// each finished block of up to `blockRows` rows while it is still in L1 —
    /// where the dense kernels fuse their activation or derivative.
    @inline(__always)
    public static func multiply(
        rows: Range<Int>, n: Int, k: Int,
        a: UnsafePointer<Float>, ars: Int, aks: Int,
        b: UnsafePointer<Float>, ldb: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        bias: UnsafePointer<Float>?,
        scratch: UnsafeMutablePointer<Float>,
        afterBlock: (Range<Int>) -> Void
    ) {
        // Long inner dimensions run in chunks of `depthBlock`, so that B's rows
        // of a chunk stay in L2 while all of A's rows stream past (K = 784
        // otherwise reloaded B from L3 for every row block); later chunks add
        // to C, and the epilogue runs once C is complete.
        if k > depthBlock + depthBlock / 2 {
            var k0 = 0
            while k0 < k {
                let kc = min(depthBlock, k - k0)
                sweep(rows: rows, n: n, k: kc, a: a + k0 * aks, ars: ars, aks: aks, b: b + k0 * ldb, ldb: ldb,
                      c: c, ldc: ldc, bias: k0 == 0 ? bias : nil, accumulate: k0 > 0, scratch: scratch)
                k0 += kc
            }
            var r0 = rows.lowerBound
            while r0 < rows.upperBound {
                let r = min(blockRows, rows.upperBound - r0)
                afterBlock(r0..<(r0 + r))
                r0 += r
            }
            return
        }
        sweep(rows: rows, n: n, k: k, a: a, ars: ars, aks: aks, b: b, ldb: ldb, c: c, ldc: ldc,
              bias: bias, accumulate: false, scratch: scratch, afterBlock: afterBlock)
    }

    /// The inner dimension of one pass over C (see `multiply`).
    public static let depthBlock = 256

    /// One pass over the row blocks of C with the full k given.
    @inline(__always)
    static func sweep(
        rows: Range<Int>, n: Int, k: Int,
        a: UnsafePointer<Float>, ars: Int, aks: Int,
        b: UnsafePointer<Float>, ldb: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        bias: UnsafePointer<Float>?, accumulate: Bool,
        scratch: UnsafeMutablePointer<Float>,
        afterBlock: (Range<Int>) -> Void = { _ in }
    ) {
        let kk = max(k, 1)
        // Tail panels: k×16 for 16-wide tiles, k×32 for 32-wide ones.
        let tail16 = scratch
        let tail32 = scratch + kk * 16
        let tile = scratch + kk * 48
        var packed16 = false
        var packed32 = false
        let acc = accumulate
        // The fewest blocks of at most `blockRows` rows, of balanced heights:
        // 25 rows run as 5 × 5 instead of 4 × 6 + 1, whose 1-row block (4
        // accumulators, one FMA chain each) was bound by FMA latency.
        let total = rows.count
        let blocks = (total + blockRows - 1) / blockRows
        var block = 0
        var r0 = rows.lowerBound
        while r0 < rows.upperBound {
            let r = total * (block + 1) / blocks - total * block / blocks
            block += 1
            if r >= 4 {
                if n % 16 != 0 && !packed16 {
                    packTail(b, ldb: ldb, k: k, from: n - n % 16, to: n, width: 16, into: tail16)
                    packed16 = true
                }
                if r == 6 {
                    rowBlock(Tile6x16.self, r0, n, k, a, ars, aks, b, ldb, c, ldc, bias, acc, tail16, tile)
                } else if r == 5 {
                    rowBlock(Tile5x16.self, r0, n, k, a, ars, aks, b, ldb, c, ldc, bias, acc, tail16, tile)
                } else {
                    rowBlock(Tile4x16.self, r0, n, k, a, ars, aks, b, ldb, c, ldc, bias, acc, tail16, tile)
                }
            } else {
                if n % 32 != 0 && !packed32 {
                    packTail(b, ldb: ldb, k: k, from: n - n % 32, to: n, width: 32, into: tail32)
                    packed32 = true
                }
                if r == 3 {
                    rowBlock(Tile3x32.self, r0, n, k, a, ars, aks, b, ldb, c, ldc, bias, acc, tail32, tile)
                } else if r == 2 {
                    rowBlock(Tile2x32.self, r0, n, k, a, ars, aks, b, ldb, c, ldc, bias, acc, tail32, tile)
                } else {
                    rowBlock(Tile1x32.self, r0, n, k, a, ars, aks, b, ldb, c, ldc, bias, acc, tail32, tile)
                }
            }
            afterBlock(r0..<(r0 + r))
            r0 += r
        }
    }

    /// Copies columns [from, to) of B into a zero-padded k×width panel.
    @inline(__always)
    static func packTail(
        _ b: UnsafePointer<Float>, ldb: Int, k: Int, from: Int, to: Int, width: Int,
        into panel: UnsafeMutablePointer<Float>
    ) {
        let count = to - from
        for p in 0..<k {
            let dst = panel + p * width
            let src = b + p * ldb + from
            for j in 0..<count { dst[j] = src[j] }
            for j in count..<width { dst[j] = 0 }
        }
    }

    /// All column tiles of one row block.
    @inline(__always)
    static func rowBlock<S: TileShape>(
        _ shape: S.Type, _ r0: Int, _ n: Int, _ k: Int,
        _ a: UnsafePointer<Float>, _ ars: Int, _ aks: Int,
        _ b: UnsafePointer<Float>, _ ldb: Int,
        _ c: UnsafeMutablePointer<Float>, _ ldc: Int,
        _ bias: UnsafePointer<Float>?, _ accumulate: Bool,
        _ tail: UnsafeMutablePointer<Float>, _ tile: UnsafeMutablePointer<Float>
    ) {
        let width = 8 * S.vectors
        let aRow = a + r0 * ars
        let biasRow = bias.map { $0 + r0 }
        let cRow = c + r0 * ldc
        var j = 0
        while j + width <= n {
            kernel(S.self, k, aRow, ars, aks, b + j, ldb, cRow + j, ldc, biasRow, accumulate)
            j += width
        }
        if j < n {
            let count = n - j
            if accumulate {
                for i in 0..<S.rows {
                    let src = cRow + i * ldc + j
                    let dst = tile + i * width
                    for q in 0..<count { dst[q] = src[q] }
                    for q in count..<width { dst[q] = 0 }
                }
            }
            kernel(S.self, k, aRow, ars, aks, UnsafePointer(tail), width, tile, width, biasRow, accumulate)
            for i in 0..<S.rows {
                let src = tile + i * width
                let dst = cRow + i * ldc + j
                for q in 0..<count { dst[q] = src[q] }
            }
        }
    }

    /// One tile: C[0..<rows][0..<8·vectors] = bias ⊕ Σ_p A[i][p]·B[p][…].
    /// Accumulators a shape does not use are folded away by specialisation.
    @inline(__always)
    static func kernel<S: TileShape>(
        _ shape: S.Type, _ k: Int,
        _ a: UnsafePointer<Float>, _ ars: Int, _ aks: Int,
        _ b: UnsafePointer<Float>, _ ldb: Int,
        _ c: UnsafeMutablePointer<Float>, _ ldc: Int,
        _ bias: UnsafePointer<Float>?, _ accumulate: Bool
    ) {
        let rows = S.rows
        let v = S.vectors
        var c00 = Float8(), c01 = Float8(), c02 = Float8(), c03 = Float8()
        var c10 = Float8(), c11 = Float8(), c12 = Float8(), c13 = Float8()
        var c20 = Float8(), c21 = Float8(), c22 = Float8(), c23 = Float8()
        var c30 = Float8(), c31 = Float8()
        var c40 = Float8(), c41 = Float8()
        var c50 = Float8(), c51 = Float8()
        if let bias {
            c00 = Float8(repeating: bias[0]); c01 = c00; c02 = c00; c03 = c00
            if rows > 1 { c10 = Float8(repeating: bias[1]); c11 = c10; c12 = c10; c13 = c10 }
            if rows > 2 { c20 = Float8(repeating: bias[2]); c21 = c20; c22 = c20; c23 = c20 }
            if rows > 3 { c30 = Float8(repeating: bias[3]); c31 = c30 }
            if rows > 4 { c40 = Float8(repeating: bias[4]); c41 = c40 }
            if rows > 5 { c50 = Float8(repeating: bias[5]); c51 = c50 }
        }
        if accumulate {
            // Continue the sums of an earlier chunk of k.
            c00 = Vector.load(c)
            if v > 1 { c01 = Vector.load(c + 8) }
            if v > 2 { c02 = Vector.load(c + 16); c03 = Vector.load(c + 24) }
            if rows > 1 {
                c10 = Vector.load(c + ldc)
                if v > 1 { c11 = Vector.load(c + ldc + 8) }
                if v > 2 { c12 = Vector.load(c + ldc + 16); c13 = Vector.load(c + ldc + 24) }
            }
            if rows > 2 {
                c20 = Vector.load(c + 2 * ldc)
                if v > 1 { c21 = Vector.load(c + 2 * ldc + 8) }
                if v > 2 { c22 = Vector.load(c + 2 * ldc + 16); c23 = Vector.load(c + 2 * ldc + 24) }
            }
            if rows > 3 { c30 = Vector.load(c + 3 * ldc); c31 = Vector.load(c + 3 * ldc + 8) }
            if rows > 4 { c40 = Vector.load(c + 4 * ldc); c41 = Vector.load(c + 4 * ldc + 8) }
            if rows > 5 { c50 = Vector.load(c + 5 * ldc); c51 = Vector.load(c + 5 * ldc + 8) }
        }
        var pa = a
        var pb = b
        for _ in 0..<k {
            let b0 = Vector.load(pb)
            let b1 = v > 1 ? Vector.load(pb + 8) : Float8()
            let b2 = v > 2 ? Vector.load(pb + 16) : Float8()
            let b3 = v > 2 ? Vector.load(pb + 24) : Float8()
            let w0 = Float8(repeating: pa[0])
            c00.addProduct(w0, b0)
            if v > 1 { c01.addProduct(w0, b1) }
            if v > 2 { c02.addProduct(w0, b2); c03.addProduct(w0, b3) }
            if rows > 1 {
                let w1 = Float8(repeating: pa[ars])
                c10.addProduct(w1, b0)
                if v > 1 { c11.addProduct(w1, b1) }
                if v > 2 { c12.addProduct(w1, b2); c13.addProduct(w1, b3) }
            }
            if rows > 2 {
                let w2 = Float8(repeating: pa[2 * ars])
                c20.addProduct(w2, b0)
                if v > 1 { c21.addProduct(w2, b1) }
                if v > 2 { c22.addProduct(w2, b2); c23.addProduct(w2, b3) }
            }
            if rows > 3 {
                let w3 = Float8(repeating: pa[3 * ars])
                c30.addProduct(w3, b0)
                c31.addProduct(w3, b1)
            }
            if rows > 4 {
                let w4 = Float8(repeating: pa[4 * ars])
                c40.addProduct(w4, b0)
                c41.addProduct(w4, b1)
            }
            if rows > 5 {
                let w5 = Float8(repeating: pa[5 * ars])
                c50.addProduct(w5, b0)
                c51.addProduct(w5, b1)
            }
            pa += aks
            pb += ldb
        }
        storeRow(c, v, c00, c01, c02, c03)
        if rows > 1 { storeRow(c + ldc, v, c10, c11, c12, c13) }
        if rows > 2 { storeRow(c + 2 * ldc, v, c20, c21, c22, c23) }
        if rows > 3 { storeRow(c + 3 * ldc, v, c30, c31, c30, c30) }
        if rows > 4 { storeRow(c + 4 * ldc, v, c40, c41, c40, c40) }
        if rows > 5 { storeRow(c + 5 * ldc, v, c50, c51, c50, c50) }
    }

    @inline(__always)
    static func storeRow(
        _ p: UnsafeMutablePointer<Float>, _ v: Int, _ x0: Float8, _ x1: Float8, _ x2: Float8, _ x3: Float8
    ) {
        Vector.store(x0, p)
        if v > 1 { Vector.store(x1, p + 8) }
        if v > 2 { Vector.store(x2, p + 16); Vector.store(x3, p + 24) }
    }

    /// dst (cols×rows) = srcᵀ for src (rows×cols), both row-major, in 8×8 blocks.
    public static func transpose(
        _ src: UnsafePointer<Float>, rows: Int, cols: Int, into dst: UnsafeMutablePointer<Float>,
        rowRange: Range<Int>? = nil
    ) {
        let range = rowRange ?? 0..<rows
        var i0 = range.lowerBound
        while i0 < range.upperBound {
            let i1 = min(i0 + 8, range.upperBound)
            var j0 = 0
            while j0 < cols {
                let j1 = min(j0 + 8, cols)
                for i in i0..<i1 {
                    for j in j0..<j1 { dst[j * rows + i] = src[i * cols + j] }
                }
                j0 = j1
            }
            i0 = i1
        }
    }

    /// C[i][j] = Σ_p A[i][p]·B[j][p]: rows×cols dot products of length k, A
    /// and B row-major with rows of k — the weight gradient's form when the
    /// shapes are too small for a transpose to pay. Tiles of 4 rows × 3
    /// columns keep 12 accumulators in registers (7 loads per 12 FMAs).
    public static func dotProducts(
        rows: Range<Int>, cols: Int, k: Int,
        a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>
    ) {
        var i = rows.lowerBound
        while i < rows.upperBound {
            let four = rows.upperBound - i >= 4
            var j = 0
            while j < cols {
                let n = cols - j
                if four {
                    if n >= 3 { dotTile(Dot4x3.self, i, j, cols, k, a, b, c) }
                    else if n == 2 { dotTile(Dot4x2.self, i, j, cols, k, a, b, c) }
                    else { dotTile(Dot4x1.self, i, j, cols, k, a, b, c) }
                } else {
                    if n >= 3 { dotTile(Dot1x3.self, i, j, cols, k, a, b, c) }
                    else if n == 2 { dotTile(Dot1x2.self, i, j, cols, k, a, b, c) }
                    else { dotTile(Dot1x1.self, i, j, cols, k, a, b, c) }
                }
                j += min(n, 3)
            }
            i += four ? 4 : 1
        }
    }

    /// One tile of dot products: rows i..<i+R of A against rows j..<j+C of B.
    @inline(__always)
    static func dotTile<S: DotShape>(
        _ shape: S.Type, _ i: Int, _ j: Int, _ ldc: Int, _ k: Int,
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>
    ) {
        let rows = S.rows, cols = S.cols
        let a0 = a + i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k
        let b0 = b + j * k, b1 = b0 + k, b2 = b1 + k
        var s00 = Float8(), s01 = Float8(), s02 = Float8()
        var s10 = Float8(), s11 = Float8(), s12 = Float8()
        var s20 = Float8(), s21 = Float8(), s22 = Float8()
        var s30 = Float8(), s31 = Float8(), s32 = Float8()
        var p = 0
        while p + 8 <= k {
            let y0 = Vector.load(b0 + p)
            let y1 = cols > 1 ? Vector.load(b1 + p) : Float8()
            let y2 = cols > 2 ? Vector.load(b2 + p) : Float8()
            let x0 = Vector.load(a0 + p)
            s00.addProduct(x0, y0)
            if cols > 1 { s01.addProduct(x0, y1) }
            if cols > 2 { s02.addProduct(x0, y2) }
            if rows > 1 {
                // One row of A at a time: 12 sums + 3 B vectors + 1 A vector
                // fill the 16 registers exactly (loading all four spilled).
                let x1 = Vector.load(a1 + p)
                s10.addProduct(x1, y0)
                if cols > 1 { s11.addProduct(x1, y1) }
                if cols > 2 { s12.addProduct(x1, y2) }
                let x2 = Vector.load(a2 + p)
                s20.addProduct(x2, y0)
                if cols > 1 { s21.addProduct(x2, y1) }
                if cols > 2 { s22.addProduct(x2, y2) }
                let x3 = Vector.load(a3 + p)
                s30.addProduct(x3, y0)
                if cols > 1 { s31.addProduct(x3, y1) }
                if cols > 2 { s32.addProduct(x3, y2) }
            }
            p += 8
        }
        let tail = p
        // The last k % 8 products in scalar code.
        @inline(__always) func rest(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>) -> Float {
            var t: Float = 0
            for q in tail..<k { t += x[q] * y[q] }
            return t
        }
        let out = c + i * ldc + j
        out[0] = s00.sum() + rest(a0, b0)
        if cols > 1 { out[1] = s01.sum() + rest(a0, b1) }
        if cols > 2 { out[2] = s02.sum() + rest(a0, b2) }
        if rows > 1 {
            out[ldc] = s10.sum() + rest(a1, b0)
            out[2 * ldc] = s20.sum() + rest(a2, b0)
            out[3 * ldc] = s30.sum() + rest(a3, b0)
            if cols > 1 {
                out[ldc + 1] = s11.sum() + rest(a1, b1)
                out[2 * ldc + 1] = s21.sum() + rest(a2, b1)
                out[3 * ldc + 1] = s31.sum() + rest(a3, b1)
            }
            if cols > 2 {
                out[ldc + 2] = s12.sum() + rest(a1, b2)
                out[2 * ldc + 2] = s22.sum() + rest(a2, b2)
                out[3 * ldc + 2] = s32.sum() + rest(a3, b2)
            }
        }
    }
}

/// A micro-kernel tile shape: rows of C and 8-float vectors across.
@usableFromInline
protocol TileShape {
    static var rows: Int { get }
    static var vectors: Int { get }
}

@usableFromInline enum Tile6x16: TileShape { @usableFromInline static var rows: Int { 6 }; @usableFromInline static var vectors: Int { 2 } }
@usableFromInline enum Tile5x16: TileShape { @usableFromInline static var rows: Int { 5 }; @usableFromInline static var vectors: Int { 2 } }
@usableFromInline enum Tile4x16: TileShape { @usableFromInline static var rows: Int { 4 }; @usableFromInline static var vectors: Int { 2 } }
@usableFromInline enum Tile3x32: TileShape { @usableFromInline static var rows: Int { 3 }; @usableFromInline static var vectors: Int { 4 } }
@usableFromInline enum Tile2x32: TileShape { @usableFromInline static var rows: Int { 2 }; @usableFromInline static var vectors: Int { 4 } }
@usableFromInline enum Tile1x32: TileShape { @usableFromInline static var rows: Int { 1 }; @usableFromInline static var vectors: Int { 4 } }

/// A dot-product tile shape: rows of A (1 or 4) against rows of B (1–3).
@usableFromInline
protocol DotShape {
    static var rows: Int { get }
    static var cols: Int { get }
}

@usableFromInline enum Dot4x3: DotShape { @usableFromInline static var rows: Int { 4 }; @usableFromInline static var cols: Int { 3 } }
@usableFromInline enum Dot4x2: DotShape { @usableFromInline static var rows: Int { 4 }; @usableFromInline static var cols: Int { 2 } }
@usableFromInline enum Dot4x1: DotShape { @usableFromInline static var rows: Int { 4 }; @usableFromInline static var cols: Int { 1 } }
@usableFromInline enum Dot1x3: DotShape { @usableFromInline static var rows: Int { 1 }; @usableFromInline static var cols: Int { 3 } }
@usableFromInline enum Dot1x2: DotShape { @usableFromInline static var rows: Int { 1 }; @usableFromInline static var cols: Int { 2 } }
@usableFromInline enum Dot1x1: DotShape { @usableFromInline static var rows: Int { 1 }; @usableFromInline static var cols: Int { 1 } }
