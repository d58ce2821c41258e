import Foundation
import NNCCheck
import NNCDiagnostics
import Testing

/// Malformed specs written the way new users get them wrong (specs/invalid/corpus/):
/// each must give one clear diagnostic at the right place, never a cascade.
///
/// Every file states what it must produce in a header comment,
///
///     # expect: E0201 at 12:19, 1 diagnostic
///     # expect: clean
///
/// or, when the file cannot hold a comment (an empty file), in `name.expect`
/// beside it. Set NNC_CORPUS_DUMP=path to write every rendered output to one
/// file for review.
struct CorpusTests {
    static let folder = repoRoot.appendingPathComponent("specs/invalid/corpus")

    static let files: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        .filter { $0.hasSuffix(".yaml") }.sorted()

    struct Expectation: Equatable, CustomStringConvertible {
        /// Nil for a spec that must compile cleanly.
        var code: String?
        var line = 0
        var column = 0
        var count = 0

        var description: String {
            guard let code else { return "clean" }
            return "\(code) at \(line):\(column), \(count) diagnostic\(count == 1 ? "" : "s")"
        }

        /// Parses "E0201 at 12:19, 1 diagnostic" or "clean".
        init?(_ text: String) {
            let t = text.trimmingCharacters(in: .whitespaces)
            if t == "clean" { return }
            let words = t.split(whereSeparator: { $0 == " " || $0 == "," || $0 == ":" }).map(String.init)
            guard words.count == 6, words[1] == "at", let l = Int(words[2]), let c = Int(words[3]), let n = Int(words[4]),
                  words[5].hasPrefix("diagnostic")
            else { return nil }
            code = words[0]
            line = l
            column = c
            count = n
        }

        init(_ diagnostics: [Diagnostic]) {
            guard let first = diagnostics.first else { return }
            code = first.code.rawValue
            line = first.span.start.line
            column = first.span.start.column
            count = diagnostics.count
        }
    }

    /// The expectation of a corpus file: its `name.expect`, else its `# expect:` header line.
    static func expectation(of file: String) -> Expectation? {
        let url = folder.appendingPathComponent(file)
        let sidecar = url.deletingPathExtension().appendingPathExtension("expect")
        if let text = try? String(contentsOf: sidecar, encoding: .utf8) {
            return Expectation(text.replacingOccurrences(of: "expect:", with: ""))
        }
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        let head = String(decoding: data.prefix(400), as: UTF8.self)
        for line in head.split(whereSeparator: \.isNewline) {
            if let r = line.range(of: "# expect:") { return Expectation(String(line[r.upperBound...])) }
        }
        return nil
    }

    static func run(_ file: String) -> (Frontend.Result, SourceManager, String) {
        let path = folder.appendingPathComponent(file).path
        let sources = SourceManager()
        let result = Frontend.compile(path: path, sources: sources)
        let renderer = TextRenderer(sources: sources)
        let text = renderer.render(result.diagnostics) + (renderer.summary(result.diagnostics) ?? "")
        return (result, sources, text.replacingOccurrences(of: folder.path + "/", with: ""))
    }

    @Test func thereAreManyCases() {
        #expect(Self.files.count >= 80)
    }

    @Test(arguments: files)
    func corpus(file: String) throws {
        let (result, sources, text) = Self.run(file)
        let expected = try #require(Self.expectation(of: file), "\(file) has no '# expect:' line")
        let actual = Expectation(result.diagnostics)
        #expect(actual == expected, "\(file): expected \(expected), got \(actual):\n\(text)")
        if expected.code == nil {
            #expect(result.spec != nil)
        } else {
            #expect(result.hasErrors)
        }
        // Every diagnostic is documented and points inside the file it names.
        MutationTests.checkInvariants(result, sources, text: text)
    }

    /// A very long line is shown as a window around the span, the carets still under it.
    @Test(arguments: ["long-line.yaml", "long-line-end.yaml"])
    func longLinesAreShownAsAWindow(file: String) throws {
        let (result, _, text) = Self.run(file)
        let lines = text.split(separator: "\n")
        #expect(lines.allSatisfy { $0.unicodeScalars.count < 200 }, "\(text)")
        let first = try #require(result.diagnostics.first)
        // The caret line lines up with the shown source line.
        let shown = try #require(lines.first { $0.contains(" | ") && $0.contains("...") && !$0.contains("^") })
        let carets = try #require(lines.first { $0.contains("^") })
        let caretColumn = carets.distance(from: carets.startIndex, to: carets.firstIndex(of: "^")!)
        let word = String(shown.dropFirst(caretColumn).prefix(first.span.end.column - first.span.start.column))
        let source = try String(contentsOf: Self.folder.appendingPathComponent(file), encoding: .utf8)
        let line = source.split(separator: "\n", omittingEmptySubsequences: false)[first.span.start.line - 1]
        let expected = String(line.unicodeScalars.dropFirst(first.span.start.column - 1)
            .prefix(first.span.end.column - first.span.start.column))
        #expect(word == expected, "\(text)")
    }

    /// Writes every rendered output to NNC_CORPUS_DUMP, for a human to read.
    @Test func dump() throws {
        guard let out = ProcessInfo.processInfo.environment["NNC_CORPUS_DUMP"] else { return }
        var all = ""
        for file in Self.files {
            let (result, _, text) = Self.run(file)
            let expected = Self.expectation(of: file).map(\.description) ?? "?"
            all += "=== \(file)   [expected: \(expected); got: \(Expectation(result.diagnostics))]\n\(text)\n"
        }
        try all.write(toFile: out, atomically: true, encoding: .utf8)
    }
}
