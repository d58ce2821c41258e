import NNCDiagnostics

/// Random access to a file's Unicode scalars and the conversions between
/// libyaml's offsets and 1-based line:column locations.
///
/// libyaml counts `mark.index` in Unicode scalars from the first character
/// after a byte-order mark, and reports reader errors as byte offsets into
/// the raw input; both are turned into locations here. Lines are split on
/// `\n` only, like `SourceFile`, so a location always names a line that
/// `SourceFile.line(_:)` can show even where libyaml counts `\r`, NEL or
/// U+2028 as extra line breaks.
struct SourceIndex {
    let path: String
    let scalars: [Unicode.Scalar]
    /// Scalar index of the first character of each line.
    let lineStarts: [Int]
    /// 1 when the text starts with a byte-order mark, which libyaml does not count.
    let bomOffset: Int

    init(file: SourceFile) {
        path = file.path
        scalars = Array(file.text.unicodeScalars)
        var starts = [0]
        for (i, s) in scalars.enumerated() where s == "\n" {
            starts.append(i + 1)
        }
        lineStarts = starts
        bomOffset = scalars.first == "\u{FEFF}" ? 1 : 0
    }

    /// The location of the scalar at `index` (clamped to the text).
    func location(ofScalar index: Int) -> SourceLocation {
        let i = min(max(index, 0), scalars.count)
        // The last line start not after i.
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= i { lo = mid } else { hi = mid - 1 }
        }
        return SourceLocation(line: lo + 1, column: i - lineStarts[lo] + 1)
    }

    /// The scalar index of a libyaml mark.
    func scalarIndex(ofMark index: Int) -> Int {
        min(max(index + bomOffset, 0), scalars.count)
    }

    /// The scalar index of a location (clamped to its line and the text).
    func scalarIndex(of location: SourceLocation) -> Int {
        let line = min(max(location.line, 1), lineStarts.count)
        let start = lineStarts[line - 1]
        let lineEnd = line < lineStarts.count ? lineStarts[line] - 1 : scalars.count
        return min(start + max(location.column - 1, 0), lineEnd)
    }

    /// The scalar index holding the byte at `offset` of libyaml's input (the
    /// text's UTF-8 form without its byte-order mark).
    func scalarIndex(ofInputByte offset: Int) -> Int {
        var bytes = -3 * bomOffset
        for (i, s) in scalars.enumerated() {
            let width = UTF8.width(s)
            if offset < bytes + width { return i }
            bytes += width
        }
        return scalars.count
    }

    /// A span from scalar `start` to scalar `end` (exclusive).
    func span(_ start: Int, _ end: Int) -> SourceSpan {
        SourceSpan(file: path, start: location(ofScalar: start), end: location(ofScalar: max(start, end)))
    }

    /// A span of the one character at `index`, or an empty span at a line break or the end.
    func characterSpan(at index: Int) -> SourceSpan {
        let i = min(max(index, 0), scalars.count)
        if i < scalars.count, !isLineBreak(scalars[i]) {
            return span(i, i + 1)
        }
        return span(i, i)
    }

    func scalar(at index: Int) -> Unicode.Scalar? {
        index >= 0 && index < scalars.count ? scalars[index] : nil
    }

    func isLineBreak(_ s: Unicode.Scalar) -> Bool { s == "\n" || s == "\r" }

    func isBlank(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" }

    func isWhitespace(_ s: Unicode.Scalar) -> Bool { isBlank(s) || isLineBreak(s) }

    /// Skips an anchor (`&name`) and tags (`!tag`) written before a node's
    /// content, with the blanks, line breaks and comments after them, so a
    /// node's span starts at its content. Never moves past `limit`.
    func skipProperties(from start: Int, limit: Int) -> Int {
        var i = start
        while i < limit, let s = scalar(at: i), s == "&" || s == "!" {
            while i < limit, let c = scalar(at: i), !isWhitespace(c) { i += 1 }
            while i < limit, let c = scalar(at: i) {
                if isWhitespace(c) {
                    i += 1
                } else if c == "#" {
                    while i < limit, let d = scalar(at: i), !isLineBreak(d) { i += 1 }
                } else {
                    break
                }
            }
        }
        return min(i, limit)
    }

    /// Moves `end` back over trailing blanks and line breaks, not before `start + 1`.
    func trimTrailingWhitespace(end: Int, start: Int) -> Int {
        var e = min(end, scalars.count)
        while e > start + 1, isWhitespace(scalars[e - 1]) { e -= 1 }
        return e
    }

    /// The index of the first tab in the leading whitespace of the line holding `index`.
    func leadingTab(onLineOf index: Int) -> Int? {
        let line = location(ofScalar: index).line
        var i = lineStarts[line - 1]
        while let s = scalar(at: i), isBlank(s) {
            if s == "\t" { return i }
            i += 1
        }
        return nil
    }
}
