import NNCDiagnostics

extension Matrix {
    /// Why a square matrix is not a covariance: the first problem found, in
    /// the order they are checked.
    public enum CovarianceProblem: Error, Equatable, Sendable {
        /// C[i][j] ≠ C[j][i] beyond a relative tolerance of 1e-8 (0-based indices, i < j).
        case notSymmetric(row: Int, column: Int, value: Double, mirror: Double)
        /// A variance on the diagonal that is not above 0 (0-based).
        case nonPositiveVariance(index: Int, value: Double)
        /// Cholesky's pivot `index` (0-based) is ≤ 0: C[index][index] less what the
        /// rows before it explain. Row `index` is, up to rounding, a combination of them.
        case notPositiveDefinite(pivot: Int, value: Double)
    }

    /// The lower Cholesky factor L of the matrix (C = L·Lᵀ, row-major, in
    /// Double) when it is a covariance: square, symmetric to a relative 1e-8
    /// (of max(|C[i][j]|, |C[j][i]|, √(C[i][i]·C[j][j]))), positive variances
    /// and positive definite. Otherwise the first problem. The matrix must be square.
    public func covarianceFactor() -> Result<[Double], CovarianceProblem> {
        precondition(rows == columns, "covarianceFactor needs a square matrix")
        let n = rows
        let c = values
        for i in 0..<n {
            for j in (i + 1)..<n {
                let a = c[i * n + j], b = c[j * n + i]
                let scale = Swift.max(Swift.abs(a), Swift.abs(b), (Swift.abs(c[i * n + i]) * Swift.abs(c[j * n + j])).squareRoot())
                if Swift.abs(a - b) > 1e-8 * scale {
                    return .failure(.notSymmetric(row: i, column: j, value: a, mirror: b))
                }
            }
        }
        if let d = (0..<n).first(where: { !(c[$0 * n + $0] > 0) }) {
            return .failure(.nonPositiveVariance(index: d, value: c[d * n + d]))
        }
        return Cholesky.decompose(c, n: n).mapError { .notPositiveDefinite(pivot: $0.pivot, value: $0.value) }
    }

    /// The diagnostic for a covariance `problem` of this matrix read from
    /// `path`: at the row's line in a CSV file, at the file for `.npy`.
    /// `what` names the matrix ("the covariance matrix of 'F2'").
    public func diagnostic(
        for problem: CovarianceProblem, path: String, what: String, code: DiagnosticCode, notes: [DiagnosticNote] = []
    ) -> Diagnostic {
        func show(_ v: Double) -> String { v == v.rounded() && Swift.abs(v) < 1e15 ? String(Int(v)) : "\(v)" }
        switch problem {
        case .notSymmetric(let i, let j, let a, let b):
            return Diagnostic(
                code, span: span(ofRow: i, file: path),
                message: "\(what) '\(path)' is not symmetric: row \(i + 1), column \(j + 1) is \(show(a)) but row \(j + 1), column \(i + 1) is \(show(b))",
                notes: [DiagnosticNote("a covariance matrix is symmetric: C[i][j] = C[j][i] (to a relative 1e-8)")] + notes)
        case .nonPositiveVariance(let d, let v):
            return Diagnostic(
                code, span: span(ofRow: d, file: path),
                message: "\(what) '\(path)' has the variance \(show(v)) on its diagonal at row \(d + 1); expected a positive number",
                notes: [DiagnosticNote("the diagonal holds each point's variance σ², which must be above 0")] + notes)
        case .notPositiveDefinite(let p, let v):
            let before = p == 1 ? "row 1" : "rows 1–\(p)"
            let rest = p == 0 ? "" : ": row \(p + 1) is, up to rounding, a combination of \(before)"
            return Diagnostic(
                code, span: span(ofRow: p, file: path),
                message: "\(what) '\(path)' is not positive definite: Cholesky pivot \(p + 1) is \(show(v))\(rest)",
                notes: [DiagnosticNote("a covariance matrix has xᵀCx > 0 for every x ≠ 0; correlations of magnitude above 1, or rows that repeat, break this")]
                    + notes)
        }
    }
}
