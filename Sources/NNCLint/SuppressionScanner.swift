import NNCDiagnostics
import NNCSpec

/// Finds suppression comments in the raw text of a spec. libyaml drops
/// comments, so this is a small lexer of its own: it tracks quoted scalars
/// (which may span lines) and block scalars (`|`, `>`), where `#` is text, and
/// takes `#` as a comment only at the start of a line or after a space or tab,
/// as YAML does. Malformed suppressions are reported as W09xx findings.
public enum SuppressionScanner {
    public static let nextLineDirective = "disable-next-line"
    public static let fileDirective = "disable"

    /// One comment: the text after `#` and the columns of `#` and of the text.
    struct Comment {
        var line: Int
        var column: Int
        var text: Substring
        var length: Int
    }

    /// Every suppression in `file`, and findings about malformed ones.
    public static func scan(_ file: SourceFile) -> (suppressions: [Suppression], findings: [Diagnostic]) {
        let comments = self.comments(in: file)
        var suppressions: [Suppression] = []
        var findings: [Diagnostic] = []
        for c in comments {
            let (s, f) = parse(c, file: file)
            if let s { suppressions.append(s) }
            findings += f
        }
        return (suppressions, findings)
    }

    // MARK: - Lexing

    /// Every comment of `file`, with its position.
    static func comments(in file: SourceFile) -> [Comment] {
        var out: [Comment] = []
        var inDouble = false
        var inSingle = false
        // While inside a block scalar: the indentation of the line that opened it.
        var blockParentIndent: Int?
        for (index, line) in file.lines.enumerated() {
            let scalars = Array(line.unicodeScalars)
            let indent = scalars.prefix { $0 == " " }.count
            let isBlank = scalars.allSatisfy { $0 == " " || $0 == "\t" }
            if let parent = blockParentIndent {
                if isBlank || indent > parent { continue }
                blockParentIndent = nil
            }
            var previous: Unicode.Scalar? = nil  // the previous scalar on this line
            var lastToken: Unicode.Scalar? = nil  // the previous non-blank scalar outside quotes
            var contentEnd: [Unicode.Scalar] = []  // the non-comment text, for block scalar headers
            var i = 0
            while i < scalars.count {
                let ch = scalars[i]
                if inDouble {
                    if ch == "\\" {
                        i += 1
                    } else if ch == "\"" {
                        inDouble = false
                        lastToken = ch
                    }
                } else if inSingle {
                    if ch == "'" {
                        if i + 1 < scalars.count && scalars[i + 1] == "'" {
                            i += 1
                        } else {
                            inSingle = false
                            lastToken = ch
                        }
                    }
                } else if ch == "#" && (previous == nil || previous == " " || previous == "\t") {
                    let text = Substring(String(String.UnicodeScalarView(scalars[(i + 1)...])))
                    out.append(Comment(line: index + 1, column: i + 1, text: text, length: scalars.count - i))
                    break
                } else if (ch == "\"" || ch == "'") && opensQuote(after: lastToken) {
                    if ch == "\"" { inDouble = true } else { inSingle = true }
                } else if ch != " " && ch != "\t" {
                    lastToken = ch
                }
                if !inDouble && !inSingle { contentEnd.append(ch) }
                previous = ch
                i += 1
            }
            if !inDouble && !inSingle && opensBlockScalar(contentEnd) {
                blockParentIndent = indent
            }
        }
        return out
    }

    /// A quote opens a quoted scalar only where a scalar can start: at the
    /// start of a line or after `:`, `-`, `?`, `[`, `{` or `,` (else it is an
    /// apostrophe inside a plain scalar, as in `name: don't`).
    static func opensQuote(after token: Unicode.Scalar?) -> Bool {
        guard let token else { return true }
        return [":", "-", "?", "[", "{", ","].contains(token)
    }

    /// Whether a line's text (without its comment) ends with a block scalar
    /// header: `|` or `>` followed only by indentation and chomping indicators.
    static func opensBlockScalar(_ text: [Unicode.Scalar]) -> Bool {
        var s = text
        while let last = s.last, last == " " || last == "\t" { s.removeLast() }
        while let last = s.last, last == "+" || last == "-" || ("1"..."9").contains(last) { s.removeLast() }
        guard let header = s.last, header == "|" || header == ">" else { return false }
        s.removeLast()
        while let last = s.last, last == " " || last == "\t" { s.removeLast() }
        // `|` must follow a key, a sequence dash or start the document.
        guard let before = s.last else { return true }
        return before == ":" || before == "-" || before == "?"
    }

    // MARK: - Parsing directives

