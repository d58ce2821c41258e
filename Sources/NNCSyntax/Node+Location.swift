import NNCDiagnostics

extension Node {
    /// The span of a scalar's contents: inside the quotes for a quoted
    /// scalar, the whole span otherwise.
    public var contentSpan: SourceSpan {
        guard let s = scalar, s.style == .singleQuoted || s.style == .doubleQuoted,
            span.end.column > 1, span.end > span.start
        else { return span }
        let start = SourceLocation(line: span.start.line, column: span.start.column + 1)
        let end = SourceLocation(line: span.end.line, column: span.end.column - 1)
        return SourceSpan(file: span.file, start: start, end: max(start, end))
    }

    /// Where the character at `offset` of a scalar's value is written, so a
    /// problem found inside a string (a truth expression) can be reported at
    /// its own column.
    ///
    /// `offset` counts Unicode scalars of `scalar.value`; an offset at or past
    /// the end gives the end of the contents. Exact for plain, single- and
    /// double-quoted scalars on one line (escapes such as `\n`, `\x41`,
    /// `\u00e9` and `''` are followed); for scalars over several lines,
    /// folding and block indentation are followed as the YAML rules say,
    /// which is right for the usual cases and a best effort otherwise. For a
    /// node that is not a scalar, or came from an alias, the answer is about
    /// the anchored text.
    public func sourceLocation(ofValueOffset offset: Int, in file: SourceFile) -> SourceLocation {
        guard let s = scalar else { return span.start }
        var walker = ScalarWalker(file: file, span: span, style: s.style)
        return walker.location(of: max(0, offset))
    }

    /// The span of the value's characters `range` (Unicode-scalar offsets), at least one column wide.
    public func sourceSpan(ofValueRange range: Range<Int>, in file: SourceFile) -> SourceSpan {
        let start = sourceLocation(ofValueOffset: range.lowerBound, in: file)
        var end = sourceLocation(ofValueOffset: range.upperBound, in: file)
        if range.isEmpty || end <= start {
            end = SourceLocation(line: start.line, column: start.column + 1)
        }
        return SourceSpan(file: span.file, start: start, end: end)
    }
}

/// Walks a scalar's source text and its value side by side.
private struct ScalarWalker {
    let lines: [[Unicode.Scalar]]
    let firstLine: Int
    let span: SourceSpan
    let style: Scalar.Style
    var line: Int
    var column: Int

    init(file: SourceFile, span: SourceSpan, style: Scalar.Style) {
        self.span = span
        self.style = style
        firstLine = span.start.line
        let last = max(span.start.line, span.end.line)
        lines = (span.start.line...last).map { n in file.line(n).map { Array($0.unicodeScalars) } ?? [] }
        line = span.start.line
        column = span.start.column
    }

    private func text(_ n: Int) -> [Unicode.Scalar] {
        let i = n - firstLine
        return i >= 0 && i < lines.count ? lines[i] : []
    }

    private var lastLine: Int { firstLine + lines.count - 1 }

    private func isBlank(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" }

    private func isBlankLine(_ n: Int) -> Bool { text(n).allSatisfy(isBlank) }

    /// The column of the first non-blank character of line `n`.
    private func firstContentColumn(_ n: Int) -> Int {
        (text(n).firstIndex { !isBlank($0) } ?? text(n).count) + 1
    }

    private var end: SourceLocation {
        style == .singleQuoted || style == .doubleQuoted
            ? SourceLocation(line: span.end.line, column: max(1, span.end.column - 1)) : span.end
    }

    private func clamp(_ location: SourceLocation) -> SourceLocation { min(location, end) }

    mutating func location(of offset: Int) -> SourceLocation {
        switch style {
        case .literal, .folded: return blockLocation(of: offset)
        case .plain, .singleQuoted, .doubleQuoted: return flowLocation(of: offset)
        }
    }

    /// Plain and quoted scalars: one value character per source character,
    /// except escapes, `''`, and line folding (a line break with the blanks
    /// around it is one space, or n-1 newlines for n breaks).
    private mutating func flowLocation(of offset: Int) -> SourceLocation {
        var remaining = offset
        if style != .plain { column += 1 }
        while true {
            let chars = text(line)
            let atEnd = line > span.end.line || (line == span.end.line && column >= end.column)
            if atEnd { return end }
            let rest = column - 1 < chars.count ? chars[(column - 1)...] : []
            if line < span.end.line, rest.allSatisfy(isBlank) {
                // A line break: count the blank lines folded with it.
                var next = line + 1
                var blanks = 0
                while next < span.end.line, isBlankLine(next) {
                    blanks += 1
                    next += 1
                }
                let produced = max(1, blanks)
                if remaining < produced { return SourceLocation(line: line, column: column) }
                remaining -= produced
                line = next
                column = firstContentColumn(next)
                continue
            }
            // Only when the file does not hold the text the node was parsed from.
            guard column - 1 < chars.count else { return clamp(SourceLocation(line: line, column: column)) }
            let c = chars[column - 1]
            if remaining == 0 { return clamp(SourceLocation(line: line, column: column)) }
            var width = 1
            if style == .doubleQuoted, c == "\\" {
                let escaped = column < chars.count ? chars[column] : nil
                if escaped == nil {
                    // An escaped line break joins the lines with nothing between them.
                    guard line < span.end.line else { return end }
                    line += 1
                    column = firstContentColumn(line)
                    continue
                }
                switch escaped! {
                case "x": width = 4
                case "u": width = 6
                case "U": width = 10
                default: width = 2
                }
            } else if style == .singleQuoted, c == "'", column < chars.count, chars[column] == "'" {
                width = 2
            }
            remaining -= 1
            column += width
        }
    }

    /// Literal and folded scalars: the contents start on the line after the
    /// indicator and lose the indentation of their first non-blank line.
    private func blockLocation(of offset: Int) -> SourceLocation {
        var n = span.start.line + 1
        guard n <= lastLine else { return span.end }
        var probe = n
        while probe < lastLine, isBlankLine(probe) { probe += 1 }
        let indent = firstContentColumn(probe) - 1
        var remaining = offset
        while n <= lastLine {
            let length = max(0, text(n).count - indent)
            if remaining < length || n == lastLine {
                return min(SourceLocation(line: n, column: indent + 1 + min(remaining, length)), span.end)
            }
            // The line's characters and its line break (a space when folded: still one).
            remaining -= length + 1
            if remaining < 0 { return SourceLocation(line: n, column: indent + 1 + length) }
            n += 1
        }
        return span.end
    }
}
