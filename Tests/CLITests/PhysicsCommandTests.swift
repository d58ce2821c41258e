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
        #expect(lines.first == "set,point,validation,data,sigma,theory,theory_std,truth")
        #expect(lines.count == 1 + 5)
        #expect(lines.dropFirst().allSatisfy { line in
            line.split(separator: ",", omittingEmptySubsequences: false).dropFirst(3).prefix(4).allSatisfy { Double($0)?.isFinite == true }
        })
        // A bound the run cannot meet: E0721 at the expect line, exit 1.
        let strict = try Self.physicsFolder(expect: "  final_train_loss: {below: 1.0e-12}\n")
        r = try NNCProcess.run(["train", "fit.yaml", "--out", "run", "--quiet"], in: strict)
        #expect(r.status == 1)
        #expect(r.stderr.contains("error[E0721]: final_train_loss is"))
        #expect(r.stderr.contains("fit.yaml:\(Self.lineOf("below: 1.0e-12", in: strict)):"))
    }

    /// `nnc report` on an observables run: each output along its input with
    /// the truth, each data set against its theory, and χ²/N per set equal to
    /// one computed here from `nnc predict --observables` and the covariance file.
    @Test func reportDrawsTheObservablesFit() throws {
        let dir = try Self.physicsFolder(expect: "  final_train_loss: {below: 1.0e6}\n")
        var r = try NNCProcess.run(["train", "fit.yaml", "--out", "run", "--quiet"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        r = try NNCProcess.run(["report", "run"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        func read(_ path: String) throws -> String {
            try String(contentsOf: dir.appendingPathComponent(path), encoding: .utf8)
        }
        let distribution = try read("run/figures/distribution-f.svg")
        for series in ["68% of replicas", "replica mean", "truth", "mean / truth"] {
            #expect(distribution.contains("data-series=\"\(series)\""), "distribution-f.svg has no '\(series)'")
        }
        let b = try read("run/figures/observable-b.svg")
        for series in ["theory ± 1σ of replicas", "truth", "training data", "pull of training data"] {
            #expect(b.contains("data-series=\"\(series)\""), "observable-b.svg has no '\(series)'")
        }
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("run/figures/observable-a.svg").path))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("run/figures/fit-f.svg").path))
        let page = try read("run/report.html")
        #expect(page.contains("<section id=\"observables\">"))
        #expect(page.contains("<td>sum_rule_0</td>") && page.contains("<td>positivity_1</td>"))
        #expect(page.contains("<th>ξ₁σ</th>"))

        // χ²/N of set A's training points: the replicas' mean against the data, C⁻¹ of the training block.
        r = try NNCProcess.run(["predict", "fit.yaml", "--weights", "run", "--observables", "--output", "-"], in: dir)
        let rows = r.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            .filter { $0[0] == "A" }
        let c = try read("cov-a.csv").split(separator: "\n").map { $0.split(separator: ",").map { Double($0)! } }
        let training = rows.filter { $0[2] == "0" }.map { Int($0[1])! }
        let residual = training.map { i in Double(rows[i][3])! - Double(rows[i][5])! }
        let inverse = Self.inverse(training.map { i in training.map { j in c[i][j] } })
        var chi2 = 0.0
        for a in residual.indices { for b in residual.indices { chi2 += residual[a] * inverse[a][b] * residual[b] } }
        chi2 /= Double(training.count)
        let row = "<tr><td>A</td><td>\(training.count) / \(rows.count - training.count)</td><td>\(String(format: "%.3f", chi2))</td>"
        #expect(page.contains(row), "no row \(row)")
    }

    /// The inverse of a small symmetric positive-definite matrix (Gauss–Jordan).
    static func inverse(_ m: [[Double]]) -> [[Double]] {
        let n = m.count
        var a = m.enumerated().map { i, row in row + (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        for col in 0..<n {
            let p = a[col][col]
            a[col] = a[col].map { $0 / p }
            for r in 0..<n where r != col {
                let f = a[r][col]
                a[r] = zip(a[r], a[col]).map { $0 - f * $1 }
            }
        }
        return a.map { Array($0[n...]) }
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
