import NNCDiagnostics

/// A libyaml error, with its positions already turned into scalar indices,
/// and its translation into one clear diagnostic.
struct LibYAMLError {
    enum Kind { case reader, scanner, parser, memory, other }

    var kind: Kind
    /// libyaml's problem text, e.g. "mapping values are not allowed in this context".
    var problem: String
    /// libyaml's context text, e.g. "while parsing a block mapping", if any.
    var context: String?
    /// Where the problem is (scalar index into the text).
    var problemIndex: Int
    /// Where the construct that failed started, if libyaml gave a context.
    var contextIndex: Int?
    /// The offending code point, for reader errors.
    var problemValue: Int

    /// The diagnostic for this error: a tab problem, a forbidden character, or
    /// libyaml's problem text kept as the message with a note on the likely cause.
    func diagnostic(in source: SourceIndex) -> Diagnostic {
        if let tab = tabDiagnostic(in: source) { return tab }
        let at = source.characterSpan(at: problemIndex)
        switch kind {
        case .reader:
            if problem.contains("control characters") {
                let hex = String(problemValue, radix: 16, uppercase: true)
                let padded = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                let name = "U+" + padded
                let escape = problemValue <= 0xFF ? "\\x" + padded.suffix(2) : "\\u" + padded
                return Diagnostic(
                    .forbiddenCharacter, span: at,
                    message: "control character \(name) is not allowed in YAML text",
                    label: "invisible character \(name) here",
                    notes: [DiagnosticNote(
                        "remove it; to put it inside a value, write it as an escape in a double-quoted string (\"\(escape)\")")]
                )
            }
            return Diagnostic(
                .forbiddenCharacter, span: at, message: lowercased(problem),
                notes: [DiagnosticNote("save the file as plain UTF-8 text")]
            )
        case .memory:
            return Diagnostic(
                .syntaxError, span: at, message: "the YAML parser ran out of memory",
                notes: [DiagnosticNote("the file is too large or too deeply nested to parse")]
            )
        case .scanner, .parser, .other:
            return keyDiagnostic(in: source) ?? structureDiagnostic(in: source)
                ?? syntaxDiagnostic(in: source, at: endOfTextSpan(in: source) ?? at)
        }
    }

