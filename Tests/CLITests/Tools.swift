import Foundation
import Testing

/// Where the tests find external tools: the environment `Tests/run` sets, else the usual place.
enum Tools {
    static var require: Bool { ProcessInfo.processInfo.environment["NNC_REQUIRE_TOOLS"] == "1" }

    /// The first executable among the variable's value and `fallback` that
    /// `accepts` takes (a Python that has the packages a test needs).
    static func path(_ variable: String, fallback: [String], accepts: (String) -> Bool = { _ in true }) -> String? {
        let candidates = [ProcessInfo.processInfo.environment[variable]].compactMap { $0 } + fallback
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) && accepts($0) }
    }

    /// The tool, or a recorded skip (a failure with NNC_REQUIRE_TOOLS=1).
    static func find(
        _ variable: String, fallback: [String], what: String, install: String, accepts: (String) -> Bool = { _ in true }
    ) -> String? {
        if let p = path(variable, fallback: fallback, accepts: accepts) { return p }
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
