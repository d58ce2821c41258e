import NNCDiagnostics
import Testing

struct TextRendererTests {
    func renderer(_ text: String, path: String = "s.yaml", color: Bool = false) -> TextRenderer {
        let sources = SourceManager()
        sources.add(SourceFile(path: path, text: text))
        return TextRenderer(sources: sources, color: color)
    }

    @Test func designExample() {
        let text = String(repeating: "\n", count: 13) + "      activation: tanhh\n"
        let span = SourceSpan(file: "specs/gluon.yaml", line: 14, column: 19, length: 5)
        let d = Diagnostic("E0201", span: span, message: "unknown activation 'tanhh'", label: "did you mean 'tanh'?",
                           notes: [DiagnosticNote("known activations: linear, sigmoid, tanh, relu, ...")],
                           fixIt: FixIt(span: span, replacement: "tanh", message: "replace with 'tanh'"))
        let out = renderer(text, path: "specs/gluon.yaml").render(d)
        #expect(out == """
            specs/gluon.yaml:14:19: error[E0201]: unknown activation 'tanhh'
               |
            14 |       activation: tanhh
               |                   ^^^^^ did you mean 'tanh'?
               = note: known activations: linear, sigmoid, tanh, relu, ...
               = help: replace with 'tanh'

            """)
    }

    @Test func gutterFitsTheLineNumber() {
        let text = String(repeating: "x\n", count: 1200)
        let r = renderer(text)
        let one = r.render(Diagnostic("E0102", span: SourceSpan(file: "s.yaml", line: 7, column: 1), message: "m"))
        #expect(one.contains("\n  |\n7 | x\n  | ^\n"))
        let four = r.render(Diagnostic("E0102", span: SourceSpan(file: "s.yaml", line: 1100, column: 1), message: "m"))
        #expect(four.contains("\n     |\n1100 | x\n     | ^\n"))
    }

    @Test func multiLineSpanIsUnderlinedToTheEndOfItsFirstLine() {
        let r = renderer("a:\n  b: {c: 1,\n      d: 2}\n")
        let span = SourceSpan(file: "s.yaml", start: SourceLocation(line: 2, column: 6), end: SourceLocation(line: 3, column: 11))
        let out = r.render(Diagnostic("E0103", span: span, message: "m", label: "here"))
        #expect(out.contains("2 |   b: {c: 1,\n  |      ^^^^^^ here\n"))
    }

    @Test func emptySpanGetsOneCaretAndSpanPastTheEndIsClamped() {
        let r = renderer("loss:\n")
        let empty = r.render(Diagnostic("E0105", span: SourceSpan(file: "s.yaml", line: 1, column: 6, length: 0), message: "m"))
        #expect(empty.contains("1 | loss:\n  |      ^\n"))
        let past = r.render(Diagnostic("E0105", span: SourceSpan(file: "s.yaml", line: 1, column: 40, length: 3), message: "m"))
        #expect(past.contains("  |      ^\n"))
    }

    @Test func tabsAreExpandedAndCaretsFollow() {
        let r = renderer("\tkey:\tvalue\n")
        let out = r.render(Diagnostic("E0005", span: SourceSpan(file: "s.yaml", line: 1, column: 7, length: 5), message: "m"))
        // A tab advances to the next multiple of 4: the second tab starts at cell 8, so "value" starts at 12.
        #expect(out.contains("1 |     key:    value\n  |             ^^^^^\n"))
    }

    @Test func wideAndCombiningCharactersKeepCaretsAligned() {
        let r = renderer("name: 日本 x\nname: e\u{301}x y\n")
        let wide = r.render(Diagnostic("E0109", span: SourceSpan(file: "s.yaml", line: 1, column: 7, length: 2), message: "m"))
        #expect(wide.contains("  |       ^^^^\n"))
        let after = r.render(Diagnostic("E0109", span: SourceSpan(file: "s.yaml", line: 1, column: 10, length: 1), message: "m"))
        #expect(after.contains("  |            ^\n"))
        // e + combining acute is one cell: 'y' (column 11) sits at cell 9.
        let combining = r.render(Diagnostic("E0109", span: SourceSpan(file: "s.yaml", line: 2, column: 11, length: 1), message: "m"))
        #expect(combining.contains("  |          ^\n"))
    }

    @Test func missingSourceStillGivesTheHeaderAndNotes() {
        let r = TextRenderer(sources: SourceManager())
        let out = r.render(Diagnostic("E0001", span: .wholeFile("gone.yaml"), message: "no such file",
                                      notes: [DiagnosticNote("check the path", span: SourceSpan(file: "a.yaml", line: 2, column: 3))]))
        #expect(out == "gone.yaml:1:1: error[E0001]: no such file\n  = note: check the path (a.yaml:2:3)\n")
    }

    @Test func warningsAndColour() {
        let r = renderer("x: 1\n", color: true)
        let out = r.render(Diagnostic("W0301", span: SourceSpan(file: "s.yaml", line: 1, column: 4), message: "m"))
        #expect(out.contains("\u{1B}[1;33mwarning[W0301]\u{1B}[0m"))
        #expect(out.contains("\u{1B}[34m  |\u{1B}[0m"))
        let plain = renderer("x: 1\n").render(Diagnostic("W0301", span: SourceSpan(file: "s.yaml", line: 1, column: 4), message: "m"))
        #expect(!plain.contains("\u{1B}"))
        #expect(plain.hasPrefix("s.yaml:1:4: warning[W0301]: m\n"))
    }

    @Test func severalDiagnosticsAreSeparatedByABlankLine() {
        let r = renderer("a: 1\nb: 2\n")
        let ds = [Diagnostic("E0102", span: SourceSpan(file: "s.yaml", line: 1, column: 1), message: "one"),
                  Diagnostic("E0102", span: SourceSpan(file: "s.yaml", line: 2, column: 1), message: "two")]
        let out = r.render(ds)
        #expect(out.components(separatedBy: "\n\n").count == 2)
    }

    @Test func summaryCountsErrorsAndWarnings() {
        let r = renderer("")
        #expect(r.summary([]) == nil)
        let e = Diagnostic("E0102", span: .wholeFile("s.yaml"), message: "m")
        let w = Diagnostic("W0301", span: .wholeFile("s.yaml"), message: "m")
        #expect(r.summary([e]) == "error: 1 error in s.yaml\n")
        #expect(r.summary([e, e, w]) == "error: 2 errors and 1 warning in s.yaml\n")
        #expect(r.summary([w, Diagnostic("W0301", span: .wholeFile("t.yaml"), message: "m")]) == "warning: 2 warnings in 2 files\n")
    }
}