    private func syntaxDiagnostic(in source: SourceIndex, at: SourceSpan) -> Diagnostic {
        let contextLocation = contextIndex.map { source.location(ofScalar: $0) }
        let contextSpan = contextIndex.map { source.characterSpan(at: $0) }
        let started = contextLocation.map { " that starts at \($0)" } ?? ""
        let found = source.scalar(at: problemIndex).map(describe) ?? "the end of the file"
        var label: String?
        var hint: String?
        let layout = Layout(source: source, problemIndex: problemIndex)
        // The problem texts are libyaml's own (scanner.c and parser.c).
        switch problem {
        case "mapping values are not allowed in this context":
            label = "unexpected ':'"
            if layout.earlierColon {
                hint = "a ': ' inside a value would start a nested mapping, which is not allowed here; "
                    + "if the value contains ': ', quote it (\"a: b\")"
            } else if layout.indentedPastValue {
                hint = "this line is indented more than the line above, so YAML reads it as the rest of "
                    + "that line's value; indent it exactly like its sibling keys"
            } else {
                hint = "a ': ' inside a value would start a nested mapping, which is not allowed here: "
                    + "if the value contains ': ', quote it (\"a: b\"); if this line is a key of its own, "
                    + "indent it exactly like the keys around it"
            }
        case "did not find expected key":
            label = "expected a key at this indentation"
            hint = layout.betweenItemAndKeys ?? "this line does not line up with the keys of the mapping\(started); "
                + "indent it exactly like its sibling keys, or, if it starts a list, put it under a key"
        case "could not find expected ':'":
            label = "expected ':' after a key"
            hint = "each line of a mapping must read 'key: value' with a space after ':'; "
                + "if the line above continues onto this one, quote that value or indent this line further"
        case "found character that cannot start any token":
            label = "\(found) cannot start a value"
            if let s = source.scalar(at: problemIndex), s == "@" || s == "`" {
                hint = "'@' and '`' are reserved in YAML and cannot start a plain value; put the value in quotes"
            } else {
                hint = "put the value in quotes if it starts with a special character"
            }
        case "did not find expected ',' or ']'":
            label = "expected ',' or ']'"
            hint = "the list opened with '['\(started) is not closed where expected: "
                + "separate its items with ',' and close it with ']'"
        case "did not find expected ',' or '}'":
            label = "expected ',' or '}'"
            hint = "the mapping opened with '{'\(started) is not closed where expected: "
                + "separate its entries with ',' and close it with '}'"
        case "found unexpected end of stream":
            label = "the file ends here"
            if context?.contains("quoted scalar") == true {
                hint = "the quoted string\(started) has no closing quote; add the matching quote"
            } else {
                hint = "the construct\(started) is not finished"
            }
        case "did not find expected node content":
            label = "expected a value"
            hint = "a value is missing here; write it, or remove the ',', '-' or ':' before it"
        case "did not find expected '-' indicator":
            label = "expected a '- ' list item at this indentation"
            hint = layout.betweenItemAndKeys ?? "this line does not line up with the items of the list\(started); "
                + "indent every item's '- ' exactly alike"
        case "did not find expected <document start>":
            label = "unexpected text after the document"
            hint = "the top-level value ended before this line, and a spec is one YAML document: "
                + "check the indentation, quote a value that spans several lines, or remove the extra text"
        case "found unknown escape character":
            label = "unknown escape sequence"
            hint = "in double quotes '\\' starts an escape such as \\n, \\t, \\\\ or \\\"; "
                + "write '\\\\' for a backslash, or use single quotes, which have no escapes"
        case "block sequence entries are not allowed in this context":
            label = "unexpected '- '"
            hint = "a '- ' list cannot start on the same line as a value; "
                + "put the list on the following lines, indented under its key"
        case "did not find expected alphabetic or numeric character":
            label = "expected a name after '&' or '*'"
            hint = "'&name' defines an anchor and '*name' refers to one; "
                + "to start a value with '&' or '*', put the value in quotes"
        case "found unexpected document indicator":
            label = "'---' or '...' ends the document here"
            hint = "a line that starts with '---' or '...' inside a quoted string ends the document; indent it"
        case "found incompatible YAML document":
            label = "unsupported YAML version"
            hint = "nnc reads YAML 1.1 and 1.2 documents; remove the '%YAML' line"
        case "found undefined tag handle":
            label = "unknown tag handle"
            hint = "use the standard tags ('!!str', '!!int', ...) or remove the tag"
        default:
            break
        }
        var notes: [DiagnosticNote] = []
        if let context, let contextSpan, contextIndex != problemIndex {
            notes.append(DiagnosticNote("\(lowercased(context)) that starts here", span: contextSpan))
        } else if let context {
            notes.append(DiagnosticNote("the YAML parser failed \(lowercased(context))"))
        }
        if layout.afterClosingQuote, source.scalar(at: problemIndex).map({ !source.isWhitespace($0) }) == true {
            label = "text after the closing quote"
            hint = "the quoted string ends at the quote before this text; inside single quotes write '' for a quote, "
                + "inside double quotes write \\\", or quote the value with the other kind of quote"
        }
        if let hint { notes.append(DiagnosticNote(hint)) }
        return Diagnostic(
            .syntaxError, span: at, message: lowercased(problem), label: label, notes: notes)
    }

