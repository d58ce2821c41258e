import Foundation
import NNCDiagnostics
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

    /// Reads an N×N covariance matrix (CSV without a header, N = `points ×
    /// outputs`) and checks that it is symmetric and positive definite. Every
    /// problem is a diagnostic at the place in the file; on failure the file's
    /// text is added to `sources` so the diagnostic shows the line.
    public static func readMatrix(
        path: String, points: Int, outputs: Int, lossSpan: SourceSpan, sources: SourceManager? = nil
    ) throws -> [Double] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw TrainError(Diagnostic(
                .runDataUnreadable, span: .wholeFile(path),
                message: "cannot read the covariance matrix '\(path)': \(CSVTable.reason(error))",
                notes: [DiagnosticNote("check the path; relative paths are resolved against the spec's folder")]))
        }
        do {
            return try parse(text: text, path: path, points: points, outputs: outputs, lossSpan: lossSpan)
        } catch {
            if let sources, sources.file(path) == nil { sources.add(SourceFile(path: path, text: text)) }
            throw error
        }
    }

    /// Parses and checks the matrix text; `path` only names the file in diagnostics.
    public static func parse(text: String, path: String, points: Int, outputs: Int, lossSpan: SourceSpan) throws -> [Double] {
        let n = points * outputs
        let expected = outputs == 1
            ? "\(n)×\(n), one row and column per training-data point"
            : "\(n)×\(n), one row and column per point and output (\(points) points × \(outputs) outputs, point-major)"
        let usedHere = DiagnosticNote("the loss names the matrix here", span: lossSpan)
        // Rows as (1-based line, its text), blank lines skipped.
        var rows: [(line: Int, text: Substring)] = []
        var lineNumber = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = raw
            if line.hasSuffix("\r") { line = line.dropLast() }
            if lineNumber == 1, line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            rows.append((lineNumber, line))
        }
        guard rows.count == n else {
            throw TrainError(Diagnostic(
                .covarianceMismatch, span: .wholeFile(path),
                message: "the covariance matrix '\(path)' has \(rows.count) rows; expected \(expected)",
                notes: [DiagnosticNote("the matrix covers every point of data.train in file order, before the validation split"), usedHere]))
        }
        var matrix = [Double](repeating: 0, count: n * n)
        for (r, row) in rows.enumerated() {
            var column = 1
            var c = 0
            for field in row.text.split(separator: ",", omittingEmptySubsequences: false) {
                let width = field.unicodeScalars.count
                let lead = field.unicodeScalars.prefix { $0 == " " || $0 == "\t" }.count
                let value = field.trimmingCharacters(in: .whitespaces)
                let span = SourceSpan(file: path, line: row.line, column: column + lead, length: max(value.unicodeScalars.count, 1))
                if c >= n {
                    throw TrainError(Diagnostic(
                        .covarianceMismatch, span: span,
                        message: "row \(r + 1) of the covariance matrix '\(path)' has more than \(n) values; expected \(expected)",
                        notes: [usedHere]))
                }
                if value.isEmpty {
                    throw TrainError(Diagnostic(
                        .missingDataValue, span: span,
                        message: "row \(r + 1), column \(c + 1) of the covariance matrix is empty; expected a number",
                        notes: [DiagnosticNote("write every entry of the matrix, 0 where two points are uncorrelated")]))
                }
                guard let v = Double(value), !value.lowercased().contains("nan") else {
                    throw TrainError(Diagnostic(
                        .notANumber, span: span,
                        message: "row \(r + 1), column \(c + 1) of the covariance matrix is '\(value)'; expected a number",
                        notes: [DiagnosticNote("numbers are written like 0.25 or 1.0e-4; the file has no header")]))
                }
                guard v.isFinite else {
                    throw TrainError(Diagnostic(
                        .notFinite, span: span,
                        message: "row \(r + 1), column \(c + 1) of the covariance matrix is not finite ('\(value)')"))
                }
                matrix[r * n + c] = v
                c += 1
                column += width + 1
            }
            if c < n {
                throw TrainError(Diagnostic(
                    .covarianceMismatch, span: SourceSpan(file: path, line: row.line, column: 1, length: max(row.text.unicodeScalars.count, 1)),
                    message: "row \(r + 1) of the covariance matrix '\(path)' has \(c) values; expected \(expected)",
                    notes: [usedHere]))
            }
        }
        // Symmetric up to rounding of the written digits.
        for i in 0..<n {
            for j in (i + 1)..<n {
                let a = matrix[i * n + j], b = matrix[j * n + i]
                let scale = max(abs(a), abs(b), (abs(matrix[i * n + i]) * abs(matrix[j * n + j])).squareRoot())
                if abs(a - b) > 1e-8 * scale {
                    throw TrainError(Diagnostic(
                        .covarianceMismatch, span: SourceSpan(file: path, line: rows[i].line, column: 1, length: max(rows[i].text.unicodeScalars.count, 1)),
                        message: "the covariance matrix '\(path)' is not symmetric: row \(i + 1), column \(j + 1) is \(a) but row \(j + 1), column \(i + 1) is \(b)",
                        notes: [DiagnosticNote("a covariance matrix is symmetric: C[i][j] = C[j][i]"), usedHere]))
                }
            }
        }
        if let d = (0..<n).first(where: { !(matrix[$0 * n + $0] > 0) }) {
            throw TrainError(Diagnostic(
                .covarianceMismatch, span: SourceSpan(file: path, line: rows[d].line, column: 1, length: max(rows[d].text.unicodeScalars.count, 1)),
                message: "the covariance matrix '\(path)' has the variance \(matrix[d * n + d]) on its diagonal at row \(d + 1); expected a positive number",
                notes: [DiagnosticNote("the diagonal holds each point's variance σ², which must be above 0"), usedHere]))
        }
        if Cholesky.factor(matrix, n: n) == nil {
            throw TrainError(Diagnostic(
                .covarianceMismatch, span: .wholeFile(path),
                message: "the covariance matrix '\(path)' is not positive definite",
                notes: [DiagnosticNote("a covariance matrix has xᵀCx > 0 for every x ≠ 0; correlations of magnitude above 1, or rows that repeat, break this"),
                        usedHere]))
        }
        return matrix
    }
}
