import Foundation
import NNCDiagnostics
import Testing

/// Every code that any source file mentions has a catalogue entry with a real explanation.
struct CatalogueTests {
    static let sourcesRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources")

    /// Every Swift file under Sources/, as (path relative to Sources/, text).
    static func sourceFiles() -> [(String, String)] {
        let files = FileManager.default.enumerator(atPath: sourcesRoot.path)?.compactMap { $0 as? String } ?? []
        return files.filter { $0.hasSuffix(".swift") }.sorted().compactMap { file in
            (try? String(contentsOf: sourcesRoot.appendingPathComponent(file), encoding: .utf8)).map { (file, $0) }
        }
    }

    /// The catalogue's own files: the only place a code is spelled as a literal.
    static func isCatalogue(_ file: String) -> Bool {
        file.hasPrefix("NNCDiagnostics/Catalogue+")
            // Lowering's codes are named in its module until the plan rewrite moves them here.
            || file == "NNCPlan/PlanCodes.swift"
    }

    /// Every `static let name: DiagnosticCode = "E0123"`: (name, code, file).
    static func namedConstants() -> [(String, String, String)] {
        let regex = try! NSRegularExpression(pattern: #"static let (\w+): DiagnosticCode = "([EW][0-9]{4})""#)
        var out: [(String, String, String)] = []
        for (file, text) in sourceFiles() where isCatalogue(file) {
            for m in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                out.append((String(text[Range(m.range(at: 1), in: text)!]), String(text[Range(m.range(at: 2), in: text)!]), file))
            }
        }
        return out
    }

    @Test func everyEntryHasOneNamedConstantAndEveryConstantAnEntry() {
        let constants = Self.namedConstants()
        let codes = constants.map(\.1)
        #expect(Set(codes).count == codes.count, "a code is named twice")
        #expect(Set(constants.map(\.0)).count == constants.count, "a name is used for two codes")
        for (name, code, file) in constants {
            #expect(Catalogue.entry(for: DiagnosticCode(code)) != nil, "\(name) = \(code) (in \(file)) has no catalogue entry")
        }
        for info in Catalogue.all {
            #expect(codes.contains(info.code.rawValue), "\(info.code) has no named constant")
        }
    }

    /// A code is written once, as a named constant beside its entry; everywhere
    /// else it is that constant, and only a renderer spells `error[E0123]`.
    @Test func noBareCodeLiteralOutsideTheCatalogue() {
        let regex = try! NSRegularExpression(pattern: #""[EW][0-9]{4}"|(error|warning|note)\[[EW][0-9]{4}\]"#)
        var found: [String] = []
        for (file, text) in Self.sourceFiles() where !Self.isCatalogue(file) {
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let s = String(line)
                // Comments may show rendered output.
                if s.trimmingCharacters(in: .whitespaces).hasPrefix("//") { continue }
                if regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil {
                    found.append("Sources/\(file):\(i + 1): \(s.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(found.isEmpty, "bare diagnostic codes; use the named constant (DiagnosticCode.name):\n\(found.joined(separator: "\n"))")
        #expect(Self.sourceFiles().count > 100, "the Sources folder was not found")
    }

    @Test func everyEntryExplainsWithAnExampleAndAFix() {
        for info in Catalogue.all {
            let paragraphs = info.explanation.components(separatedBy: "\n\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            #expect(paragraphs.count >= 3, "\(info.code): the explanation needs several paragraphs")
            #expect(info.explanation.count >= 150, "\(info.code): the explanation is too short")
            #expect(!info.title.isEmpty, "\(info.code): no title")
            #expect(info.explanation.lowercased().contains("fix") || info.explanation.lowercased().contains("example"),
                    "\(info.code): say how to fix it")
        }
    }

    @Test func codesAreUniqueAndWellFormed() {
        let codes = Catalogue.all.map(\.code.rawValue)
        #expect(Set(codes).count == codes.count)
        for c in codes {
            #expect(c.range(of: "^[EW][0-9]{4}$", options: .regularExpression) != nil, "\(c)")
        }
    }
}