    static func parse(_ c: Comment, file: SourceFile) -> (Suppression?, [Diagnostic]) {
        let commentSpan = SourceSpan(file: file.path, line: c.line, column: c.column, length: c.length)
        // Positions inside the comment are tracked in scalars from the character after `#`.
        let scalars = Array(c.text.unicodeScalars)
        var i = 0
        func skipSpaces() { while i < scalars.count && (scalars[i] == " " || scalars[i] == "\t") { i += 1 } }
        func column(_ offset: Int) -> Int { c.column + 1 + offset }
        skipSpaces()
        guard scalars.count - i >= 4, String(String.UnicodeScalarView(scalars[i..<(i + 4)])) == "nnc:" else {
            return (nil, [])
        }
        i += 4
        skipSpaces()
        let wordStart = i
        while i < scalars.count && scalars[i] != " " && scalars[i] != "\t" { i += 1 }
        let word = String(String.UnicodeScalarView(scalars[wordStart..<i]))
        let directives = [nextLineDirective, fileDirective]
        guard directives.contains(word) else {
            // Prose such as `# nnc: 1 is the format version` is not a directive;
            // a near miss of one is reported.
            let lower = word.lowercased()
            let nearest = directives.min { DidYouMean.distance(lower, $0) < DidYouMean.distance(lower, $1) } ?? fileDirective
            guard lower.hasPrefix("disable") || lower.hasPrefix("enable") || DidYouMean.distance(lower, nearest) <= 3 else {
                return (nil, [])
            }
            let span = SourceSpan(file: file.path, line: c.line, column: column(wordStart), length: max(word.unicodeScalars.count, 1))
            return (
                nil,
                [
                    Diagnostic(
                        .suppressionMalformed, span: span,
                        message: "unknown suppression directive '\(word)': expected '\(nextLineDirective)' or '\(fileDirective)'",
                        label: "did you mean '\(nearest)'?",
                        fixIt: FixIt(span: span, replacement: nearest, message: "replace '\(word)' with '\(nearest)'"))
                ]
            )
        }
        // Codes up to `--`, then the reason.
        var codesEnd = scalars.count
        var reason: String? = nil
        var j = i
        while j + 1 < scalars.count {
            if scalars[j] == "-" && scalars[j + 1] == "-" {
                codesEnd = j
                reason = String(String.UnicodeScalarView(scalars[(j + 2)...])).trimmingSpaces
                break
            }
            j += 1
        }
        var findings: [Diagnostic] = []
        var entries: [Suppression.Entry] = []
        var k = i
        while k < codesEnd {
            while k < codesEnd && (scalars[k] == " " || scalars[k] == "\t" || scalars[k] == ",") { k += 1 }
            let start = k
            while k < codesEnd && scalars[k] != " " && scalars[k] != "\t" && scalars[k] != "," { k += 1 }
            guard k > start else { continue }
            let token = String(String.UnicodeScalarView(scalars[start..<k]))
            let span = SourceSpan(file: file.path, line: c.line, column: column(start), length: k - start)
            let code = DiagnosticCode(token)
            if Catalogue.entry(for: code) == nil {
                let suggestion = suggestCode(token, among: Catalogue.all.map(\.code).filter(Suppression.isSuppressible))
                findings.append(
                    Diagnostic(
                        .suppressionUnknownCode, span: span,
                        message: "suppression names unknown code '\(token)'",
                        label: suggestion.map { "did you mean '\($0)'?" } ?? "not an nnc code",
                        notes: [DiagnosticNote("`nnc explain CODE` describes every code lint prints")],
                        fixIt: suggestion.map { FixIt(span: span, replacement: $0, message: "replace '\(token)' with '\($0)'") }))
            } else if !Suppression.isSuppressible(code) {
                let message =
                    token.hasPrefix("E")
                    ? "\(token) is an error, and errors cannot be suppressed: fix the spec instead"
                    : "\(token) is one of lint's own findings, which a comment cannot suppress: set it in .nnc-lint.yaml instead"
                findings.append(Diagnostic(.suppressionNotAllowed, span: span, message: message, label: "not suppressible"))
            } else {
                entries.append(Suppression.Entry(code: code, span: span))
            }
        }
        let afterWord = SourceSpan(file: file.path, line: c.line, column: column(wordStart), length: word.unicodeScalars.count)
        let noCodes = entries.isEmpty && findings.isEmpty
        if noCodes {
            findings.append(
                Diagnostic(
                    .suppressionMalformed, span: afterWord,
                    message: "suppression lists no codes: expected '\(word) CODE[, CODE...] -- reason'",
                    label: "no codes"))
        }
        if (reason ?? "").isEmpty && !noCodes {
            findings.append(
                Diagnostic(
                    .suppressionWithoutReason, span: commentSpan,
                    message: "suppression without a reason: say why the warning does not apply here",
                    label: "expected '-- reason' after the codes",
                    notes: [DiagnosticNote("for example: # nnc: \(word) \(entries.first?.code.rawValue ?? DiagnosticCode.learningRateUnusual.rawValue) -- targets are scaled into (0, 1)")]))
        }
        let scope: Suppression.Scope =
            word == fileDirective ? .file : .nextLine(nextContentLine(after: c.line, in: file))
        let suppression = Suppression(scope: scope, entries: entries, reason: reason, span: commentSpan)
        return (entries.isEmpty ? nil : suppression, findings)
    }

    /// The first line after `line` that is neither blank nor only a comment.
    static func nextContentLine(after line: Int, in file: SourceFile) -> Int? {
        var n = line + 1
        while let text = file.line(n) {
            let trimmed = text.drop { $0 == " " || $0 == "\t" }
            if !trimmed.isEmpty && !trimmed.hasPrefix("#") { return n }
            n += 1
        }
        return nil
    }

    /// The nearest of `candidates` to a mistyped code, if exactly one is close
    /// (one edit, a swap of neighbours counting as one).
    static func suggestCode(_ token: String, among candidates: [DiagnosticCode]) -> String? {
        let upper = token.uppercased()
        let names = candidates.map(\.rawValue)
        if names.contains(upper) { return upper }
        let close = names.filter { DidYouMean.distance(upper, $0) <= 1 }
        return close.count == 1 ? close[0] : nil
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
        return String(s)
    }
}
