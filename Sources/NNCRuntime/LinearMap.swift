import NNCKernels

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
        rows: Int, rowOffset: Int, outputs: Int, grid: Int, column: Int, stride: Int, kernels: KernelVariant = .best
    ) {
        kernels.table.pointee.linear_map_forward(
            y, matrix, input, Int64(rows), Int64(rowOffset), Int64(outputs), Int64(grid), Int64(column), Int64(stride))
    }

    /// g_f[o·stride + column + j] += Σ_r M[r0 + r, o·grid + j] · g_y[r]: an axpy a row.
    public static func backward(
        inputGradient gf: UnsafeMutablePointer<Float>, matrix: UnsafePointer<Float>, gradient gy: UnsafePointer<Float>,
        rows: Int, rowOffset: Int, outputs: Int, grid: Int, column: Int, stride: Int, kernels: KernelVariant = .best
    ) {
        kernels.table.pointee.linear_map_backward(
            gf, matrix, gy, Int64(rows), Int64(rowOffset), Int64(outputs), Int64(grid), Int64(column), Int64(stride))
    }
}
