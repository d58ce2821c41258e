import Foundation
import Testing

/// `nnc build` end to end on the canonical specs, run as a subprocess.
@Suite struct BuildCommandTests {
    static let gluon = NNCProcess.packageRoot.appendingPathComponent("specs/gluon-closure.yaml").path
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let regenerate = ProcessInfo.processInfo.environment["NNC_REGENERATE_GOLDEN"] == "1"

    /// Compares with a snapshot in Tests/CLITests/Golden/ (NNC_REGENERATE_GOLDEN=1 rewrites it).
    func snapshot(_ text: String, _ name: String) throws {
        let url = Self.golden.appendingPathComponent(name)
        if Self.regenerate {
            try FileManager.default.createDirectory(at: Self.golden, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(text == expected, "output differs from \(name)")
    }

    @Test func tableSnapshotAndPlanFile() throws {
        let dir = try NNCProcess.temporaryDirectory()
        let r = try NNCProcess.run(["build", Self.gluon], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty)
        #expect(r.stdout.contains("parameters      591"))
        try snapshot(r.stdout, "build-gluon-closure.txt")
        let planFile = dir.appendingPathComponent(".nnc/gluon-closure.plan.json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: planFile)) as? [String: Any])
        #expect(object["plan"] is [String: Any])
        let resolved = try #require(object["spec"] as? [String: Any], "the resolved spec should be in the plan file")
        #expect(resolved["name"] as? String == "gluon-closure")
        #expect((resolved["training"] as? [String: Any])?["batch_size"] != nil)
        let sources = try #require(object["sources"] as? [[String: Any]])
        #expect((sources.first?["sha256"] as? String)?.count == 64)
    }

    @Test func jsonParsesAndHasTheKeys() throws {
        let r = try NNCProcess.run(["build", Self.gluon, "--json", "--no-write"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        for key in ["parameters", "arena_bytes", "flops_per_step", "layers"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect(object["parameters"] as? Int == 591)
        #expect((object["layers"] as? [Any])?.count == 3)
    }

    @Test func sameSpecTwiceWritesIdenticalPlanFiles() throws {
        let a = try NNCProcess.temporaryDirectory()
        let b = try NNCProcess.temporaryDirectory()
        #expect(try NNCProcess.run(["build", Self.gluon], in: a).status == 0)
        #expect(try NNCProcess.run(["build", Self.gluon], in: b).status == 0)
        let fa = try Data(contentsOf: a.appendingPathComponent(".nnc/gluon-closure.plan.json"))
        let fb = try Data(contentsOf: b.appendingPathComponent(".nnc/gluon-closure.plan.json"))
        #expect(fa == fb)
    }

    @Test func dumps() throws {
        let ir = try NNCProcess.run(["build", Self.gluon, "--dump", "ir", "--no-write"])
        #expect(ir.status == 0, "\(ir.stderr)")
        #expect(ir.stdout.contains("graph (forward, unfused"))
        #expect(ir.stdout.contains("dense_1.dropout_mask"))
        let plan = try NNCProcess.run(["build", Self.gluon, "--dump", "plan", "--no-write"])
        #expect(plan.status == 0)
        #expect(plan.stdout.contains("optimizer           adam over 591 parameters"))
        #expect(plan.stdout.contains("(no input gradient)"))
        try snapshot(plan.stdout, "build-gluon-closure-plan.txt")
    }

    @Test func invalidSpecExitsOne() throws {
        let dir = try NNCProcess.temporaryDirectory()
        let spec = dir.appendingPathComponent("bad.yaml")
        try Data("""
            nnc: 1
            name: bad
            inputs: [x]
            outputs: [y]
            network:
              layers:
                - dense: 1
                  activation: tanhh
            data:
              generate:
                truth: "x"
                x: {linspace: [0, 1], points: 10}
            training:
              loss: mse
              optimizer: adam

            """.utf8).write(to: spec)
        let r = try NNCProcess.run(["build", "bad.yaml"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("bad.yaml:8:"))
        #expect(r.stderr.contains("tanhh"))
        #expect(r.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent(".nnc").path))
    }

    @Test func overBudgetExitsOneWithTheSize() throws {
        let r = try NNCProcess.run(["build", Self.gluon, "--max-memory", "10KB", "--no-write"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("error[E0601]: the plan needs 80.8 KiB of memory but the budget is 9.8 KiB"))
    }

    @Test func batchSizeOverride() throws {
        let r = try NNCProcess.run(["build", Self.gluon, "--batch-size", "32", "--json", "--no-write"])
        #expect(r.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["batch_size"] as? Int == 32)
    }

    @Test func unwritablePlanFolderIsAnIOError() throws {
        let dir = try NNCProcess.temporaryDirectory()
        // A file where the .nnc folder should be.
        try Data().write(to: dir.appendingPathComponent(".nnc"))
        let r = try NNCProcess.run(["build", Self.gluon], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("cannot write the plan file"))
    }
}
