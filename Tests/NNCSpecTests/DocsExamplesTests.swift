import Foundation
import NNCDiagnostics
import NNCSpec
import Testing

/// The examples in docs/spec.md are tests: a fenced ```yaml block whose first
/// line is `# valid spec` must decode without an error, and one whose first
/// line is `# invalid: E0xxx` must be reported with that code. The code table
/// in docs/diagnostics.md is the catalogue's, generated
/// (`NNC_UPDATE_SNAPSHOTS=1 swift test --filter DocsExamplesTests` rewrites it).
///
/// Examples decode as if they were files in specs/, so their data and include
/// paths (`data/flowers-train.csv`, `networks/gluon-net.yaml`) name the
/// repository's own files.
struct DocsExamplesTests {
    static let docs = repoRoot.appendingPathComponent("docs")

    struct Example: CustomStringConvertible {
        /// 1-based line of the block's first YAML line in docs/spec.md.
        var line: Int
        var marker: String
        var text: String

        var description: String { "docs/spec.md:\(line)" }
    }

    /// The fenced yaml blocks of a markdown text whose first line starts with `# valid` or `# invalid`.
    static func examples(in markdown: String) -> [Example] {
        var out: [Example] = []
        var block: [String]?
        var start = 0
        for (i, line) in markdown.components(separatedBy: "\n").enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if block == nil {
                if trimmed == "```yaml" {
                    block = []
                    start = i + 2
                }
            } else if trimmed == "```" {
                if let lines = block, let first = lines.first,
                   first.hasPrefix("# valid") || first.hasPrefix("# invalid") {
                    out.append(Example(line: start, marker: first, text: lines.joined(separator: "\n") + "\n"))
                }
                block = nil
            } else {
                block?.append(line)
            }
        }
        return out
    }

    static func specExamples() throws -> [Example] {
        let text = try String(contentsOf: docs.appendingPathComponent("spec.md"), encoding: .utf8)
        return examples(in: text)
    }

    static func decodeExample(_ e: Example) -> (spec: Spec?, diagnostics: [Diagnostic], rendered: String) {
        let sources = SourceManager()
        let path = repoRoot.appendingPathComponent("specs/docs-example-line-\(e.line).yaml").path
        let (spec, diagnostics) = SpecLoader.decode(text: e.text, path: path, sources: sources)
        let rendered = TextRenderer(sources: sources).render(diagnostics.sortedForOutput())
        return (spec, diagnostics, rendered)
    }

    @Test func theDocumentHasExamplesOfBothKinds() throws {
        let all = try Self.specExamples()
        #expect(all.filter { $0.marker == "# valid spec" }.count >= 10)
        #expect(all.filter { $0.marker.hasPrefix("# invalid") }.count >= 5)
        // A marker that is neither form is a typo that would silently skip a block.
        for e in all where e.marker != "# valid spec" && !e.marker.hasPrefix("# invalid: E") {
            Issue.record("\(e): unrecognised example marker '\(e.marker)'")
        }
    }

    @Test func validExamplesDecodeWithoutErrors() throws {
        for e in try Self.specExamples() where e.marker == "# valid spec" {
            let (spec, diagnostics, rendered) = Self.decodeExample(e)
            #expect(!diagnostics.hasErrors, "\(e) should be valid:\n\(rendered)")
            #expect(spec != nil, "\(e) did not decode")
        }
    }

    @Test func invalidExamplesReportTheirCode() throws {
        for e in try Self.specExamples() where e.marker.hasPrefix("# invalid: ") {
            let code = String(e.marker.dropFirst("# invalid: ".count).prefix { !$0.isWhitespace })
            let (spec, diagnostics, rendered) = Self.decodeExample(e)
            #expect(spec == nil, "\(e) should not decode")
            #expect(diagnostics.map(\.code.rawValue).contains(code), "\(e) should report \(code):\n\(rendered)")
        }
    }

    /// The resolved spec shown in docs/spec.md is what nnc writes for the smallest example (spec named `fit`).
    @Test func resolvedExampleIsWhatNNCWrites() throws {
        let text = try String(contentsOf: Self.docs.appendingPathComponent("spec.md"), encoding: .utf8)
        var blocks: [String] = []
        var block: [String]?
        for line in text.components(separatedBy: "\n") {
            if block == nil {
                if line == "```yaml" { block = [] }
            } else if line == "```" {
                blocks.append(block!.joined(separator: "\n") + "\n")
                block = nil
            } else {
                block?.append(line)
            }
        }
        let shown = try #require(blocks.first { $0.hasPrefix("# fit: the spec with every default filled in") })
        let minimal = try #require(try Self.specExamples().first { $0.text.contains("name: fit\n") && $0.marker == "# valid spec" })
        let spec = try #require(Self.decodeExample(minimal).spec)
        #expect(spec.resolvedYAML() == shown)
    }

    // MARK: docs/diagnostics.md

    static let begin = "<!-- codes:begin (generated from the catalogue by DocsExamplesTests) -->"
    static let end = "<!-- codes:end -->"

    /// The headings of the code ranges, as DiagnosticCode.swift assigns them.
    static func range(of code: DiagnosticCode) -> String {
        let c = code.rawValue
        let ranges: [(String, String)] = [
            ("E00", "E00xx — files and YAML syntax"),
            ("E01", "E01xx — spec structure: keys, types, names, includes"),
            ("E02", "E02xx — vocabulary: activations, initialisers, losses, optimisers, sampling, noise"),
            ("E03", "E03xx — values out of range"),
            ("E04", "E04xx — rules across fields"),
            ("E05", "E05xx — data files and expressions"),
            ("E06", "E06xx — lowering and resources"),
            ("E07", "E07xx — run-time input: data, weights, checkpoints, training"),
            ("E08", "E08xx — hyperparameter search: the hyperopt block and the study store"),
            ("E10", "E10xx — physics: observables, constraints, preprocessing, expect"),
            ("W09", "W09xx — lint's own findings"),
            ("W", "W0xxx — lint warnings"),
        ]
        return ranges.first { c.hasPrefix($0.0) }?.1 ?? "\(c.prefix(3))xx"
    }

    /// The code table as docs/diagnostics.md holds it between the markers.
    static func codeTable() -> String {
        var out = ""
        var heading = ""
        for info in Catalogue.all {
            let h = range(of: info.code)
            if h != heading {
                out += (heading.isEmpty ? "" : "\n") + "### \(h)\n\n| code | title |\n|---|---|\n"
                heading = h
            }
            out += "| \(info.code) | \(info.title.replacingOccurrences(of: "|", with: "\\|")) |\n"
        }
        return out
    }

    @Test func diagnosticsTableIsTheCatalogue() throws {
        let url = Self.docs.appendingPathComponent("diagnostics.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        guard let b = text.range(of: Self.begin), let e = text.range(of: Self.end), b.upperBound <= e.lowerBound else {
            Issue.record("docs/diagnostics.md lacks the markers '\(Self.begin)' and '\(Self.end)'")
            return
        }
        let table = "\n" + Self.codeTable() + "\n"
        if ProcessInfo.processInfo.environment["NNC_UPDATE_SNAPSHOTS"] == "1" {
            try (String(text[..<b.upperBound]) + table + String(text[e.lowerBound...])).write(to: url, atomically: true, encoding: .utf8)
            return
        }
        #expect(String(text[b.upperBound..<e.lowerBound]) == table,
                "docs/diagnostics.md is out of date with the catalogue; run NNC_UPDATE_SNAPSHOTS=1 swift test --filter DocsExamplesTests")
    }

    @Test func markdownExtractionFindsOnlyMarkedBlocks() {
        let md = "text\n```yaml\n# valid spec\nnnc: 1\n```\n```yaml\nplain: 1\n```\n```\n# valid spec\n```\n"
        let found = Self.examples(in: md)
        #expect(found.count == 1)
        #expect(found.first?.line == 3)
        #expect(found.first?.text == "# valid spec\nnnc: 1\n")
    }
}