    /// When libyaml gives up at the end of the file (an unclosed bracket or
    /// quote), an empty span just after the last text, on a line that shows it.
    private func endOfTextSpan(in source: SourceIndex) -> SourceSpan? {
        guard source.scalars[min(problemIndex, source.scalars.count)...].allSatisfy(source.isWhitespace) else {
            return nil
        }
        let end = source.trimTrailingWhitespace(end: problemIndex, start: 0)
        guard end > 0, end < problemIndex || problemIndex == source.scalars.count else { return nil }
        return source.span(end, end)
    }

    /// "could not find expected ':'" means a line in key position had no
    /// ': ' on it; the cause is on that line, where the key started, not where
    /// libyaml gave up: a missing space after ':' or a missing ':'.
    private func keyDiagnostic(in source: SourceIndex) -> Diagnostic? {
        guard problem == "could not find expected ':'", context == "while scanning a simple key",
            let keyStart = contextIndex
        else { return nil }
        let line = source.location(ofScalar: keyStart).line
        let lineEnd = line < source.lineStarts.count ? source.lineStarts[line] - 1 : source.scalars.count
        var end = keyStart
        while end < lineEnd, !(source.scalars[end] == "#" && end > keyStart && source.isBlank(source.scalars[end - 1])) {
            end += 1
        }
        while end > keyStart, source.isWhitespace(source.scalars[end - 1]) { end -= 1 }
        guard end > keyStart else { return nil }
        let text = String(String.UnicodeScalarView(source.scalars[keyStart..<end]))
        let libyaml = DiagnosticNote("the YAML parser: \(problem) \(context ?? "")")
        if let colon = (keyStart..<end).first(where: { source.scalars[$0] == ":" && $0 + 1 < end }) {
            let at = source.characterSpan(at: colon)
            return Diagnostic(
                .syntaxError, span: at, message: "missing space after ':'",
                label: "add a space after ':'",
                notes: [
                    DiagnosticNote("'\(text)' is read as one string, not as a key and a value: YAML needs ': ' (a colon and a space) between them"),
                    libyaml,
                ],
                fixIt: FixIt(span: at, replacement: ": ", message: "insert a space after ':'"))
        }
        guard !text.contains(":") else { return nil }
        // `epochs 20000`: a key and its value with the ':' between them forgotten.
        if let space = (keyStart..<end).first(where: { source.isBlank(source.scalars[$0]) }),
           (keyStart..<space).allSatisfy({ source.scalars[$0] == "_" || source.scalars[$0] == "-"
               || (source.scalars[$0].isASCII && source.scalars[$0].properties.isAlphabetic)
               || ("0"..."9").contains(source.scalars[$0]) })
        {
            let word = String(String.UnicodeScalarView(source.scalars[keyStart..<space]))
            let after = source.span(space, space)
            return Diagnostic(
                .syntaxError, span: source.span(keyStart, space), message: "missing ':' after '\(word)'",
                label: "expected ':' after this",
                notes: [
                    DiagnosticNote("'\(text)' is read as one string; a key and its value are written 'key: value'"),
                    libyaml,
                ],
                fixIt: FixIt(span: after, replacement: ":", message: "insert ':' after '\(word)'"))
        }
        let keySpan = source.span(keyStart, end)
        let endOfKey = source.span(end, end)
        return Diagnostic(
            .syntaxError, span: keySpan, message: "missing ':' after '\(text)'",
            label: "expected ':' after this",
            notes: [
                DiagnosticNote("a key is followed by ':' and its value, or by ':' alone with the value indented on the lines below"),
                libyaml,
            ],
            fixIt: FixIt(span: endOfKey, replacement: ":", message: "insert ':' after '\(text)'"))
    }

