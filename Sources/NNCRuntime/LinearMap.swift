/// The fixed linear maps of the network's outputs on a grid (FK tables, sum
/// rules' quadrature weights, positivity weights): a matrix-vector product
/// forward, its transpose added into the input gradient backward. Side by side.
///
/// matrix: `(·, outputs·grid)` row-major, output-major columns; the input's
/// output o is the row `input + o·stride`, its grid points from `column`.
public enum LinearMap {
    /// y[r] = Σ_o Σ_j M[r0 + r, o·grid + j] · f[o·stride + column + j], r < rows.
    public static func forward(
        y: UnsafeMutablePointer<Float>, matrix: UnsafePointer<Float>, input: UnsafePointer<Float>,
        rows: Int, rowOffset: Int, outputs: Int, grid: Int, column: Int, stride: Int
    ) {
        let width = outputs * grid
        for r in 0..<rows {
            let row = matrix + (rowOffset + r) * width
            var acc = Float8()
            var tail: Float = 0
            for o in 0..<outputs {
                let m = row + o * grid
                let f = input + o * stride + column
                var j = 0
                while j + 8 <= grid {
                    acc.addProduct(Vector.load(m + j), Vector.load(f + j))
                    j += 8
                }
                while j < grid {
                    tail += m[j] * f[j]
                    j += 1
                }
            }
            y[r] = acc.sum() + tail
        }
    }

    /// g_f[o·stride + column + j] += Σ_r M[r0 + r, o·grid + j] · g_y[r]: an axpy a row.
    public static func backward(
        inputGradient gf: UnsafeMutablePointer<Float>, matrix: UnsafePointer<Float>, gradient gy: UnsafePointer<Float>,
        rows: Int, rowOffset: Int, outputs: Int, grid: Int, column: Int, stride: Int
    ) {
        let width = outputs * grid
        for r in 0..<rows {
            let g = gy[r]
            if g == 0 { continue }
            let gv = Float8(repeating: g)
            let row = matrix + (rowOffset + r) * width
            for o in 0..<outputs {
                let m = row + o * grid
                let d = gf + o * stride + column
                var j = 0
                while j + 8 <= grid {
                    var v = Vector.load(d + j)
                    v.addProduct(gv, Vector.load(m + j))
                    Vector.store(v, d + j)
                    j += 8
                }
                while j < grid {
                    d[j] += g * m[j]
                    j += 1
                }
            }
        }
    }
}
