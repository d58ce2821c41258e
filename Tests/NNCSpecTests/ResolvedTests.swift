import Foundation
import NNCDiagnostics
@testable import NNCSpec
import Testing

struct ResolvedTests {
    static let specs = ["gluon-closure.yaml", "classifier.yaml", "gluon-include.yaml", "gluon-derived.yaml",
                        "spectrum-chi2.yaml", "two-outputs-huber.yaml"]

    @Test(arguments: specs)
    func resolvedYAMLDecodesToAnEqualSpec(name: String) throws {
        let path = repoRoot.appendingPathComponent("specs/" + name).path
        let (spec, diags) = SpecLoader.load(path: path, sources: SourceManager())
        let original = try #require(spec, "\(diags)")
        let yaml = original.resolvedYAML()
        // Decoded from the same folder, so data paths resolve the same way.
        let again = decode(yaml, path: repoRoot.appendingPathComponent("specs/resolved-" + name).path)
        let back = try #require(again.spec, "\(again.rendered())\n\(yaml)")
        #expect(semanticallyEqual(original, back) == nil, "\(semanticallyEqual(original, back) ?? "")\n\(yaml)")
        // A fixed point: resolving again gives the same text.
        #expect(back.resolvedYAML() == yaml)
    }

    @Test func resolvedYAMLFillsDefaults() throws {
        let d = decode(minimal)
        let yaml = try #require(d.spec).resolvedYAML()
        #expect(yaml.contains("    - dense: 8\n      activation: tanh\n      init: glorot_uniform\n      bias: true\n      dropout: 0\n      l2: 0\n      name: \"dense_0\"\n"))
        #expect(yaml.contains("  optimizer: {adam: {learning_rate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-08}}\n"))
        #expect(yaml.contains("  batch_size: full\n  epochs: 100\n  keep: best\n  seed: 0\n  replicas: 1\n"))
    }

    @Test func countsStayCountsWithTheirNamesInAComment() throws {
        let text = minimalWith("inputs: [x]", "inputs: 2").replacingOccurrences(of: "x: {", with: "x0: {")
            .replacingOccurrences(of: "sin(x)", with: "x0 * x1").replacingOccurrences(of: "points: 50}", with: "points: 50}\n    x1: {linspace: [0, 1], points: 3}")
        let spec = try #require(decode(text).spec)
        let yaml = spec.resolvedYAML()
        #expect(yaml.contains("inputs: 2  # x0, x1\n"))
        let back = try #require(decode(yaml).spec)
        #expect(semanticallyEqual(spec, back) == nil)
    }

    @Test func jsonObjectHasTheSameTree() throws {
        let path = repoRoot.appendingPathComponent("specs/gluon-derived.yaml").path
        let spec = try #require(SpecLoader.load(path: path, sources: SourceManager()).spec)
        let json = spec.resolvedJSONObject()
        #expect(JSONSerialization.isValidJSONObject(json))
        #expect(json["inputs"] as? [String] == ["x", "log(x)"])
        #expect(json["raw_inputs"] as? [String] == ["x"])
        let training = try #require(json["training"] as? [String: Any])
        #expect(training["replicas"] as? Int == 4)
        #expect(training["loss"] as? String == "chi2")
        let layers = try #require((json["network"] as? [String: Any])?["layers"] as? [[String: Any]])
        #expect(layers.map { $0["name"] as? String } == ["dense_0", "dense_1", "dense_2"])
    }
}
