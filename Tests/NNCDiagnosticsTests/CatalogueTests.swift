import Foundation
import NNCDiagnostics
import Testing

/// Every code that any source file mentions has a catalogue entry with a real explanation.
struct CatalogueTests {
    static let sourcesRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources")

    /// Every `"E0123"`/`"W0123"` string literal in Sources/, with the file it is in.
    static func codesUsedInSources() -> [(String, String)] {
        var out: [(String, String)] = []
        let regex = try! NSRegularExpression(pattern: "\"([EW][0-9]{4})\"")
        let files = FileManager.default.enumerator(atPath: sourcesRoot.path)?.compactMap { $0 as? String } ?? []
        for file in files where file.hasSuffix(".swift") {
            guard let text = try? String(contentsOf: sourcesRoot.appendingPathComponent(file), encoding: .utf8) else { continue }
            let range = NSRange(text.startIndex..., in: text)
            for m in regex.matches(in: text, range: range) {
                if let r = Range(m.range(at: 1), in: text) { out.append((String(text[r]), file)) }
            }
        }
        return out
    }

    @Test func sourcesMentionCodes() {
        #expect(Self.codesUsedInSources().count > 50)
    }

    @Test func everyCodeUsedHasAnEntry() {
        for (code, file) in Self.codesUsedInSources() {
            #expect(Catalogue.entry(for: DiagnosticCode(code)) != nil, "\(code) (in \(file)) has no catalogue entry")
        }
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
