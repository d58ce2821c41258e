import Foundation
import Testing

/// Where the tests find external tools: the environment `Tests/run` sets, else the usual place.
enum Tools {
    static var require: Bool { ProcessInfo.processInfo.environment["NNC_REQUIRE_TOOLS"] == "1" }

    static func path(_ variable: String, fallback: [String]) -> String? {
        if let p = ProcessInfo.processInfo.environment[variable], FileManager.default.isExecutableFile(atPath: p) { return p }
        return fallback.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The tool, or a recorded skip (a failure with NNC_REQUIRE_TOOLS=1).
    static func find(_ variable: String, fallback: [String], what: String, install: String) -> String? {
        if let p = path(variable, fallback: fallback) { return p }
        let message = "skipped: \(what) not found (set \(variable); Tests/run installs it: \(install))"
        if require {
            Issue.record(Comment(rawValue: message + " — NNC_REQUIRE_TOOLS=1 makes a missing tool a failure"))
        } else {
            print("◇ \(message)")
        }
        return nil
    }

    /// Runs a tool to completion, stdout and stderr captured.
    static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil) throws -> NNCProcess.Result {
        try NNCProcess.execute(URL(fileURLWithPath: executable), arguments, in: directory)
    }
}
