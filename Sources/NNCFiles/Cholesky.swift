/// Symmetric positive-definite matrices in Double: the Cholesky factor and the
/// inverse built from it — the covariance checks of the data stage, the
/// replicas' fluctuations and χ² with a full covariance.
public enum Cholesky {
    /// Where the factorisation stopped: pivot `pivot` (0-based) was `value`,
    /// not above 0 (or not finite).
    public struct Failure: Error, Equatable, Sendable {
        public var pivot: Int
        public var value: Double
    }

    /// The lower factor L with A = L·Lᵀ (n×n row-major, A's lower triangle
    /// read), or the first pivot that is not above 0 or not finite.
    public static func decompose(_ a: [Double], n: Int) -> Result<[Double], Failure> {
        precondition(a.count == n * n, "Cholesky.decompose needs an n×n matrix")
        var l = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            var d = a[j * n + j]
            for k in 0..<j { d -= l[j * n + k] * l[j * n + k] }
            guard d > 0, d.isFinite else { return .failure(Failure(pivot: j, value: d)) }
            let pivot = d.squareRoot()
            l[j * n + j] = pivot
            for i in (j + 1)..<n {
                var s = a[i * n + j]
                for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = s / pivot
            }
        }
        return .success(l)
    }

    /// The lower factor L with A = L·Lᵀ (n×n row-major), or nil when A is not
    /// positive definite (a pivot ≤ 0 or not finite) or not n×n.
    public static func factor(_ a: [Double], n: Int) -> [Double]? {
        guard a.count == n * n else { return nil }
        return try? decompose(a, n: n).get()
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