    /// A tab at the problem, or in the indentation of the problem's line, is
    /// almost always the cause, whatever libyaml's own wording.
    private func tabDiagnostic(in source: SourceIndex) -> Diagnostic? {
        guard kind == .scanner || kind == .parser else { return nil }
        let tab: Int
        if source.scalar(at: problemIndex) == "\t" {
            tab = problemIndex
        } else if let lead = source.leadingTab(onLineOf: problemIndex) {
            tab = lead
        } else if problem.contains("tab") {
            tab = problemIndex
        } else {
            return nil
        }
        let lineStart = source.lineStarts[source.location(ofScalar: tab).line - 1]
        let inIndentation = (lineStart..<tab).allSatisfy { source.isBlank(source.scalars[$0]) }
        if inIndentation {
            return Diagnostic(
                .tabIndentation, span: source.characterSpan(at: tab),
                message: "tabs are not allowed for indentation in YAML; indent with spaces",
                label: "tab here",
                notes: [DiagnosticNote("replace each tab at the start of the line with spaces, lining the line up with its siblings")]
            )
        }
        return Diagnostic(
            .tabIndentation, span: source.characterSpan(at: tab),
            message: "a tab cannot be used here; YAML separates and indents with spaces",
            label: "tab here",
            notes: [DiagnosticNote("replace the tab with a space")]
        )
    }

    private func describe(_ s: Unicode.Scalar) -> String {
        switch s {
        case "\n", "\r": return "the end of the line"
        case "\t": return "a tab"
        case " ": return "a space"
        default: return "'\(Character(s))'"
        }
    }

    private func lowercased(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.lowercased() + text.dropFirst()
    }
}

/// The shape of the lines around a syntax error, for naming its likely cause.
private struct Layout {
    /// The problem's line has a ': ' before the problem (`key: value: more`).
    var earlierColon = false
    /// The problem's line is indented more than the line above, which has a value.
    var indentedPastValue = false
    /// The nearest non-blank character before the problem on its line is a quote.
    var afterClosingQuote = false
    /// A hint when the line sits between a list item's '-' and the item's keys.
    var betweenItemAndKeys: String?

    init(source: SourceIndex, problemIndex: Int) {
        let line = source.location(ofScalar: problemIndex).line
        let start = source.lineStarts[line - 1]
        let before = Array(source.scalars[start..<min(problemIndex, source.scalars.count)])
        earlierColon = zip(before, before.dropFirst()).contains { $0 == ":" && source.isBlank($1) }
        afterClosingQuote = before.last(where: { !source.isBlank($0) }).map { $0 == "'" || $0 == "\"" } ?? false

        guard let current = Self.shape(of: line, in: source) else { return }
        var previous = line - 1
        while previous >= 1, Self.shape(of: previous, in: source) == nil { previous -= 1 }
        guard previous >= 1, let above = Self.shape(of: previous, in: source) else { return }
        indentedPastValue = current.indent > above.indent && !above.endsWithColon
        if above.keyColumn > above.indent, current.indent > above.indent, current.indent < above.keyColumn {
            betweenItemAndKeys = "this line starts at column \(current.indent), between the '-' of the list item above "
                + "(column \(above.indent)) and that item's keys (column \(above.keyColumn)): indent it to column "
                + "\(above.keyColumn) to continue the item, or start it with '- ' at column \(above.indent) for a new item"
        }
    }

    /// Indentation (1-based column of the first character), the column after
    /// any '- ' markers, and whether the line ends with ':'; nil for blank and
    /// comment lines.
    static func shape(of line: Int, in source: SourceIndex) -> (indent: Int, keyColumn: Int, endsWithColon: Bool)? {
        let start = source.lineStarts[line - 1]
        let end = line < source.lineStarts.count ? source.lineStarts[line] - 1 : source.scalars.count
        var i = start
        while i < end, source.isBlank(source.scalars[i]) { i += 1 }
        guard i < end, source.scalars[i] != "#" else { return nil }
        let indent = i - start + 1
        while i + 1 < end, source.scalars[i] == "-", source.isBlank(source.scalars[i + 1]) {
            i += 2
            while i < end, source.isBlank(source.scalars[i]) { i += 1 }
        }
        var last = end
        while last > i, source.isWhitespace(source.scalars[last - 1]) { last -= 1 }
        return (indent, i - start + 1, last > i && source.scalars[last - 1] == ":")
    }
}
