import Foundation
import NNCCheck
import NNCDiagnostics
import Testing

/// Every spec in specs/invalid/ is named after the code it must trigger
/// (`E0201-unknown-activation.yaml`) and has its exact rendered output beside
/// it (`.expected`). Set NNC_UPDATE_SNAPSHOTS=1 to rewrite the .expected files
/// from the current output (then review the diff).
struct SnapshotTests {
    static let invalid: [String] = {
        let dir = repoRoot.appendingPathComponent("specs/invalid").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
            .filter { $0.hasSuffix(".yaml") && $0.first == "E" }.sorted()
    }()

    /// Renders the front end's output for a spec, with paths relative to the repository root.
    static func render(_ relative: String) -> (String, Frontend.Result) {
        FileManager.default.changeCurrentDirectoryPath(repoRoot.path)
        let sources = SourceManager()
        let result = Frontend.compile(path: relative, sources: sources)
        let renderer = TextRenderer(sources: sources)
        return (renderer.render(result.diagnostics) + (renderer.summary(result.diagnostics) ?? ""), result)
    }

    @Test func thereIsAnInvalidSpecForEveryFrontEndCode() {
        let covered = Set(Self.invalid.map { String($0.prefix(5)) })
        let owned = Catalogue.all.map(\.code.rawValue).filter {
            ["E00", "E01", "E02", "E03", "E04", "E05", "E08", "E10"].contains(String($0.prefix(3)))
        }
        // E0001 (the spec file cannot be read) has no file that shows it: it is the absence of one.
        // E1014 is found by the data stage (`--data`, training), not the front end: Tests/CLITests.
        // E0806 and E0807 are the study store's (nnc hyperopt), not a spec's.
        for code in owned where !["E0001", "E1014", "E0806", "E0807"].contains(code) {
            #expect(covered.contains(code), "no specs/invalid/\(code)-*.yaml")
        }
    }

    @Test(arguments: invalid)
    func snapshot(file: String) throws {
        let relative = "specs/invalid/" + file
        let (text, result) = Self.render(relative)
        let code = String(file.prefix(5))
        #expect(result.diagnostics.first?.code.rawValue == code, "first diagnostic of \(file):\n\(text)")
        #expect(result.hasErrors)
        let expectedURL = repoRoot.appendingPathComponent(relative.replacingOccurrences(of: ".yaml", with: ".expected"))
        if ProcessInfo.processInfo.environment["NNC_UPDATE_SNAPSHOTS"] == "1" {
            try text.write(to: expectedURL, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        #expect(text == expected, "\(file) renders differently:\n\(text)")
    }

    @Test(arguments: ["gluon-closure.yaml", "classifier.yaml", "gluon-include.yaml", "gluon-derived.yaml",
                      "spectrum-chi2.yaml", "two-outputs-huber.yaml"])
    func validSpecsCompileCleanly(file: String) {
        let (text, result) = Self.render("specs/" + file)
        #expect(result.diagnostics.isEmpty, "\(text)")
        #expect(result.spec != nil)
    }
}
