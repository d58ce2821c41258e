import Foundation
import NNCDiagnostics
import NNCSpec

/// Columns picked by name from a CSV file with a header, parsed as numbers.
///
/// The reader works on the file's bytes: fields are located by scanning for
/// commas, quotes and line ends, and only the requested columns are converted
/// (with `strtod`), so unused text columns cost nothing and no `String` is made
/// per field. Accepted: a UTF-8 byte-order mark, `\n` or `\r\n` line ends,
/// quoted fields (`"a, b"`, `""` for a quote, line breaks inside quotes),
/// spaces around fields, blank lines (skipped). Every problem is a diagnostic
/// at the field's `file:line:column`.
public struct CSVTable: Sendable {
    /// The path as given, used in diagnostics.
    public var path: String
    /// Every column name of the header, in file order.
    public var header: [String]
    /// The requested column names, in the order asked for.
    public var columns: [String]
    /// `values[c][r]`: the number in requested column `c` of data row `r`.
    public var values: [[Double]]
    /// The 1-based file line of each data row (for later diagnostics).
    public var lines: [Int]

    public var rowCount: Int { lines.count }

    /// The values of the column named `name`, if it was requested.
    public func column(_ name: String) -> [Double]? {
        columns.firstIndex(of: name).map { values[$0] }
    }

    /// At most this many problems are reported per file; one systematic mistake
    /// would otherwise repeat on every row.
    public static let maxDiagnostics = 10

    /// Reads `columns` from the file at `path`. On failure the file's text is
    /// added to `sources` (when given) so the diagnostics show the offending line.
    public static func read(path: String, columns: [String], sources: SourceManager? = nil) throws -> CSVTable {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw TrainError(Diagnostic(
                .runDataUnreadable, span: .wholeFile(path),
                message: "cannot read data file '\(path)': \(Self.reason(error))",
                notes: [DiagnosticNote("check the path; relative paths are resolved against the spec's folder")]))
        }
        do {
            return try parse(bytes: bytes, path: path, columns: columns)
        } catch {
            if let sources, sources.file(path) == nil {
                sources.add(SourceFile(path: path, text: String(decoding: bytes.dropFirst(bomLength(bytes)), as: UTF8.self)))
            }
            throw error
        }
    }

    /// Parses CSV text given as bytes; `path` only names the file in diagnostics.
    public static func parse(bytes: [UInt8], path: String, columns: [String]) throws -> CSVTable {
        var parser = CSVParser(bytes: bytes, path: path)
        return try parser.table(columns: columns)
    }

    static func bomLength(_ bytes: [UInt8]) -> Int {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code))).lowercased()
        }
        if ns.domain == NSCocoaErrorDomain && ns.code == NSFileReadNoSuchFileError {
            return "no such file"
        }
        return ns.localizedDescription.lowercased()
    }
}

/// One field of a record: byte range of its content (inside the quotes for a
/// quoted field) and where it starts, for diagnostics.
struct CSVField {
    var start: Int
    var end: Int
    var quoted: Bool
    /// A quoted field containing `""`, whose content must be unescaped.
    var escaped: Bool
    var line: Int
    var lineStart: Int
}

/// The byte scanner behind `CSVTable`.
struct CSVParser {
    let bytes: [UInt8]
    let path: String
    var index: Int
    var line = 1
    var lineStart: Int
    var diagnostics: [Diagnostic] = []
    var suppressed = 0

    init(bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
        index = CSVTable.bomLength(bytes)
        lineStart = index
    }

