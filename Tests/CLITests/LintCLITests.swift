import Foundation
import Testing

/// `nnc lint` and `nnc schema` run as the user runs them: the built binary as
/// a subprocess, checking exit status, standard output and standard error.
struct LintCLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// The `nnc` built next to the test bundle (or in .build/debug).
    static var binary: String {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("nnc").path
        if FileManager.default.isExecutableFile(atPath: besideTests) { return besideTests }
        return root + "/.build/debug/nnc"
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func nnc(_ arguments: [String], in directory: String = root) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes to the end before waiting, so a full pipe never blocks the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    static func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "nnc-lint-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func cleanSpecExitsZero() throws {
        let r = try Self.nnc(["lint", "specs/lint/clean.yaml"])
        #expect(r.status == 0)
        #expect(r.stdout == "1 file linted: 0 errors, 0 warnings\n")
        #expect(r.stderr.isEmpty)
    }

    @Test func warningsPassUnlessStrictOrOverTheLimit() throws {
        let plain = try Self.nnc(["lint", "specs/lint/deep-tanh.yaml"])
        #expect(plain.status == 0)
        #expect(plain.stdout.hasSuffix("1 file linted: 0 errors, 3 warnings\n"))
        #expect(plain.stdout.contains("specs/lint/deep-tanh.yaml:36:22: warning[W0301]"))
        #expect(try Self.nnc(["lint", "--strict", "specs/lint/deep-tanh.yaml"]).status == 1)
        #expect(try Self.nnc(["lint", "--max-warnings", "2", "specs/lint/deep-tanh.yaml"]).status == 1)
        #expect(try Self.nnc(["lint", "--max-warnings", "3", "specs/lint/deep-tanh.yaml"]).status == 0)
    }

    @Test func errorsExitOne() throws {
        let r = try Self.nnc(["lint", "--format", "gcc", "specs/lint/errors.yaml", "specs/lint/clean.yaml"])
        #expect(r.status == 1)
        #expect(
            r.stdout == """
                specs/lint/errors.yaml:11:31: error: unknown activation 'tanhh'; did you mean 'tanh'? [E0201]
                specs/lint/errors.yaml:12:27: error: the dropout rate of layer 2 ('dense_1') must be in [0, 1), found 1.5 [E0303]
                2 files linted: 2 errors, 0 warnings

                """)
    }

    @Test func usageAndIOErrorsExitTwo() throws {
        let missing = try Self.nnc(["lint", "specs/lint/nope.yaml"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no such file or folder: 'specs/lint/nope.yaml'"))
        let pattern = try Self.nnc(["lint", "specs/lint/*.nothing"])
        #expect(pattern.status == 2)
        #expect(try Self.nnc(["lint", "--max-warnings", "-1"]).status == 2)
        #expect(try Self.nnc(["lint", "--format", "xml"]).status == 2)
        #expect(try Self.nnc(["lint", "--config", "nope.yaml", "specs/lint/clean.yaml"]).status == 2)
    }

    @Test func jsonAndSARIFAreDocumentsOnStdout() throws {
        let json = try Self.nnc(["lint", "--format", "json", "specs/lint/deep-tanh.yaml"])
        #expect(json.status == 0)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(array.map { $0["code"] as? String } == ["W0102", "W0101", "W0301"])
        #expect(array.map { $0["line"] as? Int } == [10, 13, 36])
        #expect(json.stderr == "1 file linted: 0 errors, 3 warnings\n")

        let sarif = try Self.nnc(["lint", "--format", "sarif", "specs/lint/deep-tanh.yaml"])
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        let results = try #require((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
        #expect(results.map { $0["ruleId"] as? String } == ["W0102", "W0101", "W0301"])
    }

    @Test func githubFormat() throws {
        let r = try Self.nnc(["lint", "--format", "github", "specs/lint/errors.yaml"])
        #expect(r.status == 1)
        #expect(
            r.stdout.hasPrefix(
                "::error file=specs/lint/errors.yaml,line=11,col=31,endLine=11,endColumn=35,title=E0201::unknown activation 'tanhh'; did you mean 'tanh'?"
            ))
    }

    @Test func foldersGlobsAndTheCurrentFolder() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let clean = try String(contentsOfFile: Self.root + "/specs/lint/clean.yaml", encoding: .utf8)
        try FileManager.default.createDirectory(atPath: dir + "/a/b", withIntermediateDirectories: true)
        try clean.write(toFile: dir + "/top.yaml", atomically: true, encoding: .utf8)
        try clean.write(toFile: dir + "/a/b/deep.yml", atomically: true, encoding: .utf8)
        try "on: push\n".write(toFile: dir + "/a/ci.yml", atomically: true, encoding: .utf8)
        #expect(try Self.nnc(["lint"], in: dir).stdout == "2 files linted: 0 errors, 0 warnings\n")
        #expect(try Self.nnc(["lint", "a"], in: dir).stdout == "1 file linted: 0 errors, 0 warnings\n")
        #expect(try Self.nnc(["lint", "**/*.yml"], in: dir).stdout == "1 file linted: 0 errors, 0 warnings\n")
        // Named files are linted as named, unless --specs-only.
        #expect(try Self.nnc(["lint", "a/ci.yml"], in: dir).status == 1)
        let specsOnly = try Self.nnc(["lint", "--specs-only", "a/ci.yml", "top.yaml"], in: dir)
        #expect(specsOnly.status == 0)
        #expect(specsOnly.stdout == "1 file linted: 0 errors, 0 warnings\n")
    }

    @Test func configurationAtTheRepositoryRoot() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/.git", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/specs", withIntermediateDirectories: true)
        let spec = try String(contentsOfFile: Self.root + "/specs/lint/deep-tanh.yaml", encoding: .utf8)
        try spec.write(toFile: dir + "/specs/deep.yaml", atomically: true, encoding: .utf8)
        try "rules:\n  W0301: off\n  W0101: error\n".write(toFile: dir + "/.nnc-lint.yaml", atomically: true, encoding: .utf8)
        let r = try Self.nnc(["lint", "--format", "gcc", "specs"], in: dir)
        #expect(r.status == 1)
        #expect(r.stdout.contains("specs/deep.yaml:13:19: error: "))
        #expect(!r.stdout.contains("W0301"))
        // From inside the folder, the same root configuration applies.
        #expect(try Self.nnc(["lint", "deep.yaml"], in: dir + "/specs").status == 1)

        try "rules:\n  W0301: of\n".write(toFile: dir + "/.nnc-lint.yaml", atomically: true, encoding: .utf8)
        let bad = try Self.nnc(["lint", "--format", "gcc", "specs"], in: dir)
        #expect(bad.status == 2)
        #expect(bad.stdout.contains(".nnc-lint.yaml:2:10: error: unknown setting 'of' for W0301"))
    }

    @Test func suppressionsInTheSpec() throws {
        let r = try Self.nnc(["lint", "--format", "gcc", "specs/lint/suppressions.yaml"])
        #expect(r.status == 0)
        let codes = r.stdout.split(separator: "\n").dropLast().map { $0.suffix(7) }
        #expect(codes == ["[W0901]", "[W0902]", "[W0903]", "[W0904]", "[W0905]"])
    }

    @Test func schemaIsJSON() throws {
        let r = try Self.nnc(["schema"])
        #expect(r.status == 0)
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect(schema["additionalProperties"] as? Bool == false)
    }

    /// A spec whose training file has 13 text cells and whose validation file lacks a value.
    static func badData() throws -> String {
        let dir = try temporaryFolder()
        let spec = """
            nnc: 1
            name: bad-data
            inputs: [x]
            outputs: [y]
            network: {layers: [{dense: 8, activation: tanh}, {dense: 1}]}
            data:
              train: {csv: train.csv}
              validation: {csv: val.csv}
            training: {loss: mse, optimizer: adam, epochs: 1000, stopping: {patience: 100}}
            """
        try spec.write(toFile: dir + "/spec.yaml", atomically: true, encoding: .utf8)
        let rows = (0..<40).map { i in "\(Double(i) / 40),\(i < 13 ? "n/a!" : String(Double(i) / 10))" }
        try ("x,y\n" + rows.joined(separator: "\n") + "\n").write(toFile: dir + "/train.csv", atomically: true, encoding: .utf8)
        try "x,y\n0.5,1\n0.6,\n".write(toFile: dir + "/val.csv", atomically: true, encoding: .utf8)
        return dir
    }

    @Test func dataFilesAreReadWithData() throws {
        let dir = try Self.badData()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Without --data the header is checked, not the values.
        #expect(try Self.nnc(["lint", "spec.yaml"], in: dir).status == 0)

        let r = try Self.nnc(["lint", "--data", "--format", "gcc", "spec.yaml"], in: dir)
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        // Ten shown for train.csv (the last counting 3 more), one for val.csv, and a true total.
        #expect(lines.count == 12, "\(r.stdout)")
        #expect(lines.first == "train.csv:2:5: error: expected a number for column 'y' on line 2, found 'n/a!' [E0703]")
        #expect(lines[9] == "train.csv:11:7: error: expected a number for column 'y' on line 11, found 'n/a!' (3 more problems in 'train.csv' not shown) [E0703]")
        #expect(lines[10] == "val.csv:3:5: error: missing value for column 'y' on line 3 [E0704]")
        #expect(lines.last == "1 file linted: 14 errors, 0 warnings")

        let json = try Self.nnc(["lint", "--data", "--format", "json", "spec.yaml"], in: dir)
        let findings = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(findings.count == 11 && findings[9]["omitted"] as? Int == 3 && findings[0]["omitted"] == nil)
        #expect(json.stderr == "1 file linted: 14 errors, 0 warnings\n")

        let build = try NNCProcess.run(["build", "--data", "--no-write", dir + "/spec.yaml"])
        #expect(build.status == 1)
        #expect(build.stderr.hasSuffix("error: 14 errors in 2 files\n"), "\(build.stderr)")
        #expect(build.stdout.isEmpty, "no plan is printed when the data has errors")
    }

    @Test func aBadConfigurationStopsTheRunBeforeAnySpecIsLinted() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let spec = try String(contentsOfFile: Self.root + "/specs/lint/deep-tanh.yaml", encoding: .utf8)
        try spec.write(toFile: dir + "/deep.yaml", atomically: true, encoding: .utf8)
        try "rules:\n  W9999: off\n".write(toFile: dir + "/.nnc-lint.yaml", atomically: true, encoding: .utf8)
        let r = try Self.nnc(["lint", "--format", "gcc", "deep.yaml"], in: dir)
        #expect(r.status == 2)
        #expect(r.stdout.split(separator: "\n").map { String($0.suffix(7)) } == ["[E0902]", "1 error"], "\(r.stdout)")
        #expect(r.stdout.hasSuffix("no spec linted: the lint configuration has 1 error\n"))
    }
}
