import Foundation
import NNCCheck
import NNCDiagnostics
import Testing

/// Thousands of randomly broken specs through the whole front end: it must
/// never trap, and every diagnostic must have a documented code and a span
/// inside the file it names.
struct MutationTests {
    /// SplitMix64: a small seeded generator, so a failure can be replayed.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let tokens = [
        "{", "}", "[", "]", ":", ": ", "- ", "#", "&a ", "*a", "'", "\"", "\t", "~", "null", "-1", "0", "1e400",
        "2.5", "-0", ".nan", "true", "no", "x", "é", "日本", "\u{7}", "!!str ", "<<: *a", "? ", ",", "\n", "  ",
        "softmax", "chi2", "full", "linspace", "logspace", "csv: missing.csv", "include: missing.yaml",
        "log(", ")", "^", "**", "99999999999999999999", "-1e9", "1e9", "{}", "[]", "| ", "> ",
    ]

    static func mutate(_ text: String, _ g: inout Generator) -> String {
        var lines = text.components(separatedBy: "\n")
        func line() -> Int { Int.random(in: 0..<max(lines.count, 1), using: &g) }
        guard !lines.isEmpty else { return text }
        switch Int.random(in: 0..<9, using: &g) {
        case 0:
            lines.remove(at: line())
        case 1:
            let i = line()
            lines.insert(lines[i], at: i)
        case 2:
            lines.swapAt(line(), line())
        case 3:
            let i = line()
            lines[i] = Bool.random(using: &g) ? "  " + lines[i] : String(lines[i].drop { $0 == " " })
        case 4, 5:
            let i = line()
            var chars = Array(lines[i])
            let at = Int.random(in: 0...chars.count, using: &g)
            chars.insert(contentsOf: tokens.randomElement(using: &g)!, at: at)
            lines[i] = String(chars)
        case 6:
            // Replace a number with a random value of another kind.
            let i = line()
            if let r = lines[i].range(of: "[0-9][0-9.e-]*", options: .regularExpression) {
                lines[i].replaceSubrange(r, with: ["abc", "-3", "0", "1e999", "[1, 2]", "{a: 1}", "\"7\"", "", "1.5", "2e5"].randomElement(using: &g)!)
            }
        case 7:
            // Replace a word with another word.
            let i = line()
            if let r = lines[i].range(of: "[a-z_]+", options: .regularExpression) {
                lines[i].replaceSubrange(r, with: ["tanh", "relu", "dense", "inputs", "truth", "noise", "adam", "nnc", "name", "zzz", "data", "training", "validation", "stopping", "x"].randomElement(using: &g)!)
            }
        default:
            let joined = lines.joined(separator: "\n")
            let cut = Int.random(in: 0...joined.count, using: &g)
            return String(joined.prefix(cut))
        }
        return lines.joined(separator: "\n")
    }

    static func checkInvariants(_ result: Frontend.Result, _ sources: SourceManager, text: String) {
        for d in result.diagnostics {
            #expect(Catalogue.entry(for: d.code) != nil, "undocumented \(d.code): \(d.message)\n---\n\(text)")
            guard let file = sources.file(d.span.file) else {
                Issue.record("diagnostic in an unknown file \(d.span.file): \(d.message)")
                continue
            }
            let lineCount = max(file.lines.count, 1)
            let s = d.span.start
            let e = d.span.end
            let ok = s.line >= 1 && s.line <= lineCount && s.column >= 1
                && s.column <= (file.line(s.line)?.unicodeScalars.count ?? 0) + 1
                && e >= s && e.line <= lineCount
            #expect(ok, "span \(d.span.start)-\(d.span.end) outside the file for \(d.code) \(d.message)\n---\n\(text)")
            _ = TextRenderer(sources: sources).render(d)
        }
    }

    @Test(arguments: [("gluon", UInt64(1)), ("classifier", UInt64(2))])
    func mutatedSpecsNeverTrap(base: String, seed: UInt64) throws {
        let dir = temporaryFolder(BaseSpecs.classifierFiles)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("spec.yaml").path
        var g = Generator(state: seed)
        let original = base == "gluon" ? BaseSpecs.gluon : BaseSpecs.classifier
        var clean = 0
        for _ in 0..<1200 {
            var text = original
            for _ in 0..<Int.random(in: 1...3, using: &g) { text = Self.mutate(text, &g) }
            let sources = SourceManager()
            let result = Frontend.compile(text: text, path: path, sources: sources)
            if result.diagnostics.isEmpty { clean += 1 }
            Self.checkInvariants(result, sources, text: text)
        }
        // Some mutations (a duplicated comment, a swapped pair of keys) leave a valid spec.
        #expect(clean > 0)
    }
}
