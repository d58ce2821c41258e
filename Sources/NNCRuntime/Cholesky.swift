/// Symmetric positive-definite matrices in Double: the Cholesky factor and the
/// inverse built from it, for χ² with a full covariance.
public enum Cholesky {
    /// The lower factor L with A = L·Lᵀ (n×n row-major), or nil when A is not
    /// symmetric positive definite (a pivot ≤ 0 or not finite).
    public static func factor(_ a: [Double], n: Int) -> [Double]? {
        guard a.count == n * n else { return nil }
        var l = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            var d = a[j * n + j]
            for k in 0..<j { d -= l[j * n + k] * l[j * n + k] }
            guard d > 0, d.isFinite else { return nil }
            let pivot = d.squareRoot()
            l[j * n + j] = pivot
            for i in (j + 1)..<n {
                var s = a[i * n + j]
                for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = s / pivot
            }
        }
        return l
    }

    /// A⁻¹ for symmetric positive-definite A (n×n row-major), or nil.
    /// Solves L·Lᵀ·X = I column by column; the result is symmetrised.
    public static func inverse(_ a: [Double], n: Int) -> [Double]? {
        guard let l = factor(a, n: n) else { return nil }
        var inv = [Double](repeating: 0, count: n * n)
        var y = [Double](repeating: 0, count: n)
        for col in 0..<n {
            // L·y = e_col
            for i in 0..<n {
                var s = i == col ? 1.0 : 0.0
                for k in 0..<i { s -= l[i * n + k] * y[k] }
                y[i] = s / l[i * n + i]
            }
            // Lᵀ·x = y
            for i in stride(from: n - 1, through: 0, by: -1) {
                var s = y[i]
                for k in (i + 1)..<n { s -= l[k * n + i] * inv[k * n + col] }
                inv[i * n + col] = s / l[i * n + i]
            }
        }
        for i in 0..<n {
            for j in (i + 1)..<n {
                let m = 0.5 * (inv[i * n + j] + inv[j * n + i])
                inv[i * n + j] = m
                inv[j * n + i] = m
            }
        }
        return inv
    }
}
