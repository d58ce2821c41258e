import Foundation
@testable import NNCCheck
import NNCDiagnostics
import NNCSpec
import Testing

/// Error recovery: a decoding error no longer hides independent errors
/// elsewhere, and never brings a second report of the same mistake.
struct RecoveryTests {
    /// A spec with a list of edits applied and the codes it must report, in output order.
    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var example: RuleExample
        var codes: [String]

        var description: String { name }
    }

    static func code<R: Rule>(_ rule: R.Type) -> String { rule.code.rawValue }

    /// Two mistakes that have nothing to do with each other: both are reported.
    static let independent: [Case] = [
        Case(name: "unknown activation + negative learning rate",
             example: .gluon([("activation: tanh", "activation: tanhh"), ("learning_rate: 1.0e-3", "learning_rate: -1")]),
             codes: ["E0201", code(LearningRateRule.self)]),
        Case(name: "expression syntax error + stopping without validation",
             example: .gluon([("(1 - x)^5", "(1 - x^5"), ("  validation: {fraction: 0.25, seed: 1} # or {csv: data/val.csv}\n", "")]),
             codes: ["E0501", code(StoppingValidationRule.self)]),
        Case(name: "unknown key in a layer + zero learning rate",
             example: .gluon([("dropout: 0.1", "dropot: 0.1"), ("learning_rate: 1.0e-3", "learning_rate: 0")]),
             codes: ["E0102", code(LearningRateRule.self)]),
        Case(name: "misspelt top-level key + zero epochs",
             example: .gluon([("name: gluon-closure", "nme: gluon-closure"), ("epochs: 20000", "epochs: 0")]),
             codes: ["E0102", code(EpochsRule.self)]),
        Case(name: "missing CSV column + zero batch size",
             example: .classifier([("outputs: [p, q, r]", "outputs: [p, q, s]"), ("batch_size: 4", "batch_size: 0")]),
             codes: ["E0506", code(BatchSizeRule.self)]),
        Case(name: "a layer that is not a mapping + dropout out of range in another",
             example: .gluon([("- dense: 25\n      activation: tanh", "- 25"), ("dropout: 0.1", "dropout: 1.5")]),
             codes: ["E0103", code(DropoutRule.self)]),
        Case(name: "unknown sampling + negative noise",
             example: .gluon([("{logspace: [1.0e-3, 1.0], points: 200}", "{logspac: [1.0e-3, 1.0], points: 200}"),
                              ("noise: {relative: 0.05}", "noise: {relative: -0.05}")]),
             codes: ["E0205", code(NoiseRule.self)]),
        Case(name: "unknown optimizer + output width mismatch",
             example: .gluon([("{adam: {learning_rate: 1.0e-3}}", "{adamm: {learning_rate: 1.0e-3}}"), ("- dense: 1", "- dense: 2")]),
             codes: [code(OutputWidthRule.self), "E0204"]),
        Case(name: "duplicate key in a layer + negative learning rate",
             example: .gluon([("dropout: 0.1", "dropout: 0.1\n      dropout: 0.2"), ("learning_rate: 1.0e-3", "learning_rate: -1")]),
             codes: ["E0006", code(LearningRateRule.self)]),
        Case(name: "bad name of one layer + bad dropout of another",
             example: .gluon([("name: out", "name: o.ut"), ("dropout: 0.1", "dropout: -1")]),
             codes: [code(DropoutRule.self), "E0109"]),
    ]

    /// One mistake that other checks would see again through its stand-in: reported once.
    static let dependent: [Case] = [
        Case(name: "misspelt outputs does not also mismatch the last layer",
             example: .gluon([("outputs: [xg]", "ouputs: [xg]"), ("- dense: 1", "- dense: 2")]),
             codes: ["E0102"]),
        Case(name: "a width that is not a number does not also mismatch the outputs",
             example: .gluon("- dense: 1", "- dense: one"),
             codes: ["E0103"]),
        Case(name: "a width of 0 does not also mismatch the outputs",
             example: .gluon("- dense: 1", "- dense: 0"),
             codes: [code(LayerWidthRule.self)]),
        Case(name: "a width split by a comma is not read as its first digits",
             example: .classifier("{dense: 8, activation: relu, init: he_normal}", "{dense: 0,8, activation: relu, init: he_normal}"),
             codes: ["E0103"]),
        Case(name: "an unknown loss does not also break the softmax pairing",
             example: .classifier("loss: categorical_crossentropy", "loss: categorical_crossentrop"),
             codes: ["E0203"]),
        Case(name: "an unknown output activation does not also break the loss pairing",
             example: .classifier("{dense: 3, activation: softmax}", "{dense: 3, activation: sofmax}"),
             codes: ["E0201"]),
        Case(name: "an output layer that is not a layer does not also mismatch the outputs",
             example: .gluon("- dense: 1\n      activation: linear\n      name: out", "- 1"),
             codes: ["E0103"]),
        Case(name: "a misspelt validation does not also leave stopping without one",
             example: .gluon("validation: {fraction", "validaton: {fraction"),
             codes: ["E0102"]),
        Case(name: "a sampling that fails does not also leave its input unsampled",
             example: .gluon("{logspace: [1.0e-3, 1.0], points: 200}", "{logspace: [1.0e-3, 1.0], point: 200}"),
             codes: ["E0205"]),
        Case(name: "no data source does not also make the batch too large",
             example: .gluon([("  generate:", "  generat:"), ("batch_size: full", "batch_size: 500")]),
             codes: ["E0102"]),
        Case(name: "a truth for another output count and a last layer of another width are two mistakes",
             example: .gluon("outputs: [xg]", "outputs: [xg, xv]"),
             codes: ["E0401", "E0508"]),
        Case(name: "a validation set misplaced under training does not also leave stopping without one",
             example: .gluon([("  validation: {fraction: 0.25, seed: 1} # or {csv: data/val.csv}\n", ""),
                              ("  seed: 42\n", "  seed: 42\n  validation: {fraction: 0.25}\n")]),
             codes: ["E0102"]),
        Case(name: "a missing include leaves no layers to check, and the rest is still checked",
             example: RuleExample(spec: withoutNetwork(BaseSpecs.gluon.replacingFirst("learning_rate: 1.0e-3", with: "learning_rate: -1"),
                                                 "include: nowhere.yaml\n")),
             codes: ["E0106", code(LearningRateRule.self)]),
    ]

    /// `text` with its `network:` section replaced by `replacement`.
    static func withoutNetwork(_ text: String, _ replacement: String) -> String {
        guard let start = text.range(of: "network:\n"), let end = text.range(of: "data:\n") else { return text }
        return text.replacingCharacters(in: start.lowerBound..<end.lowerBound, with: replacement)
    }

    @Test(arguments: independent + dependent)
    func reportsWhatItShould(_ c: Case) {
        let compiled = compile(c.example.spec, files: c.example.files)
        #expect(compiled.codes == c.codes, "\(c.name):\n\(compiled.rendered())")
        #expect(compiled.result.hasErrors)
        if compiled.codes.contains(where: { !$0.hasPrefix("E03") && !$0.hasPrefix("E04") }) {
            #expect(compiled.result.spec == nil, "a spec with decoding errors must not be handed out")
        }
    }

    /// The spec callers build and train stays nil whenever anything failed to
    /// decode; the recovered spec is the checker's alone.
    @Test func recoveredSpecIsSeparateFromTheSpec() throws {
        let sources = SourceManager()
        let text = BaseSpecs.gluon.replacingFirst("activation: tanh", with: "activation: tanhh")
        let loaded = SpecLoader.decodeRecovering(text: text, path: "spec.yaml", sources: sources)
        #expect(loaded.spec == nil)
        #expect(SpecLoader.decode(text: text, path: "spec.yaml", sources: SourceManager()).spec == nil)
        let recovered = try #require(loaded.recovered)
        #expect(recovered.poison.paths == ["network.layers.0.activation"])
        #expect(recovered.spec.network.layers.count == 3)

        let clean = SpecLoader.decodeRecovering(text: BaseSpecs.gluon, path: "spec.yaml", sources: SourceManager())
        #expect(clean.spec != nil)
        #expect(clean.recovered?.poison.isEmpty == true)
        #expect(clean.recovered?.spec == clean.spec)
    }

    @Test func nothingIsRecoveredWithoutATree() {
        let loaded = SpecLoader.decodeRecovering(text: "nnc: 1\nname: [unclosed\n", path: "spec.yaml", sources: SourceManager())
        #expect(loaded.hasErrors)
        #expect(loaded.spec == nil)
        #expect(loaded.recovered == nil)
        let version = SpecLoader.decodeRecovering(text: BaseSpecs.gluon.replacingFirst("nnc: 1", with: "nnc: 2"),
                                                  path: "spec.yaml", sources: SourceManager())
        #expect(version.recovered == nil)
    }

    /// Every part a rule reads, when poisoned, keeps the rule quiet on its own
    /// triggering examples: the reads are what the checker consults.
    static let ruleCodes: [String] = Checker.rules.filter { $0.severity == .error }.map { $0.code.rawValue }

    @Test(arguments: ruleCodes)
    func poisoningWhatARuleReadsSilencesIt(code: String) throws {
        let rule = try #require(Checker.rules.first { $0.code.rawValue == code })
        #expect(!rule.reads.isEmpty)
        for example in rule.triggering {
            let (text, _) = example.unmarked
            let dir = temporaryFolder(example.files.merging(["spec.yaml": text]) { a, _ in a })
            defer { try? FileManager.default.removeItem(at: dir) }
            let loaded = SpecLoader.loadRecovering(path: dir.appendingPathComponent("spec.yaml").path, sources: SourceManager())
            let spec = try #require(loaded.spec)
            #expect(Checker.errors(in: RecoveredSpec(spec: spec, poison: SpecPoison())).contains { $0.code == rule.code })
            for read in rule.reads {
                var poison = SpecPoison()
                poison.insert(read.replacingOccurrences(of: "last", with: "*"), span: spec.span)
                let found = Checker.errors(in: RecoveredSpec(spec: spec, poison: poison))
                #expect(!found.contains { $0.code == rule.code }, "\(code) still fires with '\(read)' poisoned")
            }
        }
    }

    /// Reads name real parts of the spec.
    @Test func readsNameKnownParts() {
        let known = ["name", "inputs", "outputs", "network.init", "network.layers.*.dense", "network.layers.*.activation",
                     "network.layers.*.init", "network.layers.*.bias", "network.layers.*.dropout", "network.layers.*.l2",
                     "network.layers.*.name", "data.generate.truth", "data.generate.sampling", "data.generate.noise",
                     "data.generate.seed", "data.train", "data.validation", "training.loss", "training.optimizer",
                     "training.batch_size", "training.epochs", "training.stopping", "training.seed", "training.replicas",
                     // The physics parts (E10xx): see SpecDecoder+Observables / +Constraints / +Expect.
                     "data.generate", "network.preprocessing", "data.observables", "data.observables.items",
                     "data.observables.list", "training.constraints", "training.constraints.items",
                     "training.constraints.list", "expect", "hyperopt"]
        for rule in Checker.rules {
            for read in rule.reads + rule.judges {
                #expect(known.contains(read.replacingOccurrences(of: ".last.", with: ".*.")), "\(rule.code): unknown part '\(read)'")
            }
        }
    }

    @Test func readsMeetPoisonByPrefixAndLayer() throws {
        let spec = try #require(compile(BaseSpecs.gluon).result.spec)
        func meet(_ read: String, _ poisoned: String) -> PoisonFilter.Meeting {
            PoisonFilter(poison: SpecPoison(), spec: spec).meet(read: read, poisoned: poisoned)
        }
        #expect(meet("training.optimizer", "training.optimizer") == .whole)
        #expect(meet("training.optimizer", "training") == .whole)
        #expect(meet("training", "training.optimizer") == .whole)
        #expect(meet("training.loss", "training.optimizer") == .none)
        #expect(meet("network.layers.*.dropout", "network.layers.1.dropout") == .layer(1))
        #expect(meet("network.layers.*.dropout", "network.layers.1") == .layer(1))
        #expect(meet("network.layers.*.dropout", "network.layers.1.activation") == .none)
        #expect(meet("network.layers.*.dropout", "network.layers") == .whole)
        #expect(meet("network.layers.*.dropout", "network.layers.*.dropout") == .whole)
        #expect(meet("network.layers.last.dense", "network.layers.2.dense") == .whole)
        #expect(meet("network.layers.last.dense", "network.layers.1.dense") == .none)
        #expect(meet("network.layers.last.dense", "network.layers.*.dense") == .whole)
        #expect(meet("network.layers.last.dense", "network") == .whole)
    }

    /// A poisoned layer drops only the findings inside that layer.
    @Test func aPoisonedLayerDropsOnlyItsOwnFindings() throws {
        let text = BaseSpecs.gluon.replacingFirst("- dense: 25", with: "- dense: 0").replacingFirst("- dense: 20", with: "- dense: -1")
        let spec = try #require(compile(text).result.spec)
        #expect(Checker.errors(in: spec).filter { $0.code == LayerWidthRule.code }.count == 2)
        var poison = SpecPoison()
        poison.insert("network.layers.0.dense", span: spec.network.layers[0].span)
        let found = Checker.errors(in: RecoveredSpec(spec: spec, poison: poison)).filter { $0.code == LayerWidthRule.code }
        #expect(found.map(\.span.start.line) == [spec.network.layers[1].units.span.start.line])
    }

    /// The rules that read a changed part, and no others: a search's trial
    /// that differs from a checked spec only in its optimiser is checked by
    /// the optimiser's rules.
    @Test func onlyTheRulesReadingAChangedPartRun() throws {
        let text = BaseSpecs.gluon.replacingFirst("- dense: 25", with: "- dense: 0")
            .replacingFirst("{adam: {learning_rate: 1.0e-3}}", with: "{adam: {learning_rate: 1.0e-3, beta1: 1.5}}")
        let spec = try #require(compile(text).result.spec)
        let all = Set(Checker.errors(in: spec).map(\.code))
        #expect(all.isSuperset(of: [LayerWidthRule.code, OptimizerParameterRule.code]), "\(all)")
        func errors(changedAt changed: [String]) -> [Diagnostic] {
            Checker.errors(in: spec, by: Checker.errorRules(reading: changed, in: spec))
        }
        let optimizer = Set(errors(changedAt: ["training.optimizer"]).map(\.code))
        #expect(optimizer == [OptimizerParameterRule.code])
        #expect(Set(errors(changedAt: ["network.layers.0.dense"]).map(\.code)).contains(LayerWidthRule.code))
        #expect(errors(changedAt: ["data.validation"]).isEmpty)
    }
}
