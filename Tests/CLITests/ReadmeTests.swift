import Foundation
import Testing

/// The README's promises, checked against the real binary: its example spec
/// builds with the parameter count it states, its main-job command names an
/// example that trains, and `.ci/run` runs its test command.
@Suite struct ReadmeTests {
    static let readme: String = {
        let url = NNCProcess.packageRoot.appendingPathComponent("README.md")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    /// The fenced blocks of the README with their info string ("yaml", "").
    static func blocks() -> [(info: String, body: String)] {
        var out: [(String, String)] = []
        var current: (String, [Substring])?
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                if let open = current {
                    out.append((open.0, open.1.joined(separator: "\n")))
                    current = nil
                } else {
                    current = (String(line.dropFirst(3)), [])
                }
            } else if current != nil {
                current!.1.append(line)
            }
        }
        return out
    }

    /// The single command line in the block that follows `heading` (a bold paragraph).
    static func command(after heading: String) throws -> String {
        let start = try #require(readme.range(of: heading), "README has no '\(heading)'")
        let rest = readme[start.upperBound...]
        let open = try #require(rest.range(of: "```\n"))
        let close = try #require(rest[open.upperBound...].range(of: "```"))
        return rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func exampleSpecBuildsWithTheStatedParameterCount() throws {
        let spec = try #require(Self.blocks().first { $0.info == "yaml" }, "README has no yaml block")
        let dir = try NNCProcess.temporaryDirectory()
        try spec.body.write(to: dir.appendingPathComponent("readme.yaml"), atomically: true, encoding: .utf8)
        let result = try NNCProcess.run(["build", "readme.yaml", "--json"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["parameters"] as? Int == 591)
        #expect(Self.readme.contains("591 parameters"))
    }

    @Test func mainJobCommandTrainsItsExample() throws {
        let line = try Self.command(after: "**Run the main job on an example**")
        let prefix = "swift run -c release nnc "
        #expect(line.hasPrefix(prefix), "main job is not a `swift run` of nnc: \(line)")
        var arguments = line.dropFirst(prefix.count).split(separator: " ").map(String.init)
        #expect(arguments.first == "train")
        // The same command, shortened so a debug build finishes quickly.
        let out = try NNCProcess.temporaryDirectory()
        arguments += ["--epochs", "3", "--out", out.path, "--quiet"]
        let result = try NNCProcess.run(arguments, in: NNCProcess.packageRoot)
        #expect(result.status == 0, "\(result.stderr)")
        let summary = out.appendingPathComponent("summary.json")
        #expect(FileManager.default.fileExists(atPath: summary.path))
    }

    @Test func ciRunsTheReadmeTestCommand() throws {
        let test = try Self.command(after: "**Run the tests:**")
        let ci = try String(
            contentsOf: NNCProcess.packageRoot.appendingPathComponent(".ci/run"), encoding: .utf8)
        let lines = ci.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.contains(test), ".ci/run does not run `\(test)`")
    }
}
