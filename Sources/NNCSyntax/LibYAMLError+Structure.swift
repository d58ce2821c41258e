import Foundation
import NNCDiagnostics

/// Syntax errors whose cause is on another line or another column than where
/// libyaml gives up, recognised from the shape of the lines around it, and
/// reported where the user has to make the change.
extension LibYAMLError {
    /// One line as the patterns see it.
    struct LineShape {
        var number: Int
        /// Scalar index of the first non-blank character.
        var first: Int
        /// Scalar index just past the last character before a comment or the end.
        var end: Int
        /// 1-based column of the first non-blank character.
        var indent: Int
        /// Scalar index of the content after any '- ' markers.
        var content: Int
        /// The line's text from `first` to `end`.
        var text: String
        /// The content ends with ':' (a key whose value is on the lines below).
        var opensBlock: Bool { text.hasSuffix(":") }
    }

    static func shape(_ line: Int, in source: SourceIndex) -> LineShape? {
        guard line >= 1, line <= source.lineStarts.count else { return nil }
        let start = source.lineStarts[line - 1]
        let lineEnd = line < source.lineStarts.count ? source.lineStarts[line] - 1 : source.scalars.count
        var i = start
        while i < lineEnd, source.isBlank(source.scalars[i]) { i += 1 }
        guard i < lineEnd, source.scalars[i] != "#" else { return nil }
        let first = i
        var content = i
        while content + 1 < lineEnd, source.scalars[content] == "-", source.isBlank(source.scalars[content + 1]) {
            content += 2
            while content < lineEnd, source.isBlank(source.scalars[content]) { content += 1 }
        }
        // A comment starts at '#' after a blank, outside quotes.
        var end = first
        var quote: Unicode.Scalar?
        var j = first
        while j < lineEnd {
            let s = source.scalars[j]
            if let q = quote {
                if s == q { quote = nil }
            } else if s == "'" || s == "\"" {
                quote = s
            } else if s == "#", j > first, source.isBlank(source.scalars[j - 1]) {
                break
            }
            j += 1
            if !source.isWhitespace(s) { end = j }
        }
        let text = String(String.UnicodeScalarView(source.scalars[first..<end]))
        // A line of list markers only (`- ` and nothing after) has no content:
        // it ends where its markers end, not past its trailing blank.
        content = min(content, end)
        return LineShape(number: line, first: first, end: end, indent: first - start + 1, content: content, text: text)
    }

    /// The nearest line before `line` that has content.
    static func previousShape(before line: Int, in source: SourceIndex) -> LineShape? {
        var l = line - 1
        while l >= 1 {
            if let s = shape(l, in: source) { return s }
            l -= 1
        }
        return nil
    }

    /// A diagnostic for a recognised layout mistake, or nil.
    func structureDiagnostic(in source: SourceIndex) -> Diagnostic? {
        let line = source.location(ofScalar: problemIndex).line
        switch problem {
        case "mapping values are not allowed in this context":
            return glueDiagnostic(line: line, in: source)
                ?? underIndentedDiagnostic(line: line, in: source)
                ?? sameLineMappingDiagnostic(line: line, in: source)
        case "did not find expected key", "could not find expected ':'":
            return underIndentedDiagnostic(line: line, in: source)
        case "did not find expected '-' indicator":
            return underIndentedDiagnostic(line: line, in: source) ?? missingDashDiagnostic(line: line, in: source)
        case "did not find expected ',' or ']'", "did not find expected ',' or '}'":
            return unclosedFlowDiagnostic(line: line, in: source)
        case "found unexpected end of stream":
            return unclosedQuoteDiagnostic(in: source)
        default:
            return nil
        }
    }

    private var libyamlNote: DiagnosticNote {
        DiagnosticNote("the YAML parser: \(problem)" + (context.map { " \($0)" } ?? ""))
    }

