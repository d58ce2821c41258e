import Foundation
import NNCDiagnostics
@testable import NNCSpec
import Testing

/// The decoder's recovery: after an error it keeps a stand-in and names the
/// part that holds it, and it hands out a spec only when there was no error.
struct PoisonTests {
    /// `minimal` with an edit, decoded with recovery.
    static func recover(_ old: String, _ new: String) -> SpecLoader.Result {
        SpecLoader.decodeRecovering(text: minimalWith(old, new), path: "spec.yaml", sources: SourceManager())
    }

    static let cases: [(old: String, new: String, poisoned: [String])] = [
        ("activation: tanh", "activation: tanhh", ["network.layers.0.activation"]),
        ("activation: tanh", "activation: tanh\n      dropot: 0.1", ["network.layers.0.dropout"]),
        ("- dense: 8", "- dense: eight", ["network.layers.0.dense"]),
        ("    - dense: 1\n", "    - 1\n", ["network.layers.1"]),
        ("layers:\n    - dense: 8\n      activation: tanh\n    - dense: 1", "layers: []", ["network.layers"]),
        ("outputs: [y]", "ouputs: [y]", ["outputs"]),
        ("inputs: [x]", "inputs: [x, 2x]", ["inputs"]),
        ("truth: \"sin(x)\"", "truth: \"sin(x\"", ["data.generate.truth"]),
        ("{linspace: [0, 1], points: 50}", "{linspac: [0, 1], points: 50}", ["data.generate.sampling"]),
        ("  generate:", "  generat:", ["data.generate", "data.train"]),
        ("loss: mse", "loss: mes", ["training.loss"]),
        ("loss: mse", "los: mse", ["training.loss"]),
        ("optimizer: adam", "optimizer: adamm", ["training.optimizer"]),
        ("epochs: 100", "epochs: many", ["training.epochs"]),
        ("epochs: 100", "epochs: 100\n  learning_rate: 0.1", ["training.optimizer"]),
        ("name: fit", "name: 'a/b'", ["name"]),
        ("training:\n", "training: 3\nunused:\n", ["training"]),
    ]

    @Test func eachFailureIsPoisonedWhereItIs() throws {
        for c in Self.cases {
            let loaded = Self.recover(c.old, c.new)
            #expect(loaded.hasErrors, "\(c.new) decoded without error")
            #expect(loaded.spec == nil, "\(c.new): a spec with errors was handed out")
            let recovered = try #require(loaded.recovered, "\(c.new): nothing recovered")
            #expect(Set(recovered.poison.paths).isSuperset(of: c.poisoned),
                    "\(c.new): poisoned \(recovered.poison), expected \(c.poisoned)")
            #expect(!recovered.poison.everything)
        }
    }

    @Test func aLayerThatFailsKeepsItsPlace() throws {
        let loaded = Self.recover("    - dense: 8\n      activation: tanh\n", "    - 8\n")
        let spec = try #require(loaded.recovered?.spec)
        #expect(spec.network.layers.count == 2)
        // The stand-in's name cannot be written, so it clashes with no real name;
        // the layer after it keeps its default name by position.
        #expect(!SpecDecoder.isLayerName(spec.network.layers[0].name.value))
        #expect(spec.network.layers[1].name.value == "dense_1")
    }

    @Test func aCleanSpecHasNoPoison() throws {
        let loaded = SpecLoader.decodeRecovering(text: minimal, path: "spec.yaml", sources: SourceManager())
        #expect(!loaded.hasErrors)
        #expect(loaded.recovered?.poison.isEmpty == true)
        #expect(loaded.recovered?.spec == loaded.spec)
    }

    @Test func aDuplicateKeyPoisonsWhereItIs() throws {
        let inLayer = Self.recover("activation: tanh", "activation: tanh\n      activation: relu")
        #expect(try #require(inLayer.recovered).poison.paths == ["network.layers.0"])
        // At the top level there is no section to pin it on.
        let top = Self.recover("name: fit", "name: fit\nname: fat")
        #expect(try #require(top.recovered).poison.everything)
    }

    @Test func containsSeesSectionsAndWildcards() {
        var p = SpecPoison()
        p.insert("training", span: .wholeFile("s"))
        p.insert("network.layers.*.dropout", span: .wholeFile("s"))
        #expect(p.contains("training.loss"))
        #expect(p.contains("network.layers.3.dropout"))
        #expect(!p.contains("network.layers.3.l2"))
        #expect(!p.contains("data"))
    }

    /// Every key that can be reported as misplaced says which part it leaves without a value.
    @Test func everyMisplacedKeyPoisonsAPart() {
        #expect(Set(SpecDecoder.misplacedKeys.keys) == Set(SpecDecoder.misplacedPaths.keys))
    }
}
