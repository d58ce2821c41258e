import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The physics costs from the command line: `nnc train` on an observables
/// fit writes the closure statistics and checks `expect:`, `nnc predict
/// --observables` computes the observables, and `nnc test` trains every spec
/// with `expect:` and reports in the lint formats and JUnit XML.
@Suite struct PhysicsCommandTests {
    static let data = NNCProcess.packageRoot.appendingPathComponent("Tests/NNCTrainTests/PhysicsStep")

    /// A folder with the small observable fit of Tests/NNCTrainTests/PhysicsStep
    /// (its data files copied), trained with a few replicas and an `expect:` block.
    static func physicsFolder(expect: String, extra: String = "") throws -> URL {
        let dir = try NNCProcess.temporaryDirectory()
        for name in ["grid.csv", "fk-a.csv", "fk-b.csv", "cov-a.csv", "cov-b.csv", "data-a.csv", "data-b.csv"] {
            try FileManager.default.copyItem(at: data.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        var spec = try String(contentsOf: data.appendingPathComponent("spec.yaml"), encoding: .utf8)
        spec = spec.replacingOccurrences(of: "{sgd: {learning_rate: 0.05}}", with: "{adam: {learning_rate: 1.0e-2}}")
            .replacingOccurrences(of: "epochs: 1\n", with: "epochs: 60\n  replicas: 3\n  seed: 4\n")
            .replacingOccurrences(
                of: "values: {csv: data-b.csv, column: value}",
                with: "values: {truth: \"2 * x * (1 - x)\", level: 1, seed: 9}")
            .replacingOccurrences(of: "training:\n", with: "  validation: {fraction: 0.4, seed: 2}\ntraining:\n")
        spec += extra + "expect:\n" + expect
        try spec.write(to: dir.appendingPathComponent("fit.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    @Test func trainWritesClosureAndChecksExpect() throws {
        let dir = try Self.physicsFolder(expect: "  final_train_loss: {below: 1.0e6}\n  closure: {xi_1sigma: {between: [0, 1]}}\n")
        var r = try NNCProcess.run(["train", "fit.yaml", "--out", "run", "--quiet"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: dir.appendingPathComponent("run/summary.json"))) as? [String: Any])
        let closure = try #require(summary["closure"] as? [String: Any], "summary.json has no closure object")
        for key in ["bias", "variance", "bias_variance_ratio", "xi_1sigma", "chi2_to_truth"] {
            #expect(closure[key] is Double, "closure.\(key)")
        }
        #expect(closure["points"] as? Int == 2)  // set B's two points come from a truth
        let replicas = try #require(summary["replicas"] as? [[String: Any]])
        #expect(replicas.count == 3)
        #expect((replicas.first?["constraints"] as? [String: Double])?.keys.sorted() == ["positivity_1", "sum_rule_0"])
        let metrics = try String(contentsOf: dir.appendingPathComponent("run/replica_000/metrics.csv"), encoding: .utf8)
        #expect(metrics.hasPrefix("epoch,train_loss,val_loss,learning_rate,seconds,sum_rule_0,positivity_1\n"))
        let observables = try String(contentsOf: dir.appendingPathComponent("run/replica_000/observables.csv"), encoding: .utf8)
        #expect(observables.split(separator: "\n").count == 1 + 3 + 2)

        // The observables from the run's weights, with their spread over the replicas.
        r = try NNCProcess.run(["predict", "fit.yaml", "--weights", "run", "--observables", "--output", "-"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first == "set,point,data,sigma,theory,theory_std,truth")
        #expect(lines.count == 1 + 5)
        #expect(lines.dropFirst().allSatisfy { line in
            line.split(separator: ",", omittingEmptySubsequences: false).dropFirst(2).prefix(4).allSatisfy { Double($0)?.isFinite == true }
        })
        // A bound the run cannot meet: E0721 at the expect line, exit 1.
        let strict = try Self.physicsFolder(expect: "  final_train_loss: {below: 1.0e-12}\n")
        r = try NNCProcess.run(["train", "fit.yaml", "--out", "run", "--quiet"], in: strict)
        #expect(r.status == 1)
        #expect(r.stderr.contains("error[E0721]: final_train_loss is"))
        #expect(r.stderr.contains("fit.yaml:\(Self.lineOf("below: 1.0e-12", in: strict)):"))
    }

    static func lineOf(_ text: String, in dir: URL) -> Int {
        let spec = (try? String(contentsOf: dir.appendingPathComponent("fit.yaml"), encoding: .utf8)) ?? ""
        return (spec.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(text) } ?? -1) + 1
    }

    @Test func testCommandTrainsSpecsWithExpectAndWritesJUnit() throws {
        let dir = try Self.physicsFolder(expect: "  final_train_loss: {below: 1.0e6}\n")
        // A plain spec whose bound fails, and one without expect:.
        let plain = """
            nnc: 1
            name: plain
            inputs: [x]
            outputs: [y]
            network:
              layers:
                - {dense: 4, activation: tanh}
                - {dense: 1}
            data:
              generate: {truth: "x^2", x: {linspace: [-1, 1], points: 16}}
            training:
              loss: mse
              optimizer: adam
              epochs: 3

            """
        try (plain + "expect:\n  final_train_loss: {below: 1.0e-12}\n")
            .write(to: dir.appendingPathComponent("fails.yaml"), atomically: true, encoding: .utf8)
        try plain.replacingOccurrences(of: "name: plain", with: "name: none")
            .write(to: dir.appendingPathComponent("none.yaml"), atomically: true, encoding: .utf8)
        let r = try NNCProcess.run(["test", ".", "--junit", "junit.xml", "--format", "gcc", "--quiet"], in: dir)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout.contains("fails.yaml:16:") && r.stdout.contains("error: final_train_loss is"))
        #expect(r.stdout.contains("2 specs with expect: trained, 1 failed, 1 without expect: skipped"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("runs/test/physics-step/summary.json").path))

        let xml = try Data(contentsOf: dir.appendingPathComponent("junit.xml"))
        let document = try XMLDocument(data: xml)
        let cases = try document.nodes(forXPath: "//testcase")
        #expect(cases.count == 3)
        #expect(try document.nodes(forXPath: "//testcase/failure").count == 1)
        #expect(try document.nodes(forXPath: "//testcase/skipped").count == 1)
        let suite = try #require(try document.nodes(forXPath: "//testsuite").first as? XMLElement)
        #expect(suite.attribute(forName: "failures")?.stringValue == "1")
    }
}
