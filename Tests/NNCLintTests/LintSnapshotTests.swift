import Foundation
@testable import NNCDiagnostics
import Testing

@testable import NNCLint

/// `nnc lint specs/lint` in every format, compared with the files in
/// specs/lint/expected/ (run with NNC_UPDATE_SNAPSHOTS=1 to rewrite them after
/// a deliberate change), and every finding checked at the same place in each
/// format by parsing the outputs.
struct LintSnapshotTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// The front end reads the relative paths from the process's current folder.
    static let report: LintReport = {
        FileManager.default.changeCurrentDirectoryPath(root)
        return Linter(options: Linter.Options(currentDirectory: root, jobs: 2)).lint(paths: ["specs/lint"])
    }()

    static func output(_ format: ReportFormat) -> String {
        format.reporter().report(report.diagnostics, sources: report.sources)
    }

    static func snapshotName(_ format: ReportFormat) -> String {
        switch format {
        case .text: return "lint.txt"
        case .gcc: return "lint.gcc"
        case .json: return "lint.json"
        case .github: return "lint.github"
        case .sarif: return "lint.sarif-results.json"
        }
    }

    /// What is compared: the whole output, plus the summary line for the line
    /// formats; for SARIF only the results without their rule indices (the
    /// rules list is the whole catalogue, which grows with every new code;
    /// both are tested by structure in `everyFormatPutsEachFindingAtItsPlace`).
    static func snapshot(_ format: ReportFormat) throws -> String {
        let out = output(format)
        switch format {
        case .sarif:
            let log = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
            let results = ((log?["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
            return JSONRenderer.serialize(results.map { $0.filter { $0.key != "ruleIndex" } }) + "\n"
        case .json:
            return out
        default:
            return out + report.summary + "\n"
        }
    }

    @Test func findsTheSpecs() {
        #expect(Self.report.files.count == 10)
        #expect(!Self.report.files.contains { $0.contains("networks/") }, "network files are linted through their users")
        #expect(Self.report.problems.isEmpty)
        #expect(!Self.report.configurationFailed)
        #expect(Self.report.summary == "10 files linted: 3 errors, 19 warnings, 1 note")
    }

    @Test(arguments: ReportFormat.allCases)
    func matchesSnapshot(_ format: ReportFormat) throws {
        let actual = try Self.snapshot(format)
        let path = Self.root + "/specs/lint/expected/" + Self.snapshotName(format)
        if ProcessInfo.processInfo.environment["NNC_UPDATE_SNAPSHOTS"] == "1" {
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        #expect(actual == expected, "\(path) differs; NNC_UPDATE_SNAPSHOTS=1 rewrites it")
    }

    /// Each finding at the same file, line and column, with the same code, in every format.
    @Test func everyFormatPutsEachFindingAtItsPlace() throws {
        let diagnostics = Self.report.diagnostics
        #expect(diagnostics.count == 23)

        let gcc = Self.output(.gcc).split(separator: "\n")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(Self.output(.json).utf8)) as? [[String: Any]])
        let github = Self.output(.github).split(separator: "\n")
        let sarif = try #require(try JSONSerialization.jsonObject(with: Data(Self.output(.sarif).utf8)) as? [String: Any])
        let run = try #require((sarif["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        let rules = try #require(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        let text = Self.output(.text)
        #expect(gcc.count == diagnostics.count)
        #expect(json.count == diagnostics.count)
        #expect(github.count == diagnostics.count)
        #expect(results.count == diagnostics.count)

        for (i, d) in diagnostics.enumerated() {
            let file = d.span.file
            let line = d.span.start.line
            let column = d.span.start.column
            let code = d.code.rawValue
            #expect(text.contains("\(file):\(line):\(column): \(d.severity.rawValue)[\(code)]"), "text \(i)")
            #expect(gcc[i].hasPrefix("\(file):\(line):\(column): \(d.severity.rawValue): "), "gcc \(i)")
            #expect(gcc[i].hasSuffix("[\(code)]"), "gcc \(i)")

            #expect(json[i]["file"] as? String == file)
            #expect(json[i]["line"] as? Int == line)
            #expect(json[i]["column"] as? Int == column)
            #expect(json[i]["end_line"] as? Int == d.span.end.line)
            #expect(json[i]["end_column"] as? Int == d.span.end.column)
            #expect(json[i]["code"] as? String == code)
            #expect(json[i]["severity"] as? String == d.severity.rawValue)
            #expect(json[i]["message"] as? String == d.message)
            #expect(json[i]["notes"] is [[String: Any]])
            #expect(json[i]["fix"] != nil)

            let kind = d.severity == .note ? "notice" : d.severity.rawValue
            #expect(github[i].hasPrefix("::\(kind) file=\(GitHubRenderer.escapeProperty(file)),line=\(line),"), "github \(i)")
            #expect(github[i].contains(",title=\(code)::"), "github \(i)")

            let r = results[i]
            #expect(r["ruleId"] as? String == code)
            let index = try #require(r["ruleIndex"] as? Int)
            #expect(rules[index]["id"] as? String == code)
            let level = d.severity == .note ? "note" : d.severity.rawValue
            #expect(r["level"] as? String == level)
            let physical = try #require((r["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            #expect((physical["artifactLocation"] as? [String: Any])?["uri"] as? String == file)
            let region = try #require(physical["region"] as? [String: Any])
            #expect(region["startLine"] as? Int == line)
            #expect(region["startColumn"] as? Int == column)
            #expect(region["endLine"] as? Int == d.span.end.line)
            #expect(region["endColumn"] as? Int == d.span.end.column)
        }
    }

    @Test func configuredSeveritiesAndSuppressionsApply() {
        let codes = Self.report.diagnostics.map { "\(($0.span.file as NSString).lastPathComponent):\($0.code)" }
        // configured/.nnc-lint.yaml: W0301 error, W0202 off, W0302 note.
        #expect(codes.contains("settings.yaml:W0301"))
        #expect(!codes.contains("settings.yaml:W0202"))
        #expect(Self.report.diagnostics.first { $0.code == "W0302" && $0.span.file.hasSuffix("settings.yaml") }?.severity == .note)
        // Suppressed in the spec (file-wide and next-line) and in the included network file.
        #expect(!codes.contains("suppressions.yaml:W0101"))
        #expect(!codes.contains("suppressions.yaml:W0301"))
        #expect(!codes.contains("suppressions.yaml:W0202"))
        #expect(!codes.contains("deep-sigmoid.yaml:W0201"))
        #expect(codes.contains("deep-sigmoid.yaml:W0101"))
        // No warnings on a spec with errors; its two independent errors are both reported.
        #expect(codes.filter { $0.hasPrefix("errors.yaml") } == ["errors.yaml:E0201", "errors.yaml:E0303"])
    }
}
