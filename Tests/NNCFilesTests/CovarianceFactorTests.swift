import Foundation
import NNCDiagnostics
import Testing
@testable import NNCFiles

/// `Matrix.covarianceFactor`: the one covariance check (chi2's covariance and
/// observables' covariances), and the reader's one problem for a matrix whose
/// rows all have the same wrong width.
struct CovarianceFactorTests {
    static func matrix(_ rows: [[Double]]) -> Matrix {
        Matrix(rows: rows.count, columns: rows.first?.count ?? 0, values: rows.flatMap { $0 })
    }

    @Test func factorOfACovarianceReproducesIt() throws {
        let c = Self.matrix([[4, 2, 0.4], [2, 5, 1], [0.4, 1, 3]])
        guard case .success(let l) = c.covarianceFactor() else { Issue.record("not a covariance"); return }
        for i in 0..<3 {
            for j in 0..<3 {
                if j > i { #expect(l[i * 3 + j] == 0) }
                let v = (0..<3).reduce(0.0) { $0 + l[i * 3 + $1] * l[j * 3 + $1] }
                #expect(abs(v - c[i, j]) < 1e-14, "C[\(i)][\(j)]")
            }
        }
    }

    @Test func problemsInTheOrderTheyAreChecked() {
        #expect(Self.matrix([[1, 0.5], [0.4, 1]]).covarianceFactor() == .failure(.notSymmetric(row: 0, column: 1, value: 0.5, mirror: 0.4)))
        // A relative 1e-8 of the scale is rounding, not asymmetry.
        if case .failure = Self.matrix([[1, 0.5], [0.500000000001, 1]]).covarianceFactor() { Issue.record("rounding is symmetric") }
        #expect(Self.matrix([[1, 0], [0, -2]]).covarianceFactor() == .failure(.nonPositiveVariance(index: 1, value: -2)))
        #expect(Self.matrix([[1, 2], [2, 1]]).covarianceFactor() == .failure(.notPositiveDefinite(pivot: 1, value: -3)))
        // A repeated point: row 3 equals row 2, pivot 3 is 0 up to rounding.
        let repeated = Self.matrix([[2, 1, 1], [1, 2, 2], [1, 2, 2]])
        guard case .failure(.notPositiveDefinite(let p, let v)) = repeated.covarianceFactor() else { Issue.record("PD?"); return }
        #expect(p == 2 && abs(v) < 1e-12)
    }

    @Test func diagnosticsNameThePlace() {
        let m = Matrix(rows: 2, columns: 2, values: [1, 2, 2, 1],
                       rowSpans: [SourceSpan(file: "c.csv", line: 1, column: 1, length: 3), SourceSpan(file: "c.csv", line: 2, column: 1, length: 3)])
        let d = m.diagnostic(for: .notPositiveDefinite(pivot: 1, value: -3), path: "c.csv", what: "the covariance matrix", code: .covarianceMismatch)
        #expect(d.code == .covarianceMismatch)
        #expect(d.span.start.line == 2)
        #expect(d.message == "the covariance matrix 'c.csv' is not positive definite: Cholesky pivot 2 is -3: row 2 is, up to rounding, a combination of row 1")
    }

    func csv(_ text: String, rows: Int?, columns: Int?) -> [Diagnostic] {
        Array(text.utf8).withUnsafeBufferPointer {
            MatrixFile.scan(bytes: $0, path: "k.csv", expecting: MatrixExpectation(rows: rows, columns: columns, what: "the FK table")).1
        }
    }

    @Test func rowsOfOneWrongWidthAreOneProblem() {
        let wide = csv("1,2,3\n4,5,6\n", rows: 2, columns: 2)
        #expect(wide.map(\.message) == ["the FK table 'k.csv' has 3 values in every row; expected 2×2"])
        #expect(wide.first?.span.start == SourceLocation(line: 1, column: 1))
        let both = csv("1,2,3\n4,5,6\n7,8,9\n", rows: 2, columns: 2)
        #expect(both.map(\.message) == ["the FK table 'k.csv' is 3×3; expected 2×2"])
        // Ragged rows are still reported one by one.
        let ragged = csv("1,2\n4,5,6\n7,8\n", rows: 3, columns: 2)
        #expect(ragged.map(\.message) == ["row 2 of the FK table 'k.csv' has 3 values; expected 3×2"])
    }
}
