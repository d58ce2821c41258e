import Testing

@testable import NNCDiagnostics
@testable import NNCLint

struct LintConfigurationTests {
    func parse(_ text: String) -> (configuration: LintConfiguration?, diagnostics: [Diagnostic]) {
        LintConfiguration.parse(SourceFile(path: ".nnc-lint.yaml", text: text))
    }

    @Test func readsSettings() throws {
        let (c, d) = parse("rules:\n  W0301: off\n  W0401: error\n  W0201: note\n  W0101: warning\n")
        #expect(d.isEmpty)
        let config = try #require(c)
        #expect(config.rules["W0301"] == .off)
        #expect(config.rules["W0401"] == .severity(.error))
        #expect(config.rules["W0201"] == .severity(.note))
        #expect(config.rules["W0101"] == .severity(.warning))
    }

    @Test func emptyFileConfiguresNothing() throws {
        #expect(try #require(parse("").configuration).rules.isEmpty)
        #expect(try #require(parse("# nothing yet\n").configuration).rules.isEmpty)
        #expect(try #require(parse("rules:\n").configuration).rules.isEmpty)
    }

    @Test func appliesOffAndSeverity() throws {
        let config = try #require(parse("rules: {W0301: off, W0401: error}").configuration)
        let span = SourceSpan.wholeFile("s.yaml")
        let out = config.apply(to: [
            Diagnostic("W0301", span: span, message: "a"),
            Diagnostic("W0401", span: span, message: "b"),
            Diagnostic("W0101", span: span, message: "c"),
        ])
        #expect(out.map(\.code) == ["W0401", "W0101"])
        #expect(out.map(\.severity) == [.error, .warning])
    }

    @Test func unknownKeyIsMalformed() throws {
        let (c, d) = parse("rule:\n  W0301: off\n")
        #expect(c == nil)
        let one = try #require(d.first)
        #expect(one.code == "E0901")
        #expect(one.span.start == SourceLocation(line: 1, column: 1))
        #expect(one.label == "did you mean 'rules'?")
    }

    @Test func unknownCodeAndSetting() {
        let (c, d) = parse("rules:\n  W3010: off\n  W0301: of\n")
        #expect(c == nil)
        #expect(d.map(\.code) == ["E0902", "E0901"])
        #expect(d.map(\.span.start.line) == [2, 3])
        #expect(d.last?.label == "did you mean 'off'?")
    }

    @Test func errorsCannotBeConfigured() {
        let (c, d) = parse("rules:\n  E0901: off\n")
        #expect(c == nil)
        #expect(d.map(\.code) == ["E0903"])
    }

    @Test func wrongShapes() {
        #expect(parse("- W0301\n").diagnostics.map(\.code) == ["E0901"])
        #expect(parse("rules: [W0301]\n").diagnostics.map(\.code) == ["E0901"])
        #expect(parse("rules: {W0301: {severity: off}}\n").diagnostics.map(\.code) == ["E0901"])
    }

    @Test func yamlErrorsMakeItUnusable() {
        let (c, d) = parse("rules: {W0301: off\n")
        #expect(c == nil)
        #expect(!d.isEmpty)
        #expect(d.allSatisfy { $0.severity == .error })
    }
}
