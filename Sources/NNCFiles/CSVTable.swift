import Foundation
import NNCDiagnostics

/// Columns picked by name from a CSV file with a header, read as numbers: the
/// data reader behind training, validation, prediction inputs and
/// `nnc lint --data`. Every problem is a diagnostic at the field's
/// `file:line:column`; columns the spec does not use may hold any text and
/// cost nothing.
public struct CSVTable: Sendable {
    /// The path as given, used in diagnostics.
    public var path: String
    /// Every column name of the header, in file order.
    public var header: [String]
    /// The requested column names, in the order asked for.
    public var columns: [String]
    /// `values[c][r]`: the number in requested column `c` of data row `r`
    /// (NaN where the field is not a number; such a table came with diagnostics).
    public var values: [[Double]]
    /// The 1-based file line of each data row (for later diagnostics).
    public var lines: [Int]

    public var rowCount: Int { lines.count }

    /// The values of the column named `name`, if it was requested.
    public func column(_ name: String) -> [Double]? {
        columns.firstIndex(of: name).map { values[$0] }
    }

    /// At most this many problems are kept per file, since one systematic
    /// mistake would otherwise repeat on every row; the last one kept counts
    /// the rest (`Diagnostic.omitted`), so totals stay true.
    public static let maxDiagnostics = 10

    /// Reads `columns` from the file at `path`; throws every problem found.
    /// On failure the file's text is added to `sources` (when given) so the
    /// diagnostics show the offending line.
    public static func read(path: String, columns: [String], sources: SourceManager? = nil) throws -> CSVTable {
        let data = try contents(path, what: "data file")
        return try data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let (table, diagnostics) = scan(bytes: bytes, path: path, columns: columns)
            if let table, diagnostics.isEmpty { return table }
            registerText(bytes, path: path, in: sources)
            throw DiagnosticError(diagnostics)
        }
    }

    /// Parses CSV text given as bytes; `path` only names the file in diagnostics.
    public static func parse(bytes: [UInt8], path: String, columns: [String]) throws -> CSVTable {
        try bytes.withUnsafeBufferPointer { buffer in
            let (table, diagnostics) = scan(bytes: buffer, path: path, columns: columns)
            if let table, diagnostics.isEmpty { return table }
            throw DiagnosticError(diagnostics)
        }
    }

    /// Reads what can be read without throwing: the table (NaN where a value
    /// is bad; nil when the header already failed) and every problem.
    public static func scan(bytes: UnsafeBufferPointer<UInt8>, path: String, columns: [String]) -> (CSVTable?, [Diagnostic]) {
        var reader = TableReader(scanner: CSVScanner(bytes: bytes, path: path))
        do {
            let table = try reader.table(columns: columns)
            return (table, reader.finished())
        } catch {
            reader.add((error as? DiagnosticError)?.diagnostics ?? [])
            return (nil, reader.finished())
        }
    }

    /// The file's bytes, or E0701 naming it as `what`.
    static func contents(_ path: String, what: String) throws -> Data {
        switch DataFile.contents(path) {
        case .success(let data): return data
        case .failure(let e):
            throw DiagnosticError(Diagnostic(
                .runDataUnreadable, span: .wholeFile(path), message: "cannot read \(what) '\(path)': \(e.reason)",
                notes: [DiagnosticNote("check the path; relative paths are resolved against the spec's folder")]))
        }
    }

    /// Adds the text of a file that has problems to `sources`, for snippets.
    static func registerText(_ bytes: UnsafeBufferPointer<UInt8>, path: String, in sources: SourceManager?) {
        guard let sources, sources.file(path) == nil else { return }
        let start = DataFile.bomLength(bytes)
        sources.add(SourceFile(path: path, text: String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self)))
    }
}

/// Collects a file's problems: the first `CSVTable.maxDiagnostics` are kept,
/// the rest are counted on the last one kept.
struct ProblemList {
    var kept: [Diagnostic] = []
    var omitted = 0

    mutating func add(_ d: Diagnostic) {
        if kept.count < CSVTable.maxDiagnostics { kept.append(d) } else { omitted += 1 }
    }

    var isEmpty: Bool { kept.isEmpty }

    /// The kept diagnostics, the last one standing for those not kept.
    func finished() -> [Diagnostic] {
        var out = kept
        if omitted > 0, !out.isEmpty { out[out.count - 1].omitted += omitted }
        return out
    }
}

/// One pass over a CSV file with a header, picking columns by name.
struct TableReader {
    var scanner: CSVScanner
    var problems = ProblemList()

    var path: String { scanner.path }

    mutating func add(_ diagnostics: [Diagnostic]) { diagnostics.forEach { problems.add($0) } }

    func finished() -> [Diagnostic] { problems.finished() }

