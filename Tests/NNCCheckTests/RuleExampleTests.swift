import Foundation
import NNCCheck
import NNCDiagnostics
import NNCSpec
import Testing

/// Every rule's examples are its tests: each triggering example gives a
/// finding of the rule's code at every `↓`, each non-triggering one none, and
/// every example decodes cleanly (so only the checker speaks: E03xx, E04xx,
/// and the hyperopt block's E0801–E0804).
struct RuleExampleTests {
    static let rules: [(String, any ErrorRule.Type)] = Checker.rules.map { ($0.code.rawValue, $0) }

    @Test(arguments: rules.map(\.0))
    func triggering(code: String) throws {
        let rule = try #require(Self.rules.first { $0.0 == code }?.1)
        #expect(!rule.triggering.isEmpty)
        for example in rule.triggering {
            let (text, marks) = extractMarkers(example.spec)
            #expect(!marks.isEmpty, "a triggering example of \(code) has no ↓")
            let c = compile(text, files: example.files)
            let decodeErrors = c.result.diagnostics.filter { !["E03", "E04", "E08"].contains(String($0.code.rawValue.prefix(3))) }
            #expect(decodeErrors.isEmpty, "example of \(code) does not decode:\n\(c.rendered())\n\(text)")
            let findings = c.result.diagnostics.filter { $0.code == rule.code }
            for mark in marks {
                #expect(findings.contains { $0.span.start == mark },
                        "\(code): no finding at \(mark); found:\n\(c.rendered())")
            }
        }
    }

    @Test(arguments: rules.map(\.0))
    func nonTriggering(code: String) throws {
        let rule = try #require(Self.rules.first { $0.0 == code }?.1)
        #expect(!rule.nonTriggering.isEmpty)
        for example in rule.nonTriggering {
            let c = compile(example.spec, files: example.files)
            let decodeErrors = c.result.diagnostics.filter { !["E03", "E04", "E08"].contains(String($0.code.rawValue.prefix(3))) }
            #expect(decodeErrors.isEmpty, "example of \(code) does not decode:\n\(c.rendered())")
            #expect(!c.result.diagnostics.contains { $0.code == rule.code },
                    "\(code) fired on a non-triggering example:\n\(c.rendered())")
        }
    }

    @Test func rulesHaveDistinctCodesInCatalogue() {
        let codes = Checker.rules.map { $0.code }
        #expect(Set(codes).count == codes.count)
        for code in codes {
            #expect(Catalogue.entry(for: code) != nil, "\(code) has no catalogue entry")
        }
    }

    @Test func baseSpecIsTheDesignExample() throws {
        let file = try String(contentsOf: repoRoot.appendingPathComponent("specs/gluon-closure.yaml"), encoding: .utf8)
        #expect(file == BaseSpecs.gluon)
    }
}
