import Foundation
import NNCDiagnostics
import NNCSyntax
import Testing

@testable import NNCLint

/// `nnc schema` knows the physics keys (issue 9): it accepts the physics specs
/// and rejects the mistakes a schema can see.
struct SpecSchemaPhysicsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func acceptsThePhysicsSpecs() throws {
        let dir = Self.root.appendingPathComponent("specs/physics").path
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".yaml") }
        #expect(!names.isEmpty)
        for name in names {
            let text = try String(contentsOfFile: dir + "/" + name, encoding: .utf8)
            #expect(SpecSchemaTests.errors(text).isEmpty, "\(name): \(SpecSchemaTests.errors(text))")
        }
    }

    static let base = """
        nnc: 1
        name: t
        inputs: [x]
        outputs: [f]
        network:
          layers: [{dense: 4}]
          preprocessing: {input: x, small_x: [0, 0.5], large_x: [2, 5]}
        data:
          observables:
            - {name: A, grid: g.csv, fktable: k.npy, values: {truth: "x", level: 0, seed: 1}, uncertainty: {csv: d.csv, column: e}}
        training:
          loss: chi2
          optimizer: adam
          epochs: 10
          constraints:
            - sum_rule: {integrand: {f: "x"}, over: {x: {linspace: [0.1, 0.9], points: 10}}, equals: 1}
            - positivity: {of: {f: 1}, at: {x: {logspace: [1.0e-3, 0.9], points: 5}}, multiplier: {every: 10}}
        expect:
          final_train_loss: {below: 1}
          closure: {bias: {above: 0}}
          constraints: {sum_rule_0: {between: [0.9, 1.1]}}
        """

    @Test func acceptsEveryPhysicsForm() {
        #expect(SpecSchemaTests.errors(Self.base).isEmpty, "\(SpecSchemaTests.errors(Self.base))")
    }

    @Test(arguments: [
        ("small_x: [0, 0.5]", "small_x: 0.5", "$.network.preprocessing.small_x"),
        ("{input: x,", "{inputs: x,", "$.network.preprocessing"),
        ("fktable: k.npy", "fk: k.npy", "$.data.observables[0]"),
        ("uncertainty: {csv: d.csv, column: e}", "uncertainty: {csv: d.csv, column: e}, covariance: c.csv", "$.data.observables[0]"),
        ("level: 0", "level: 2", "$.data.observables[0].values"),
        ("equals: 1}", "equals: 1, weight: -1}", "$.training.constraints[0].sum_rule.weight"),
        ("- sum_rule:", "- sum_rules:", "$.training.constraints[0]"),
        ("multiplier: {every: 10}", "multiplier: {every: 0}", "$.training.constraints[1].positivity.multiplier.every"),
        ("closure: {bias: {above: 0}}", "closure: {bias_ratio: {above: 0}}", "$.expect.closure.bias_ratio"),
        ("final_train_loss: {below: 1}", "final_train_loss: {below: 1, above: 0}", "$.expect.final_train_loss"),
        ("  observables:\n", "  train: {csv: t.csv}\n  generate: {truth: x}\n  observables:\n", "$.data"),
    ])
    func rejects(old: String, new: String, path: String) {
        let errors = SpecSchemaTests.errors(Self.base.replacingOccurrences(of: old, with: new))
        #expect(errors.contains { $0.hasPrefix(path) }, "\(errors)")
    }
}
