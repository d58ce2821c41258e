import Foundation
import NNCDiagnostics
import NNCFiles
import NNCRuntime

/// The covariance of one data set's targets for chi2 with a full covariance
/// matrix (`loss: {chi2: {covariance: FILE}}`): its inverse, which the loss
/// reads, and its Cholesky factor, which draws correlated replica noise.
///
/// Residuals are ordered point-major — index `n·outputs + o` for output `o` of
/// point `n` — like the runtime's `Loss.chi2Covariance`.
public struct DataCovariance: Sendable, Equatable {
    /// Residuals covered: points × outputs.
    public var dimension: Int
    /// C⁻¹, row-major `dimension × dimension`, computed in Double and stored
    /// in Float as the loss reads it.
    public var inverse: [Float]
    /// The lower Cholesky factor L of C (C = L·Lᵀ), row-major, in Double.
    public var factor: [Double]

    public init(dimension: Int, inverse: [Float], factor: [Double]) {
        self.dimension = dimension
        self.inverse = inverse
        self.factor = factor
    }

    /// The covariance of the points `indices` (rows and columns of those
    /// points of `matrix`, an `(points·outputs)²` row-major covariance of every
    /// point in file order), factored and inverted in Double; nil when that
    /// block is not positive definite.
    public static func block(of matrix: [Double], points: Int, outputs: Int, indices: [Int]) -> DataCovariance? {
        let full = points * outputs
        let m = indices.count * outputs
        var sub = [Double](repeating: 0, count: m * m)
        for (a, i) in indices.enumerated() {
            for o in 0..<outputs {
                let row = (i * outputs + o) * full
                let to = (a * outputs + o) * m
                for (b, j) in indices.enumerated() {
                    for p in 0..<outputs { sub[to + b * outputs + p] = matrix[row + j * outputs + p] }
                }
            }
        }
        guard let l = Cholesky.factor(sub, n: m), let inv = Cholesky.inverse(sub, n: m) else { return nil }
        guard inv.allSatisfy({ Float($0).isFinite }) else { return nil }
        return DataCovariance(dimension: m, inverse: inv.map { Float($0) }, factor: l)
    }

    /// Writes the inverse covariance of the points `indices` (positions in the
    /// data set, which for a full batch are all of them) into `destination`,
    /// rows of `leadingDimension` floats, as the interpreter's
    /// `inverse_covariance` buffer holds it. No allocation.
    public func write(
        _ indices: ArraySlice<Int>, outputs: Int, into destination: UnsafeMutablePointer<Float>, leadingDimension: Int
    ) {
        inverse.withUnsafeBufferPointer { src in
            var a = 0
            for i in indices {
                for o in 0..<outputs {
                    let from = src.baseAddress! + (i * outputs + o) * dimension
                    let to = destination + (a * outputs + o) * leadingDimension
                    var b = 0
                    for j in indices {
                        for p in 0..<outputs { to[b * outputs + p] = from[j * outputs + p] }
                        b += 1
                    }
                }
                a += 1
            }
        }
    }

    /// What the reader expects of the covariance file: N×N, N = points × outputs.
    static func expectation(points: Int, outputs: Int, lossSpan: SourceSpan) -> MatrixExpectation {
        let n = points * outputs
        return MatrixExpectation(
            rows: n, columns: n, what: "the covariance matrix",
            meaning: outputs == 1
                ? "one row and column per training-data point"
                : "one row and column per point and output (\(points) points × \(outputs) outputs, point-major)",
            notes: [DiagnosticNote("the matrix covers every point of data.train in file order, before the validation split"),
                    DiagnosticNote("the loss names the matrix here", span: lossSpan)])
    }

    /// Reads an N×N covariance matrix (a CSV file without a header or a `.npy`
    /// file, N = `points × outputs`) and checks that it is symmetric and
    /// positive definite. Every problem is a diagnostic at the place in the
    /// file; on failure a CSV file's text is added to `sources` so the
    /// diagnostic shows the line.
    public static func readMatrix(
        path: String, points: Int, outputs: Int, lossSpan: SourceSpan, sources: SourceManager? = nil
    ) throws -> [Double] {
        let matrix = try MatrixFile.read(
            path: path, expecting: expectation(points: points, outputs: outputs, lossSpan: lossSpan), sources: sources)
        do {
            return try check(matrix, path: path, lossSpan: lossSpan)
        } catch {
            if let sources, matrix.rowSpans != nil, sources.file(path) == nil,
               let text = try? String(contentsOfFile: path, encoding: .utf8)
            {
                sources.add(SourceFile(path: path, text: text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text))
            }
            throw error
        }
    }

    /// Parses and checks CSV matrix text; `path` only names the file in diagnostics.
    public static func parse(text: String, path: String, points: Int, outputs: Int, lossSpan: SourceSpan) throws -> [Double] {
        let matrix = try MatrixFile.parse(
            bytes: Array(text.utf8), path: path, expecting: expectation(points: points, outputs: outputs, lossSpan: lossSpan))
        return try check(matrix, path: path, lossSpan: lossSpan)
    }

    /// A covariance is symmetric (up to the rounding of written digits), has
    /// positive variances and is positive definite (`Matrix.covarianceFactor`,
    /// the check observables' covariances go through too).
    static func check(_ m: Matrix, path: String, lossSpan: SourceSpan) throws -> [Double] {
        if case .failure(let problem) = m.covarianceFactor() {
            throw TrainError(m.diagnostic(
                for: problem, path: path, what: "the covariance matrix", code: .covarianceMismatch,
                notes: [DiagnosticNote("the loss names the matrix here", span: lossSpan)]))
        }
        return m.values
    }
}
