import Foundation
import NNCDiagnostics

/// One field of a CSV record: the byte range of its content (inside the
/// quotes for a quoted field) and where it starts, for diagnostics.
struct CSVField {
    var start: Int
    var end: Int
    var quoted: Bool
    /// A quoted field containing `""`, whose content must be unescaped.
    var escaped: Bool
    var line: Int
    var lineStart: Int
}

/// What a field holds when a number is wanted.
enum CSVNumber: Equatable {
    case value(Double)
    /// Nothing but spaces.
    case empty
    /// A missing-value marker such as `NA`, `nan` or `null`.
    case missingMarker(String)
    case notANumber(String)
    /// A number too large for float64, or `inf`.
    case infinite(String)
}

/// The byte scanner every CSV file goes through: header, data table, matrix.
///
/// It works on the file's bytes: fields are located by scanning for the
/// delimiter, quotes and line ends, and only fields asked for are converted
/// (with `strtod`), so no `String` is made per field. Accepted: a UTF-8
/// byte-order mark, `\n`, `\r\n` or `\r` line ends, quoted fields (`"a, b"`,
/// `""` for a quote, line breaks inside quotes), spaces around fields. A
/// quote inside an unquoted field is an ordinary character. Lines and
/// columns are 1-based; columns count Unicode scalars.
struct CSVScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let path: String
    let delimiter: UInt8
    /// The start of the next record.
    private(set) var index: Int
    /// The line the next record starts on.
    private(set) var line = 1
    private(set) var lineStart: Int

    static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n")
    static let cr = UInt8(ascii: "\r"), space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")

    init(bytes: UnsafeBufferPointer<UInt8>, path: String, delimiter: UInt8 = CSVScanner.comma) {
        self.bytes = bytes
        self.path = path
        self.delimiter = delimiter
        index = DataFile.bomLength(bytes)
        lineStart = index
    }

    var atEnd: Bool { index >= bytes.count }

    /// True when the last record read ended at a line break, not at the end of the bytes.
    var endedAtLineBreak: Bool {
        index > 0 && index <= bytes.count && (bytes[index - 1] == Self.lf || bytes[index - 1] == Self.cr)
    }

    /// Scans one record starting at `index` (not at the end), leaving `index`
    /// at the start of the next one. A quote that is never closed, or text
    /// after a closing quote, is a malformed file (E0706): the fields after it
    /// cannot be told apart, so reading stops there.
    mutating func record(into fields: inout [CSVField]) throws {
        fields.removeAll(keepingCapacity: true)
        let n = bytes.count
        while true {
            var i = index
            while i < n && (bytes[i] == Self.space || bytes[i] == Self.tab) && bytes[i] != delimiter { i += 1 }
            if i < n && bytes[i] == Self.quote {
                let openLine = line, openLineStart = lineStart
                let openColumn = column(of: i, lineStart: lineStart)
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
                    if c == Self.lf || (c == Self.cr && !(i + 1 < n && bytes[i + 1] == Self.lf)) {
                        line += 1
                        lineStart = i + 1
                    }
                    i += 1
                }
                guard contentEnd >= 0 else {
                    throw DiagnosticError(Diagnostic(
                        .malformedCSV, span: SourceSpan(file: path, line: openLine, column: openColumn),
                        message: "quoted field is never closed in '\(path)'",
                        label: "this quote has no closing quote",
                        notes: [DiagnosticNote("close the field with a '\"'; a quote inside a quoted field is written '\"\"'")]))
                }
                while i < n && (bytes[i] == Self.space || bytes[i] == Self.tab) && bytes[i] != delimiter { i += 1 }
                fields.append(CSVField(
                    start: contentStart, end: contentEnd, quoted: true, escaped: escaped, line: openLine, lineStart: openLineStart))
                if i < n && bytes[i] != delimiter && bytes[i] != Self.lf && bytes[i] != Self.cr {
                    throw DiagnosticError(Diagnostic(
                        .malformedCSV, span: SourceSpan(file: path, line: line, column: column(of: i, lineStart: lineStart)),
                        message: "unexpected text after a closing quote in '\(path)'",
                        notes: [DiagnosticNote("a quoted field ends at its closing quote; put the whole value inside the quotes")]))
                }
            } else {
                let start = index
                while i < n && bytes[i] != delimiter && bytes[i] != Self.lf && bytes[i] != Self.cr { i += 1 }
                fields.append(CSVField(start: start, end: i, quoted: false, escaped: false, line: line, lineStart: lineStart))
            }
            if i < n && bytes[i] == delimiter {
                index = i + 1
                continue
            }
            // End of record: \n, \r\n, a lone \r, or the end of the bytes.
            if i < n && bytes[i] == Self.cr { i += 1 }
            if i < n && bytes[i] == Self.lf { i += 1 }
            index = i
            line += 1
            lineStart = i
            return
        }
    }

    /// The next record that is not blank, or nil at the end.
    mutating func nextRecord(into fields: inout [CSVField]) throws -> Int? {
        while !atEnd {
            let recordLine = line
            try record(into: &fields)
            if !isBlank(fields) { return recordLine }
        }
        return nil
    }

    /// A record of one unquoted field of spaces only (an empty line).
    func isBlank(_ fields: [CSVField]) -> Bool {
        guard fields.count == 1, !fields[0].quoted else { return false }
        for k in fields[0].start..<fields[0].end where bytes[k] != Self.space && bytes[k] != Self.tab { return false }
        return true
    }

    /// The 1-based column (in Unicode scalars) of byte `i` on a line starting at `lineStart`.
    func column(of i: Int, lineStart: Int) -> Int {
        var col = 1
        var k = lineStart
        while k < i && k < bytes.count {
            if bytes[k] & 0xC0 != 0x80 { col += 1 }
            k += 1
        }
        return col
    }

    /// The span of a field's text (quotes included for a quoted field); a
    /// quoted field over several lines is marked at its opening quote.
    func span(of f: CSVField) -> SourceSpan {
        var s = f.quoted ? f.start - 1 : f.start
        var e = f.quoted ? min(f.end + 1, bytes.count) : f.end
        // An unquoted field is marked at its text, without the spaces around it.
        if !f.quoted {
            while s < e && (bytes[s] == Self.space || bytes[s] == Self.tab) { s += 1 }
            while e > s && (bytes[e - 1] == Self.space || bytes[e - 1] == Self.tab) { e -= 1 }
        }
        let startColumn = column(of: s, lineStart: f.lineStart)
        if f.quoted && bytes[s..<e].contains(where: { $0 == Self.lf || $0 == Self.cr }) {
            return SourceSpan(file: path, line: f.line, column: startColumn, length: 1)
        }
        return SourceSpan(file: path, line: f.line, column: startColumn, length: column(of: e, lineStart: f.lineStart) - startColumn)
    }

    /// The span from the start of the first field to the end of the last.
    func span(ofRecord fields: [CSVField], line: Int) -> SourceSpan {
        guard let first = fields.first, let last = fields.last else { return SourceSpan(file: path, line: line, column: 1, length: 0) }
        let start = span(of: first)
        let end = span(of: last)
        return SourceSpan(file: path, start: start.start, end: end.start.line == start.start.line ? end.end : start.end)
    }

    /// The field's text, unescaped.
    func text(of f: CSVField) -> String {
        let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[f.start..<f.end]), as: UTF8.self)
        return f.escaped ? s.replacingOccurrences(of: "\"\"", with: "\"") : s
    }

    /// The field's text without surrounding spaces and tabs.
    func trimmedText(of f: CSVField) -> String {
        text(of: f).trimmingCharacters(in: CSVScanner.blanks)
    }

    static let blanks = CharacterSet(charactersIn: " \t")

    /// Words that mark a missing value in exported data.
    static let missingMarkers: Set<String> = ["na", "nan", "n/a", "null", "none", "-", "?"]

    /// The field read as a number.
    func number(_ f: CSVField) -> CSVNumber {
        var s = f.start, e = f.end
        while s < e && (bytes[s] == Self.space || bytes[s] == Self.tab) { s += 1 }
        while e > s && (bytes[e - 1] == Self.space || bytes[e - 1] == Self.tab) { e -= 1 }
        let length = e - s
        if length == 0 { return .empty }
        var value = Double.nan
        var parsed = false
        // A number is short; a long field is text, and is not copied.
        if length < 128, Self.looksNumeric(bytes[s]) {
            withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buf in
                for k in 0..<length { buf[k] = CChar(bitPattern: bytes[s + k]) }
                buf[length] = 0
                var endPointer: UnsafeMutablePointer<CChar>?
                let base = buf.baseAddress!
                value = strtod(base, &endPointer)
                parsed = endPointer == base + length
            }
        }
        let found = { self.text(of: CSVField(start: s, end: e, quoted: false, escaped: f.escaped, line: f.line, lineStart: f.lineStart)) }
        if !parsed || value.isNaN {
            let text = found()
            return Self.missingMarkers.contains(text.lowercased()) ? .missingMarker(text) : .notANumber(text)
        }
        if !value.isFinite { return .infinite(found()) }
        return .value(value)
    }

    /// strtod also reads hex floats, `nan(...)` and `infinity`; a number in a
    /// data file starts with a digit, a sign or a point (or is `inf`, which is
    /// then reported as not finite).
    static func looksNumeric(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+")
            || b == UInt8(ascii: ".") || b == UInt8(ascii: "i") || b == UInt8(ascii: "I")
    }
}