    private static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r"), space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")

    mutating func table(columns: [String]) throws -> CSVTable {
        var fields: [CSVField] = []
        // The header: the first record that is not blank.
        var headerLine = 1
        repeat {
            headerLine = line
            guard index < bytes.count else {
                throw TrainError(Diagnostic(
                    .malformedCSV, span: .wholeFile(path), message: "data file '\(path)' is empty",
                    notes: [DiagnosticNote("expected a header line naming the columns, then one line per data point")]))
            }
            try record(into: &fields)
        } while isBlank(fields)
        let header = fields.map { text(of: $0).trimmingCharacters(in: .whitespaces) }
        let headerFields = fields

        var picked: [Int] = []
        for name in columns {
            let hits = header.indices.filter { header[$0] == name }
            if hits.count > 1 {
                report(Diagnostic(
                    .malformedCSV, span: span(of: headerFields[hits[1]]),
                    message: "column '\(name)' appears \(hits.count) times in the header of '\(path)'",
                    notes: [DiagnosticNote("rename one of them so the column to use is unambiguous")]))
            }
            if let first = hits.first {
                picked.append(first)
            } else {
                var notes = [DiagnosticNote("the header has: \(header.map { "'\($0)'" }.joined(separator: ", "))")]
                if let near = Self.nearest(name, in: header) {
                    notes.insert(DiagnosticNote("did you mean '\(near)'?"), at: 0)
                }
                let end = headerFields.last.map { span(of: $0).end } ?? SourceLocation(line: headerLine, column: 1)
                report(Diagnostic(
                    .columnNotInData,
                    span: SourceSpan(file: path, start: SourceLocation(line: headerLine, column: 1), end: end),
                    message: "column '\(name)' is not in the header of '\(path)'",
                    notes: notes))
                picked.append(-1)
            }
        }
        if !diagnostics.isEmpty { throw TrainError(diagnostics) }

        var values = [[Double]](repeating: [], count: columns.count)
        var lines: [Int] = []
        var scratch = [CChar](repeating: 0, count: 128)
        while index < bytes.count {
            let rowLine = line
            try record(into: &fields)
            if isBlank(fields) { continue }
            if fields.count > header.count {
                report(Diagnostic(
                    .malformedCSV, span: span(of: fields[header.count]),
                    message: "line \(rowLine) has \(fields.count) fields but the header has \(header.count)",
                    label: "unexpected field",
                    notes: [DiagnosticNote("a stray comma, or a value with a comma that needs quotes (\"1,5\")")]))
                continue
            }
            lines.append(rowLine)
            for (c, h) in picked.enumerated() {
                guard h < fields.count else {
                    let endColumn = fields.last.map { span(of: $0).end } ?? SourceLocation(line: rowLine, column: 1)
                    report(Diagnostic(
                        .missingDataValue, span: SourceSpan(file: path, start: endColumn, end: endColumn),
                        message: "missing value for column '\(columns[c])' on line \(rowLine): the line has \(fields.count) of \(header.count) fields",
                        notes: [DiagnosticNote("every line needs a value for each column of the header")]))
                    values[c].append(.nan)
                    continue
                }
                values[c].append(number(fields[h], column: columns[c], scratch: &scratch))
            }
        }
        if !diagnostics.isEmpty {
            if suppressed > 0 {
                diagnostics[diagnostics.count - 1].notes.append(
                    DiagnosticNote("\(suppressed) more problem\(suppressed == 1 ? "" : "s") in '\(path)' not shown"))
            }
            throw TrainError(diagnostics)
        }
        if lines.isEmpty {
            throw TrainError(Diagnostic(
                .emptyDataSet, span: SourceSpan(file: path, line: headerLine, column: 1, length: 0),
                message: "data file '\(path)' has a header but no data rows",
                notes: [DiagnosticNote("add one line per data point below the header")]))
        }
        return CSVTable(path: path, header: header, columns: columns, values: values, lines: lines)
    }

    mutating func report(_ d: Diagnostic) {
        if diagnostics.count < CSVTable.maxDiagnostics {
            diagnostics.append(d)
        } else {
            suppressed += 1
        }
    }

    /// Scans one record starting at `index` (not at the end), leaving `index`
    /// at the start of the next one.
    mutating func record(into fields: inout [CSVField]) throws {
        fields.removeAll(keepingCapacity: true)
        let n = bytes.count
        while true {
            var i = index
            while i < n && (bytes[i] == Self.space || bytes[i] == Self.tab) { i += 1 }
            if i < n && bytes[i] == Self.quote {
                let openLine = line, openLineStart = lineStart
                i += 1
                let contentStart = i
                var escaped = false
                var contentEnd = -1
                while i < n {
                    let c = bytes[i]
                    if c == Self.quote {
                        if i + 1 < n && bytes[i + 1] == Self.quote {
                            escaped = true
                            i += 2
                            continue
                        }
                        contentEnd = i
                        i += 1
                        break
                    }
                    if c == Self.lf {
                        line += 1
                        lineStart = i + 1
                    }
                    i += 1
                }
                guard contentEnd >= 0 else {
                    throw TrainError(Diagnostic(
                        .malformedCSV, span: SourceSpan(file: path, line: openLine, column: column(of: contentStart - 1, lineStart: openLineStart)),
                        message: "quoted field is never closed in '\(path)'",
                        label: "this quote has no closing quote",
                        notes: [DiagnosticNote("close the field with a '\"'; a quote inside a quoted field is written '\"\"'")]))
                }
                while i < n && (bytes[i] == Self.space || bytes[i] == Self.tab) { i += 1 }
                fields.append(CSVField(start: contentStart, end: contentEnd, quoted: true, escaped: escaped, line: openLine, lineStart: openLineStart))
                if i < n && bytes[i] != Self.comma && bytes[i] != Self.lf && bytes[i] != Self.cr {
                    throw TrainError(Diagnostic(
                        .malformedCSV, span: SourceSpan(file: path, line: line, column: column(of: i, lineStart: lineStart)),
                        message: "unexpected text after a closing quote in '\(path)'",
                        notes: [DiagnosticNote("a quoted field ends at its closing quote; put the whole value inside the quotes")]))
                }
            } else {
                let start = index
                while i < n && bytes[i] != Self.comma && bytes[i] != Self.lf && bytes[i] != Self.cr { i += 1 }
                fields.append(CSVField(start: start, end: i, quoted: false, escaped: false, line: line, lineStart: lineStart))
            }
            if i < n && bytes[i] == Self.comma {
                index = i + 1
                continue
            }
            // End of record: \n, \r\n, a lone \r, or the end of the file.
            if i < n && bytes[i] == Self.cr { i += 1 }
            if i < n && bytes[i] == Self.lf { i += 1 }
            index = i
            line += 1
            lineStart = i
            return
        }
    }

    func isBlank(_ fields: [CSVField]) -> Bool {
        guard fields.count == 1, !fields[0].quoted else { return false }
        return bytes[fields[0].start..<fields[0].end].allSatisfy { $0 == Self.space || $0 == Self.tab }
    }

    /// The 1-based column (in Unicode scalars) of byte `i` on a line starting at `lineStart`.
    func column(of i: Int, lineStart: Int) -> Int {
        var col = 1
        var k = lineStart
        while k < i {
            if bytes[k] & 0xC0 != 0x80 { col += 1 }
            k += 1
        }
        return col
    }

    /// The span of a field's text (quotes included for a quoted field).
    func span(of f: CSVField) -> SourceSpan {
        let s = f.quoted ? f.start - 1 : f.start
        let e = f.quoted ? min(f.end + 1, bytes.count) : f.end
        let startColumn = column(of: s, lineStart: f.lineStart)
        if f.quoted && bytes[s..<e].contains(Self.lf) {
            return SourceSpan(file: path, line: f.line, column: startColumn, length: 1)
        }
        return SourceSpan(file: path, line: f.line, column: startColumn, length: column(of: e, lineStart: f.lineStart) - startColumn)
    }

    func text(of f: CSVField) -> String {
        let s = String(decoding: bytes[f.start..<f.end], as: UTF8.self)
        return f.escaped ? s.replacingOccurrences(of: "\"\"", with: "\"") : s
    }

    /// The field as a number; reports and returns NaN when it is not one.
    mutating func number(_ f: CSVField, column name: String, scratch: inout [CChar]) -> Double {
        var s = f.start, e = f.end
        while s < e && (bytes[s] == Self.space || bytes[s] == Self.tab) { s += 1 }
        while e > s && (bytes[e - 1] == Self.space || bytes[e - 1] == Self.tab) { e -= 1 }
        let length = e - s
        if length == 0 {
            report(Diagnostic(
                .missingDataValue, span: span(of: f), message: "missing value for column '\(name)' on line \(f.line)",
                label: "empty field",
                notes: [DiagnosticNote("every data line needs a number in each column used by the spec")]))
            return .nan
        }
        var value = Double.nan
        var parsed = false
        if length < scratch.count {
            scratch.withUnsafeMutableBufferPointer { buf in
                for k in 0..<length { buf[k] = CChar(bitPattern: bytes[s + k]) }
                buf[length] = 0
                var endPointer: UnsafeMutablePointer<CChar>?
                let base = buf.baseAddress!
                value = strtod(base, &endPointer)
                parsed = endPointer == base + length && Self.looksNumeric(bytes[s])
            }
        }
        if !parsed || value.isNaN {
            let found = text(of: CSVField(start: s, end: e, quoted: false, escaped: f.escaped, line: f.line, lineStart: f.lineStart))
            let isMissingWord = ["na", "nan", "n/a", "null", "none", "-"].contains(found.lowercased())
            report(Diagnostic(
                isMissingWord ? DiagnosticCode.missingDataValue : DiagnosticCode.notANumber, span: span(of: f),
                message: isMissingWord
                    ? "missing value '\(found)' for column '\(name)' on line \(f.line)"
                    : "expected a number for column '\(name)' on line \(f.line), found '\(found)'",
                label: isMissingWord ? "marks a missing value" : "not a number",
                notes: [DiagnosticNote(isMissingWord
                    ? "nnc does not impute data: remove the line or fill in the value"
                    : "numbers are written like 42, -0.5 or 1.0e-3, with '.' as the decimal point")]))
            return .nan
        }
        if !value.isFinite {
            report(Diagnostic(
                .notFinite, span: span(of: f),
                message: "value for column '\(name)' on line \(f.line) is not finite",
                label: "infinite",
                notes: [DiagnosticNote("a network cannot be fitted to an infinite value; remove the line or fix the value")]))
            return .nan
        }
        return value
    }

    /// strtod also reads words such as `infinity` and hex floats; a number in a
    /// data file starts with a digit, a sign or a point.
    private static func looksNumeric(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+")
            || b == UInt8(ascii: ".") || b == UInt8(ascii: "i") || b == UInt8(ascii: "I")
    }

    /// The header name closest to `name` by edit distance (case ignored), if
    /// close enough to be a typo. Uses the front end's did-you-mean distance,
    /// so a swapped pair of letters counts as one edit, as it does for spec keys.
    static func nearest(_ name: String, in candidates: [String]) -> String? {
        let a = name.lowercased()
        var best: (String, Int)?
        for c in candidates {
            let d = DidYouMean.distance(a, c.lowercased())
            if d <= max(1, a.unicodeScalars.count / 3), best == nil || d < best!.1 { best = (c, d) }
        }
        return best?.0
    }
}