    /// `- dense:25` or `-dense: 25` on the line above: the next, indented line
    /// then reads as the rest of that value. The cause is the missing space.
    private func glueDiagnostic(line: Int, in source: SourceIndex) -> Diagnostic? {
        guard let current = Self.shape(line, in: source), let above = Self.previousShape(before: line, in: source),
              current.indent > above.indent
        else { return nil }
        let scalars = source.scalars
        // `-dense: 25`: a '-' stuck to the key.
        if scalars[above.first] == "-", above.first + 1 < above.end,
           let next = scalars[safe: above.first + 1], next.properties.isAlphabetic
        {
            let at = source.span(above.first, above.first + 1)
            return Diagnostic(
                .syntaxError, span: at, message: "missing space after '-'",
                label: "a list item starts with '- '",
                notes: [DiagnosticNote("'\(above.text)' is read as a key named '\(above.text.split(separator: ":").first ?? "")', so the next line cannot continue a list item"),
                        libyamlNote],
                fixIt: FixIt(span: at, replacement: "- ", message: "insert a space after '-'"))
        }
        // `dense:25`: a ':' with no space after it, and no ': ' on the line.
        guard !above.text.contains(": "), !above.text.contains("\""), !above.text.contains("'") else { return nil }
        guard let colon = (above.content..<above.end).first(where: {
            scalars[$0] == ":" && $0 + 1 < above.end && !source.isBlank(scalars[$0 + 1]) && $0 > above.content
        }) else { return nil }
        let at = source.characterSpan(at: colon)
        let glued = String(String.UnicodeScalarView(scalars[above.content..<above.end]))
        return Diagnostic(
            .syntaxError, span: at, message: "missing space after ':'",
            label: "add a space after ':'",
            notes: [DiagnosticNote("'\(glued)' is read as one string, not as a key and a value, so line \(line) cannot continue it: YAML needs ': ' (a colon and a space)"),
                    libyamlNote],
            fixIt: FixIt(span: at, replacement: ": ", message: "insert a space after ':'"))
    }

    /// A line left at its parent's indentation (`training:` then `loss: mse`
    /// at column 1) while the lines after it are indented: the parent is
    /// empty, and the indented lines that follow have nowhere to go.
    private func underIndentedDiagnostic(line: Int, in source: SourceIndex) -> Diagnostic? {
        guard let current = Self.shape(line, in: source) else { return nil }
        // The nearest line above that is indented less than the problem's.
        var l = line - 1
        var culprit: LineShape?
        while l >= 1 {
            if let s = Self.shape(l, in: source), s.indent < current.indent {
                culprit = s
                break
            }
            l -= 1
        }
        guard let culprit, let parent = Self.previousShape(before: culprit.number, in: source),
              parent.opensBlock, parent.indent == culprit.indent, !culprit.text.hasPrefix("- ")
        else { return nil }
        let shift = current.indent - culprit.indent
        let start = source.lineStarts[culprit.number - 1]
        let parentKey = String(parent.text.dropLast())
        return Diagnostic(
            .syntaxError, span: source.span(culprit.first, culprit.end),
            message: "this line is not indented under '\(parentKey):'",
            label: "indent it like the lines below it",
            notes: [
                DiagnosticNote("'\(parentKey):' on line \(parent.number) opens a section, but this line starts at the same column, so the section is empty and the indented lines after this one (from line \(line)) belong to nothing"),
                libyamlNote,
            ],
            fixIt: FixIt(span: source.span(start, start), replacement: String(repeating: " ", count: shift),
                         message: "indent line \(culprit.number) by \(shift) spaces"))
    }

    /// `optimizer: adam: {...}` or `- dense: 25, activation: tanh`: a second
    /// `key: value` on the same line as the first, outside braces.
    private func sameLineMappingDiagnostic(line: Int, in source: SourceIndex) -> Diagnostic? {
        guard let current = Self.shape(line, in: source), problemIndex < current.end,
              !current.text.contains("\""), !current.text.contains("'")
        else { return nil }
        // Only when the ':' comes before any bracket: `key: word: {...}`, not `{a: b: c}`.
        let scalars = source.scalars
        guard !(current.content..<problemIndex).contains(where: { scalars[$0] == "{" || scalars[$0] == "[" }) else { return nil }
        return sameLineFix(current, line: line, in: source)
    }

    private func sameLineFix(_ current: LineShape, line: Int, in source: SourceIndex) -> Diagnostic? {
        let scalars = source.scalars
        // The first key's ': ' on the line.
        guard let firstColon = (current.content..<problemIndex).first(where: {
            scalars[$0] == ":" && $0 + 1 < scalars.count && source.isBlank(scalars[$0 + 1])
        }) else { return nil }
        let key = String(String.UnicodeScalarView(scalars[current.content..<firstColon]))
        var valueStart = firstColon + 1
        while valueStart < current.end, source.isBlank(scalars[valueStart]) { valueStart += 1 }
        let between = String(String.UnicodeScalarView(scalars[valueStart..<problemIndex]))
        let at = source.characterSpan(at: problemIndex)
        if between.contains(",") {
            // `- dense: 25, activation: tanh`
            let whole = String(String.UnicodeScalarView(scalars[current.content..<current.end]))
            return Diagnostic(
                .syntaxError, span: at, message: "',' separates keys only inside '{ }'",
                label: "a second key on this line",
                notes: [DiagnosticNote("outside braces each 'key: value' goes on its own line; or put the line's keys in braces: {\(whole)}"),
                        libyamlNote],
                fixIt: FixIt(span: source.span(current.content, current.end), replacement: "{\(whole)}",
                             message: "replace with '{\(whole)}'"))
        }
        let rest = String(String.UnicodeScalarView(scalars[valueStart..<current.end]))
        let afterColon = String(String.UnicodeScalarView(scalars[(problemIndex + 1)..<current.end]))
            .trimmingCharacters(in: .whitespaces)
        let inner = between.trimmingCharacters(in: .whitespaces)
        let fix: FixIt? = afterColon.isEmpty ? nil
            : FixIt(span: source.span(valueStart, current.end), replacement: "{\(rest)}", message: "replace with '{\(rest)}'")
        return Diagnostic(
            .syntaxError, span: at, message: "'\(inner):' cannot follow '\(key):' on the same line",
            label: "a mapping inside a value needs braces",
            notes: [DiagnosticNote(afterColon.isEmpty
                        ? "put '\(inner):' on its own line, indented under '\(key):'"
                        : "write '\(key): {\(rest)}', or put '\(inner): ...' on its own line, indented under '\(key):'"),
                    libyamlNote],
            fixIt: fix)
    }

