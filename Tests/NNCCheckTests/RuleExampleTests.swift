import Foundation
import NNCCheck
import NNCDiagnostics
import NNCSpec
import Testing

/// The one example runner: every rule's examples are its tests, errors and
/// warnings alike. A triggering example gives findings of the rule's code
/// exactly at its `↓` markers, a non-triggering one none; every example is
/// otherwise a valid spec (an error rule's may also break other range and
/// cross-field rules, a warning rule's must have no error at all).
struct RuleExampleTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var code: String
        var triggers: Bool
        var index: Int
        var testDescription: String { "\(code) \(triggers ? "triggering" : "non-triggering") example \(index + 1)" }

        var rule: any Rule.Type { Checker.rule(for: DiagnosticCode(code))! }
        var example: RuleExample { (triggers ? rule.triggering : rule.nonTriggering)[index] }
    }

    /// The code ranges of the error rules (E03xx, E04xx, the hyperopt block's
    /// E0801–E0804, E10xx); anything else is a decoding error.
    static let checkerPrefixes: Set<String> = ["E03", "E04", "E08", "E10"]

    static let cases: [Case] = Checker.rules.flatMap { rule in
        rule.triggering.indices.map { Case(code: rule.code.rawValue, triggers: true, index: $0) }
            + rule.nonTriggering.indices.map { Case(code: rule.code.rawValue, triggers: false, index: $0) }
    }

    @Test(arguments: cases)
    func example(_ c: Case) throws {
        let rule = c.rule
        let example = c.example
        let location = SourceLocation(fileID: example.fileID, filePath: example.filePath, line: example.line, column: 1)
        let (text, markers) = example.unmarked
        let compiled = compile(text, files: example.files)
        var findings: [Diagnostic]
        if rule.severity == .error {
            let others = compiled.result.diagnostics.filter { !Self.checkerPrefixes.contains(String($0.code.rawValue.prefix(3))) }
            #expect(others.isEmpty, "the example does not decode:\n\(compiled.rendered())", sourceLocation: location)
            findings = compiled.result.diagnostics.filter { $0.code == rule.code }
        } else {
            #expect(compiled.result.diagnostics.isEmpty, "the example must be a valid spec:\n\(compiled.rendered())", sourceLocation: location)
            let spec = try #require(compiled.result.spec, sourceLocation: location)
            findings = Checker.warnings(in: spec).filter { $0.code == rule.code }
            #expect(findings.allSatisfy { $0.severity == .warning }, sourceLocation: location)
        }
        let found = findings.map { "\($0.span.start.line):\($0.span.start.column)" }.sorted()
        let expected = c.triggers ? markers.map { "\($0.line):\($0.column)" }.sorted() : []
        if c.triggers { #expect(!markers.isEmpty, "a triggering example needs a ↓", sourceLocation: location) }
        #expect(found == expected, "findings at \(found), markers at \(expected):\n\(compiled.rendered())", sourceLocation: location)
    }

    @Test func everyRuleHasExamplesOfBothKindsAndADocumentedCode() {
        let codes = Checker.rules.map { $0.code }
        #expect(Set(codes).count == codes.count, "two rules share a code")
        for rule in Checker.rules {
            let code = rule.code
            #expect(!rule.triggering.isEmpty && !rule.nonTriggering.isEmpty, "\(code)")
            #expect(Catalogue.entry(for: code) != nil, "\(code) has no catalogue entry")
            #expect(!rule.reads.isEmpty, "\(code) reads nothing")
            #expect(!rule.rationale.isEmpty && !rule.name.isEmpty, "\(code)")
            let kebab = rule.name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }
            #expect(kebab, "\(rule.name) is not kebab-case")
        }
        let w0101 = Checker.rule(for: "W0101").map { String(describing: $0) }
        let e0303 = Checker.rule(for: "E0303").map { String(describing: $0) }
        #expect(w0101 == "DeepSaturatingStackRule" && e0303 == "DropoutRule")
    }

    /// Every file in NNCCheck that declares a rule is in the registry, and the
    /// registry holds nothing else: a rule written but not listed never runs.
    @Test func everyRuleFileIsRegistered() throws {
        let folder = repoRoot.appendingPathComponent("Sources/NNCCheck")
        let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
        let declaration = try NSRegularExpression(pattern: #"^public (?:enum|struct) (\w+): Rule \{"#, options: .anchorsMatchLines)
        var declared: [String] = []
        for file in files where file.hasSuffix(".swift") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for m in declaration.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let name = String(text[Range(m.range(at: 1), in: text)!])
                declared.append(name)
                #expect((file as NSString).lastPathComponent == name + ".swift", "\(name) is declared in \(file), not in \(name).swift")
            }
        }
        let registered = Checker.rules.map { String(describing: $0) }
        #expect(declared.count > 30, "the rule files were not found")
        #expect(Set(declared).subtracting(registered).isEmpty, "not in Checker.rules: \(Set(declared).subtracting(registered).sorted())")
        #expect(Set(registered).subtracting(declared).isEmpty, "registered without a file: \(Set(registered).subtracting(declared).sorted())")
        #expect(Set(registered).count == registered.count, "listed twice in Checker.rules")
        for rule in Checker.rules {
            let folder = rule.severity == .error ? "Errors/" : "Warnings/"
            #expect(files.contains(folder + String(describing: rule) + ".swift"), "\(rule) (\(rule.code)) belongs in \(folder)")
        }
    }

    @Test func baseSpecIsTheDesignExample() throws {
        let file = try String(contentsOf: repoRoot.appendingPathComponent("specs/gluon-closure.yaml"), encoding: .utf8)
        #expect(file == BaseSpecs.gluon)
    }
}
