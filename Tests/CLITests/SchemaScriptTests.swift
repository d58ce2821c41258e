import Foundation
import Testing

/// `Tests/check_schema.py` (the schema cross-check with Python's `jsonschema`)
/// run as documented in docs/ci.md and docs/lint.md, and what a YAML 1.1
/// loader (`yaml.safe_load`) reads differently from nnc.
struct SchemaScriptTests {
    static let root = NNCProcess.packageRoot.path
    static let script = root + "/Tests/check_schema.py"

    /// A Python with jsonschema and PyYAML (`Tests/run` sets NNC_SCHEMA_PYTHON).
    static func python() -> String? {
        Tools.find(
            "NNC_SCHEMA_PYTHON", fallback: [root + "/.venv-test/bin/python", "/usr/bin/python3", "/usr/local/bin/python3"],
            what: "a Python with jsonschema and pyyaml", install: "pip install jsonschema pyyaml in .venv-test",
            accepts: { (try? Tools.run($0, ["-c", "import jsonschema, yaml"]).status) == 0 })
    }

    @Test func theSpecsPassAndAMissingBinarySaysWhatToBuild() throws {
        guard let python = Self.python() else { return }
        let specs = try FileManager.default.contentsOfDirectory(atPath: Self.root + "/specs")
            .filter { $0.hasSuffix(".yaml") }.sorted().map { Self.root + "/specs/" + $0 }
        let ok = try Tools.run(python, [Self.script, "--nnc", NNCProcess.binary.path] + specs)
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stdout.split(separator: "\n").count == specs.count && !ok.stdout.contains("rejected"))

        let rejected = try Tools.run(python, [Self.script, "--nnc", NNCProcess.binary.path, "--invalid",
                                              Self.root + "/specs/invalid/E0102-unknown-key.yaml"])
        #expect(rejected.status == 0 && rejected.stdout.contains("rejected at network/layers/0"))

        let missing = try Tools.run(python, [Self.script, "--nnc", "/nonexistent/nnc", Self.root + "/specs/gluon-closure.yaml"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("swift build -c release --product nnc") && !missing.stderr.contains("Traceback"), "\(missing.stderr)")
    }

    /// docs/ci.md: nnc and a YAML 1.2 loader read `name: no` as a string and
    /// `dense: 1e1` as a number; `yaml.safe_load` (YAML 1.1) reads a boolean
    /// and a string, so validating its result rejects a spec nnc accepts.
    @Test func yaml11LoadersReadSomeScalarsDifferently() throws {
        guard let python = Self.python() else { return }
        let dir = try NNCProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = try String(contentsOfFile: Self.root + "/specs/gluon-closure.yaml", encoding: .utf8)
        let spec = base.replacingOccurrences(of: "name: gluon-closure ", with: "name: no ")
            .replacingOccurrences(of: "    - dense: 25\n", with: "    - dense: 1e1\n")
        let path = dir.appendingPathComponent("yaml11.yaml").path
        try spec.write(toFile: path, atomically: true, encoding: .utf8)

        #expect(try NNCProcess.run(["build", "--no-write", path]).status == 0)
        let core = try Tools.run(python, [Self.script, "--nnc", NNCProcess.binary.path, path])
        #expect(core.status == 0 && core.stdout.hasSuffix("accepted\n"), "\(core.stdout)")

        let safeLoad = try Tools.run(python, ["-c", """
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
