import NNCDiagnostics
import NNCSyntax

/// Maps a position inside a scalar's value back to the line and column in the
/// source, so an error inside a string (`truth: "x^-0.1 * (1 - x"`) points at
/// the character, not at the start of the string.
///
/// The value of a quoted or folded scalar is not the source text: quotes are
/// stripped, escapes (`\n`, `''`) shrink, line breaks fold into spaces. The
/// locator replays the source from the node's start with the scalar's style to
/// pair each value character with the source position it came from. When the
/// source is not available it falls back to the node's start plus the offset.
public struct ScalarLocator {
    /// Source position of each value character, plus one past the last.
    private let positions: [SourceLocation]
    private let file: String

    public init(node: Node, source: SourceFile?) {
        file = node.span.file
        let count = node.scalar.map { $0.value.unicodeScalars.count } ?? 0
        if let scalar = node.scalar, let source, node.aliasSpan == nil {
            positions = ScalarLocator.replay(scalar, start: node.span.start, end: node.span.end, count: count, source: source)
        } else {
            let s = node.span.start
            positions = (0...count).map { SourceLocation(line: s.line, column: s.column + $0) }
        }
    }

    /// The source position of the value character at `offset` (clamped to the value).
    public func location(_ offset: Int) -> SourceLocation {
        positions[min(max(offset, 0), positions.count - 1)]
    }

    /// The span of value characters `[from, to)`; never empty when `to > from`.
    public func span(_ from: Int, _ to: Int) -> SourceSpan {
        let start = location(from)
        var end = location(to)
        if to > from, end <= start {
            end = SourceLocation(line: start.line, column: start.column + 1)
        }
        return SourceSpan(file: file, start: start, end: end)
    }

    private static func replay(
        _ scalar: Scalar, start: SourceLocation, end: SourceLocation, count: Int, source: SourceFile
    ) -> [SourceLocation] {
        let lines = source.lines.map { Array($0.unicodeScalars) }
        var line = start.line
        var col = start.column
        var out: [SourceLocation] = []
        out.reserveCapacity(count + 1)

        func current() -> Unicode.Scalar? {
            guard line >= 1, line <= lines.count else { return nil }
            let l = lines[line - 1]
            return col >= 1 && col <= l.count ? l[col - 1] : nil
        }
        func atEndOfLine() -> Bool {
            guard line >= 1, line <= lines.count else { return true }
            return col > lines[line - 1].count
        }
        func nextLine() {
            line += 1
            col = 1
        }
        func skipIndent() {
            while let c = current(), c == " " || c == "\t" { col += 1 }
        }
        func emit() { out.append(SourceLocation(line: line, column: col)) }

        switch scalar.style {
        case .plain, .singleQuoted, .doubleQuoted:
            if scalar.style != .plain { col += 1 }
            while out.count < count, line <= lines.count {
                if atEndOfLine() {
                    // A folded line break: one value character for it.
                    emit()
                    nextLine()
                    skipIndent()
                    continue
                }
                if scalar.style == .doubleQuoted, current() == "\\" {
                    emit()
                    col += 1
                    switch current() {
                    case "x": col += 3
                    case "u": col += 5
                    case "U": col += 9
                    case nil:
                        // An escaped line break yields no value character.
                        out.removeLast()
                        nextLine()
                        skipIndent()
                    default: col += 1
                    }
                    continue
                }
                if scalar.style == .singleQuoted, current() == "'" {
                    emit()
                    col += 2
                    continue
                }
                emit()
                col += 1
            }
        case .literal, .folded:
            // Content starts on the line after the indicator, at the indentation
            // of its first non-blank line.
            nextLine()
            var indent = 1
            var probe = line
            while probe <= lines.count {
                let l = lines[probe - 1]
                if let i = l.firstIndex(where: { $0 != " " }) {
                    indent = i + 1
                    break
                }
                probe += 1
            }
            col = indent
            while out.count < count, line <= lines.count {
                if atEndOfLine() {
                    emit()
                    nextLine()
                    col = min(indent, (lines.indices.contains(line - 1) ? lines[line - 1].count : 0) + 1)
                    continue
                }
                emit()
                col += 1
            }
        }
        // Whatever the replay could not place (unusual folding) sits at the end.
        let last = out.last.map { SourceLocation(line: $0.line, column: $0.column + 1) } ?? start
        while out.count < count { out.append(min(last, end)) }
        out.append(out.count > 0 ? SourceLocation(line: out[count - 1].line, column: out[count - 1].column + 1) : last)
        return out
    }
}
