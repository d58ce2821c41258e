import Testing

@testable import NNCDiagnostics
@testable import NNCLint

/// Suppression comments read from raw text: where they are, what they apply to,
/// and the findings about malformed ones.
struct SuppressionScannerTests {
    func scan(_ text: String) -> (suppressions: [Suppression], findings: [Diagnostic]) {
        SuppressionScanner.scan(SourceFile(path: "s.yaml", text: text))
    }

    @Test func nextLineSkipsBlankAndCommentLines() throws {
        let (s, f) = scan(
            """
            network:
              # nnc: disable-next-line W0101 -- four tanh layers on purpose

              # another comment
              layers: []
            """)
        #expect(f.isEmpty)
        let one = try #require(s.first)
        #expect(s.count == 1)
        #expect(one.scope == .nextLine(5))
        #expect(one.reason == "four tanh layers on purpose")
        #expect(one.entries.map(\.code) == ["W0101"])
        // The code's own span, for findings about it.
        #expect(one.entries[0].span == SourceSpan(file: "s.yaml", line: 2, column: 28, length: 5))
        #expect(one.span.start == SourceLocation(line: 2, column: 3))
    }

    @Test func fileWideWithSeveralCodes() throws {
        let (s, f) = scan("nnc: 1  # nnc: disable W0101,W0102 , W0301 -- legacy spec\n")
        #expect(f.isEmpty)
        let one = try #require(s.first)
        #expect(one.scope == .file)
        #expect(one.entries.map(\.code) == ["W0101", "W0102", "W0301"])
        #expect(one.entries.map(\.span.start.column) == [24, 30, 38])
    }

    @Test func hashesInsideQuotesAndPlainScalarsAreNotComments() {
        let (s, f) = scan(
            """
            name: "a # nnc: disable W0101 -- no"
            other: 'it''s # nnc: disable W0101 -- no'
            plain: a#b
            apostrophe: don't # nnc: disable W0102 -- yes
            multi: "first line
              # nnc: disable W0101 -- still inside the string"
            """)
        #expect(f.isEmpty)
        #expect(s.count == 1)
        #expect(s.first?.entries.map(\.code) == ["W0102"])
        #expect(s.first?.span.start.line == 4)
    }

    @Test func blockScalarsHoldText() {
        let (s, _) = scan(
            """
            truth: |
              # nnc: disable W0101 -- this is text
              x
            # nnc: disable W0102 -- this is a comment
            """)
        #expect(s.map { $0.entries.map(\.code) } == [["W0102"]])
    }

    @Test func proseAfterNncIsNotADirective() {
        let (s, f) = scan("nnc: 1  # nnc: 1 is the format version\n# nnc: see docs/lint.md\n")
        #expect(s.isEmpty)
        #expect(f.isEmpty)
    }

    @Test func missingReasonIsReportedAndStillApplies() {
        let (s, f) = scan("# nnc: disable-next-line W0301\nepochs: 5\n")
        #expect(s.count == 1)
        #expect(f.map(\.code) == ["W0901"])
        #expect(f.first?.span.start == SourceLocation(line: 1, column: 1))
        let (_, g) = scan("# nnc: disable-next-line W0301 --   \nepochs: 5\n")
        #expect(g.map(\.code) == ["W0901"])
    }

    @Test func unknownCodesGetASuggestion() throws {
        let (s, f) = scan("# nnc: disable W0310, w0301 -- typo\n")
        // w0301 is W0301 in the wrong case; W0310 is one edit from W0301 / W0303 / W0401...
        #expect(s.isEmpty)
        #expect(f.map(\.code) == ["W0902", "W0902"])
        let second = try #require(f.last)
        #expect(second.label == "did you mean 'W0301'?")
        #expect(second.fixIt?.replacement == "W0301")
        #expect(second.span.start.column == 23)
    }

    @Test func errorsAndLintCodesCannotBeSuppressed() {
        let (s, f) = scan("# nnc: disable-next-line E0901, W0903 -- try\nx: 1\n")
        #expect(s.isEmpty)
        #expect(f.map(\.code) == ["W0904", "W0904"])
        #expect(f.first?.message.contains("errors cannot be suppressed") == true)
    }

    @Test func misspelledDirective() throws {
        let (s, f) = scan("# nnc: disabel-next-line W0301 -- x\n")
        #expect(s.isEmpty)
        let d = try #require(f.first)
        #expect(d.code == "W0905")
        #expect(d.label == "did you mean 'disable-next-line'?")
        #expect(d.span.start.column == 8)
    }

    @Test func directiveWithoutCodes() {
        let (s, f) = scan("# nnc: disable -- because\n")
        #expect(s.isEmpty)
        #expect(f.map(\.code) == ["W0905"])
    }

    @Test func nextLineAtTheEndAppliesToNothing() {
        let (s, _) = scan("x: 1\n# nnc: disable-next-line W0301 -- end\n\n")
        #expect(s.first?.scope == .nextLine(nil))
    }

    @Test func coversMatchesFileCodeAndLine() {
        let (s, _) = scan("# nnc: disable-next-line W0301 -- r\nepochs: 5\n")
        let sup = s[0]
        let hit = Diagnostic("W0301", span: SourceSpan(file: "s.yaml", line: 2, column: 9), message: "m")
        let otherLine = Diagnostic("W0301", span: SourceSpan(file: "s.yaml", line: 3, column: 9), message: "m")
        let otherFile = Diagnostic("W0301", span: SourceSpan(file: "t.yaml", line: 2, column: 9), message: "m")
        #expect(sup.covers(hit, code: "W0301"))
        #expect(!sup.covers(hit, code: "W0302"))
        #expect(!sup.covers(otherLine, code: "W0301"))
        #expect(!sup.covers(otherFile, code: "W0301"))
    }
}
