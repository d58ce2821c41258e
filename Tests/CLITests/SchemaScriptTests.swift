import Foundation
import Testing

/// `Tests/check_schema.py` (the schema cross-check with Python's `jsonschema`)
/// run as documented in docs/ci.md and docs/lint.md, and what a YAML 1.1
/// loader (`yaml.safe_load`) reads differently from nnc.
struct SchemaScriptTests {
    static let script = NNCProcess.packageRoot.appendingPathComponent("Tests/check_schema.py").path

    /// A Python with jsonschema and PyYAML (`Tests/run` sets NNC_SCHEMA_PYTHON),
    /// or a visible skip — a failure with NNC_REQUIRE_TOOLS=1.
    static func python() throws -> String? {
        let environment = ProcessInfo.processInfo.environment
        for candidate in [environment["NNC_SCHEMA_PYTHON"], "/usr/bin/python3", "/usr/local/bin/python3"].compactMap({ $0 }) {
            guard FileManager.default.isExecutableFile(atPath: candidate) else { continue }
            if try run(candidate, ["-c", "import jsonschema, yaml"]).status == 0 { return candidate }
        }
        let message = "skipped: no python3 with jsonschema and pyyaml (set NNC_SCHEMA_PYTHON; Tests/run installs them)"
        if environment["NNC_REQUIRE_TOOLS"] == "1" {
            Issue.record(Comment(rawValue: message + " — NNC_REQUIRE_TOOLS=1 makes a missing tool a failure"))
        } else {
            print("◇ \(message)")
        }
        return nil
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = NNCProcess.packageRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    @Test func theSpecsPassAndAMissingBinarySaysWhatToBuild() throws {
        guard let python = try Self.python() else { return }
        let specs = try FileManager.default.contentsOfDirectory(atPath: NNCProcess.packageRoot.appendingPathComponent("specs").path)
            .filter { $0.hasSuffix(".yaml") }.sorted().map { "specs/" + $0 }
        let ok = try Self.run(python, [Self.script, "--nnc", NNCProcess.binary.path] + specs)
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stdout.split(separator: "\n").count == specs.count && !ok.stdout.contains("rejected"))

        let rejected = try Self.run(python, [Self.script, "--nnc", NNCProcess.binary.path, "--invalid", "specs/invalid/E0102-unknown-key.yaml"])
        #expect(rejected.status == 0 && rejected.stdout.contains("rejected at network/layers/0"))

        let missing = try Self.run(python, [Self.script, "--nnc", "/nonexistent/nnc", "specs/gluon-closure.yaml"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("swift build -c release --product nnc") && !missing.stderr.contains("Traceback"), "\(missing.stderr)")
    }

    /// docs/ci.md: nnc and a YAML 1.2 loader read `name: no` as a string and
    /// `dense: 1e1` as a number; `yaml.safe_load` (YAML 1.1) reads a boolean
    /// and a string, so validating its result rejects a spec nnc accepts.
    @Test func yaml11LoadersReadSomeScalarsDifferently() throws {
        guard let python = try Self.python() else { return }
        let dir = try NNCProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = try String(contentsOf: NNCProcess.packageRoot.appendingPathComponent("specs/gluon-closure.yaml"), encoding: .utf8)
        let spec = base.replacingOccurrences(of: "name: gluon-closure ", with: "name: no ")
            .replacingOccurrences(of: "    - dense: 25\n", with: "    - dense: 1e1\n")
        let path = dir.appendingPathComponent("yaml11.yaml").path
        try spec.write(toFile: path, atomically: true, encoding: .utf8)

        #expect(try NNCProcess.run(["build", "--no-write", path]).status == 0)
        let core = try Self.run(python, [Self.script, "--nnc", NNCProcess.binary.path, path])
        #expect(core.status == 0 && core.stdout.hasSuffix("accepted\n"), "\(core.stdout)")

        let safeLoad = try Self.run(python, ["-c", """
            import json, subprocess, sys, yaml, jsonschema
            schema = json.loads(subprocess.run([sys.argv[1], "schema"], capture_output=True, text=True, check=True).stdout)
            spec = yaml.safe_load(open(sys.argv[2]))
            print(repr(spec["name"]), repr(spec["network"]["layers"][0]["dense"]))
            print(sorted(e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(spec)))
            """, NNCProcess.binary.path, path])
        let lines = safeLoad.stdout.split(separator: "\n")
        #expect(lines.first == "False '1e1'", "\(safeLoad.stdout)\(safeLoad.stderr)")
        #expect(lines.count == 2 && lines[1].contains("False is not of type 'string'") && lines[1].contains("'1e1' is not of type 'integer'"))
    }
}