    mutating func table(columns: [String]) throws -> CSVTable {
        var fields: [CSVField] = []
        guard let headerLine = try scanner.nextRecord(into: &fields) else {
            throw DiagnosticError(Diagnostic(
                .malformedCSV, span: .wholeFile(path), message: "data file '\(path)' is empty",
                notes: [DiagnosticNote("expected a header line naming the columns, then one line per data point")]))
        }
        let header = fields.map { scanner.trimmedText(of: $0) }
        let headerFields = fields
        let headerSpan = scanner.span(ofRecord: headerFields, line: headerLine)

        var picked: [Int] = []
        var missing: [String] = []
        for name in columns {
            let hits = header.indices.filter { header[$0] == name }
            if hits.count > 1 {
                problems.add(Diagnostic(
                    .malformedCSV, span: scanner.span(of: headerFields[hits[1]]),
                    message: "column '\(name)' appears \(hits.count) times in the header of '\(path)'",
                    notes: [DiagnosticNote("rename one of them so the column to use is unambiguous")]))
            }
            picked.append(hits.first ?? -1)
            if hits.isEmpty { missing.append(name) }
        }
        if !missing.isEmpty {
            if header.count == 1, let other = CSVDelimiter.guess(header[0]), missing.contains(where: other.fields.contains) {
                // One wrong separator, not a list of missing columns.
                throw DiagnosticError(Diagnostic(
                    .wrongDelimiter, span: headerSpan,
                    message: "'\(path)' is separated by \(other.name), not by commas",
                    label: "read as one column",
                    notes: [DiagnosticNote("split at \(other.name), the header has: " + other.fields.map { "'\($0)'" }.joined(separator: ", ")),
                            DiagnosticNote(other.fixNote)]))
            }
            for name in missing {
                var notes = [DiagnosticNote("the header has: \(header.map { "'\($0)'" }.joined(separator: ", "))")]
                if let near = Self.nearest(name, in: header) {
                    notes.insert(DiagnosticNote("did you mean '\(near)'?"), at: 0)
                }
                problems.add(Diagnostic(
                    .columnNotInData, span: headerSpan,
                    message: "column '\(name)' is not in the header of '\(path)'", notes: notes))
            }
        }
        if !problems.isEmpty { throw DiagnosticError([]) }

        var values = [[Double]](repeating: [], count: columns.count)
        var lines: [Int] = []
        while let rowLine = try scanner.nextRecord(into: &fields) {
            if fields.count > header.count {
                problems.add(Diagnostic(
                    .malformedCSV, span: scanner.span(of: fields[header.count]),
                    message: "line \(rowLine) has \(fields.count) fields but the header has \(header.count)",
                    label: "unexpected field",
                    notes: [DiagnosticNote("a stray comma, or a value with a comma that needs quotes (\"1,5\")")]))
                continue
            }
            lines.append(rowLine)
            var shortReported = false
            for (c, h) in picked.enumerated() {
                guard h < fields.count else {
                    values[c].append(.nan)
                    // One short line is one problem, however many columns it lacks.
                    if shortReported { continue }
                    shortReported = true
                    let end = fields.last.map { scanner.span(of: $0).end } ?? SourceLocation(line: rowLine, column: 1)
                    var notes = [DiagnosticNote("every line needs a value for each column of the header")]
                    if fields.count == 1, let other = CSVDelimiter.guess(scanner.text(of: fields[0])), other.fields.count == header.count {
                        notes.append(DiagnosticNote("the line seems separated by \(other.name); \(other.fixNote)"))
                    }
                    problems.add(Diagnostic(
                        .missingDataValue, span: SourceSpan(file: path, start: end, end: end),
                        message: "missing value for column '\(columns[c])' on line \(rowLine): the line has \(fields.count) of \(header.count) fields",
                        notes: notes))
                    continue
                }
                values[c].append(number(fields[h], column: columns[c]))
            }
        }
        if lines.isEmpty && problems.isEmpty {
            throw DiagnosticError(Diagnostic(
                .emptyDataSet, span: SourceSpan(file: path, line: headerLine, column: 1, length: 0),
                message: "data file '\(path)' has a header but no data rows",
                notes: [DiagnosticNote("add one line per data point below the header")]))
        }
        return CSVTable(path: path, header: header, columns: columns, values: values, lines: lines)
    }

    /// The header name closest to `name` (case ignored), if close enough to be
    /// a typo. Column names are short (`x`, `xg`), so one edit is allowed even
    /// for two letters, where spec keys allow none.
    static func nearest(_ name: String, in candidates: [String]) -> String? {
        let a = name.lowercased()
        var best: (String, Int)?
        for c in candidates {
            let d = DidYouMean.distance(a, c.lowercased())
            if d <= max(1, a.unicodeScalars.count / 3), best == nil || d < best!.1 { best = (c, d) }
        }
        return best?.0
    }

    /// The field as a number; reports and returns NaN when it is not one.
    mutating func number(_ f: CSVField, column name: String) -> Double {
        switch scanner.number(f) {
        case .value(let v):
            return v
        case .empty:
            problems.add(Diagnostic(
                .missingDataValue, span: scanner.span(of: f), message: "missing value for column '\(name)' on line \(f.line)",
                label: "empty field",
                notes: [DiagnosticNote("every data line needs a number in each column used by the spec")]))
        case .missingMarker(let found):
            problems.add(Diagnostic(
                .missingDataValue, span: scanner.span(of: f),
                message: "missing value '\(found)' for column '\(name)' on line \(f.line)",
                label: "marks a missing value",
                notes: [DiagnosticNote("nnc does not impute data: remove the line or fill in the value")]))
        case .notANumber(let found):
            problems.add(Diagnostic(
                .notANumber, span: scanner.span(of: f),
                message: "expected a number for column '\(name)' on line \(f.line), found '\(found)'",
                label: "not a number",
                notes: [DiagnosticNote("numbers are written like 42, -0.5 or 1.0e-3, with '.' as the decimal point")]))
        case .infinite:
            problems.add(Diagnostic(
                .notFinite, span: scanner.span(of: f),
                message: "value for column '\(name)' on line \(f.line) is not finite",
                label: "infinite",
                notes: [DiagnosticNote("a network cannot be fitted to an infinite value; remove the line or fix the value")]))
        }
        return .nan
    }
}
