import NNCDiagnostics
import Testing

@testable import NNCCheck

/// Runs every warning rule's examples through the real front end: each must
/// be a valid spec; a triggering example must give exactly one finding of the
/// rule at each `↓`, a non-triggering one none.
struct WarningExampleTests {
    struct Case: CustomTestStringConvertible {
        var rule: any LintRule
        var example: WarningExample
        var triggers: Bool
        var testDescription: String {
            "\(rule.description.code) \(triggers ? "triggering" : "non-triggering") example at line \(example.line)"
        }
    }

    static let cases: [Case] = LintRules.all.flatMap { rule in
        rule.description.triggeringExamples.map { Case(rule: rule, example: $0, triggers: true) }
            + rule.description.nonTriggeringExamples.map { Case(rule: rule, example: $0, triggers: false) }
    }

    @Test func everyRuleHasExamplesOfBothKinds() {
        for rule in LintRules.all {
            #expect(!rule.description.triggeringExamples.isEmpty, "\(rule.description.code)")
            #expect(!rule.description.nonTriggeringExamples.isEmpty, "\(rule.description.code)")
            #expect(
                rule.description.triggeringExamples.allSatisfy { !$0.unmarked.markers.isEmpty },
                "\(rule.description.code): a triggering example needs a ↓")
        }
    }

    @Test(arguments: cases)
    func example(_ c: Case) throws {
        let (text, markers) = c.example.unmarked
        let code = c.rule.description.code
        let path = "example-\(code).yaml"
        let location = SourceLocation(
            fileID: c.example.fileID, filePath: c.example.filePath, line: c.example.line, column: 1)
        let result = Frontend.compile(text: text, path: path, sources: SourceManager())
        #expect(result.diagnostics.isEmpty, "the example must be a valid spec: \(result.diagnostics.map(\.message))", sourceLocation: location)
        let spec = try #require(result.spec, sourceLocation: location)
        let findings = c.rule.check(RuleContext(spec: spec))
        #expect(findings.allSatisfy { $0.code == code && $0.severity == .warning }, sourceLocation: location)
        let found = findings.map { "\($0.span.start.line):\($0.span.start.column)" }.sorted()
        let expected = c.triggers ? markers.map { "\($0.line):\($0.column)" }.sorted() : []
        #expect(found == expected, "findings at \(found), markers at \(expected)", sourceLocation: location)
    }
}