    /// `    dense: 20` at the column of the list's '-' markers: a new item without its '- '.
    private func missingDashDiagnostic(line: Int, in source: SourceIndex) -> Diagnostic? {
        guard let current = Self.shape(line, in: source), let contextIndex,
              source.scalars[current.first] != "-", current.text.contains(": ") || current.opensBlock,
              source.location(ofScalar: contextIndex).column == current.indent
        else { return nil }
        // Only in a list of mappings (`- dense: 25`): after a list of plain
        // values, a 'key: value' line more likely ends the list by mistake.
        var l = line - 1
        var item: LineShape?
        while l >= 1 {
            if let s = Self.shape(l, in: source), s.indent <= current.indent {
                item = s
                break
            }
            l -= 1
        }
        guard let item, item.indent == current.indent, item.text.hasPrefix("- "),
              item.text.contains(": ") || item.opensBlock
        else { return nil }
        let at = source.span(current.first, current.first)
        return Diagnostic(
            .syntaxError, span: source.characterSpan(at: current.first), message: "missing '- ' before a list item",
            label: "expected '- ' here",
            notes: [DiagnosticNote("this line is at the column of the list's '-' markers; each item starts with '- '"),
                    libyamlNote],
            fixIt: FixIt(span: at, replacement: "- ", message: "insert '- ' and indent the item's other lines by 2"))
    }

    /// `inputs: [x` and the next key below it: the bracket was never closed.
    private func unclosedFlowDiagnostic(line: Int, in source: SourceIndex) -> Diagnostic? {
        guard let contextIndex, let current = Self.shape(line, in: source) else { return nil }
        let open = source.location(ofScalar: contextIndex)
        guard open.line < line, let openLine = Self.shape(open.line, in: source), current.indent <= openLine.indent,
              let above = Self.previousShape(before: line, in: source)
        else { return nil }
        let last = source.scalars[above.end - 1]
        guard last != ",", last != "[", last != "{" else { return nil }
        let closer = problem.hasSuffix("']'") ? "]" : "}"
        let what = closer == "]" ? "list" : "mapping"
        let at = source.span(above.end, above.end)
        return Diagnostic(
            .syntaxError, span: at, message: "the \(what) opened at \(open) is not closed",
            label: "expected '\(closer)' here",
            notes: [DiagnosticNote("the \(what) starts here", span: source.characterSpan(at: contextIndex)), libyamlNote],
            fixIt: FixIt(span: at, replacement: closer, message: "insert '\(closer)'"))
    }

    /// A quote never closed: libyaml reads to the end of the file; the place
    /// to fix is the line where the quote opened.
    private func unclosedQuoteDiagnostic(in source: SourceIndex) -> Diagnostic? {
        guard context?.contains("quoted scalar") == true, let contextIndex,
              let openLine = Self.shape(source.location(ofScalar: contextIndex).line, in: source)
        else { return nil }
        let quote = source.scalars[contextIndex]
        let lineStart = source.lineStarts[openLine.number - 1]
        let lineEnd = openLine.number < source.lineStarts.count ? source.lineStarts[openLine.number] - 1 : source.scalars.count
        let end = source.trimTrailingWhitespace(end: lineEnd, start: lineStart)
        let at = source.span(end, end)
        return Diagnostic(
            .syntaxError, span: source.characterSpan(at: contextIndex), message: "this quote is never closed",
            label: "the string starts here and runs to the end of the file",
            notes: [DiagnosticNote("add the closing \(quote) where the value ends, probably at the end of this line")],
            fixIt: FixIt(span: at, replacement: String(quote), message: "insert \(quote) at the end of line \(openLine.number)"))
    }
}

extension Array {
    fileprivate subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
