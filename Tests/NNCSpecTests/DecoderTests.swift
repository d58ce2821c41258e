import Foundation
import NNCDiagnostics
@testable import NNCSpec
import Testing

struct DecoderTests {
    @Test func minimalSpecDecodesWithDefaults() throws {
        let d = decode(minimal)
        #expect(d.diagnostics.isEmpty, "\(d.rendered())")
        let spec = try #require(d.spec)
        #expect(spec.version.value == 1)
        #expect(spec.name.value == "fit")
        #expect(spec.inputs.names == ["x"])
        #expect(spec.outputs.names == ["y"])
        #expect(spec.network.initializer.value == Initializer(.glorotUniform))
        #expect(spec.network.layers.map(\.name.value) == ["dense_0", "dense_1"])
        let last = spec.network.layers[1]
        #expect(last.activation.value == Activation(.linear))
        #expect(last.bias.value == true)
        #expect(last.dropout.value == 0)
        #expect(last.l2.value == 0)
        #expect(spec.data.validation == nil)
        guard case .generate(let g) = spec.data.source else { Issue.record("expected generate"); return }
        #expect(g.seed.value == 0)
        #expect(g.noise == nil)
        #expect(g.pointCount == 50)
        #expect(g.truth.map(\.output) == ["y"])
        #expect(spec.training.batchSize.value == .full)
        #expect(spec.training.seed.value == 0)
        #expect(spec.training.replicas.value == 1)
        #expect(spec.training.stopping == nil)
        #expect(spec.training.optimizer.value == Optimizer(.adam))
        #expect(spec.training.optimizer.value.learningRate == 1e-3)
        #expect(spec.sources == ["spec.yaml"])
    }

    @Test func designExampleDecodesEveryKey() throws {
        let text = try String(contentsOf: repoRoot.appendingPathComponent("specs/gluon-closure.yaml"), encoding: .utf8)
        let d = decode(text)
        let spec = try #require(d.spec, "\(d.rendered())")
        #expect(spec.network.initializer.value.kind == .glorotNormal)
        #expect(spec.network.layers.map(\.units.value) == [25, 20, 1])
        #expect(spec.network.layers.map(\.name.value) == ["dense_0", "dense_1", "out"])
        #expect(spec.network.layers[1].dropout.value == 0.1)
        #expect(spec.network.layers[0].initializer.value.kind == .glorotNormal)
        guard case .generate(let g) = spec.data.source else { Issue.record("expected generate"); return }
        #expect(g.truth[0].source.value == "x^-0.1 * (1 - x)^5")
        // The truth's span covers the contents, inside the quotes.
        #expect(g.truth[0].source.span.start == SourceLocation(line: 21, column: 13))
        #expect(g.sampling[0].kind.value == .logspace)
        #expect(g.sampling[0].lower.value == 1.0e-3)
        #expect(g.sampling[0].points.value == 200)
        #expect(g.noise?.value == Noise(kind: .relative, scale: 0.05))
        #expect(g.seed.value == 7)
        #expect(spec.data.validation == .fraction(Located(0.25, span: .wholeFile("")), seed: Located(1, span: .wholeFile(""))))
        #expect(spec.training.epochs.value == 20000)
        #expect(spec.training.stopping?.value == Stopping(patience: 2000))
        #expect(spec.training.keep.value == .best)
        #expect(spec.training.seed.value == 42)
        let x = g.truth[0].expression.evaluate { _ in 0.5 }
        #expect(abs(x - pow(0.5, -0.1) * pow(0.5, 5)) < 1e-12)
    }

    // MARK: Schema-directed typing

    @Test func stringFieldsTakeAnyScalarText() throws {
        let d = decode(minimalWith("name: fit", "name: no"))
        #expect(try #require(d.spec).name.value == "no")
        let e = decode(minimalWith("name: fit", "name: 1e3"))
        #expect(try #require(e.spec).name.value == "1e3")
    }

    @Test(arguments: [("1e-3", 1e-3), ("1.0e-3", 1e-3), (".5", 0.5), ("-2", -2.0), ("+4.", 4.0), ("3", 3.0), ("2.5E2", 250.0)])
    func numberFieldsReadNumbers(text: String, value: Double) throws {
        let d = decode(minimalWith("optimizer: adam", "optimizer: {adam: {learning_rate: \(text)}}"))
        #expect(d.diagnostics.isEmpty, "\(d.rendered())")
        #expect(try #require(d.spec).training.optimizer.value.learningRate == value)
    }

    // (A mapping is a learning-rate schedule: ScheduleTests.)
    @Test(arguments: ["abc", ".inf", ".nan", "0x10", "1e", "1_000", "--1", "[1]", "\"0.5\"", "true"])
    func numberFieldsRejectOtherValues(text: String) {
        let d = decode(minimalWith("optimizer: adam", "optimizer: {adam: {learning_rate: \(text)}}"))
        #expect(d.spec == nil)
        #expect(d.codes == ["E0103"], "\(d.rendered())")
        #expect(d.first?.message.hasPrefix("expected a number for 'learning_rate', found") == true)
    }

    @Test func quotedNumberGetsAFixItThatDropsTheQuotes() throws {
        let d = decode(minimalWith("epochs: 100", "epochs: \"100\""))
        let diag = try #require(d.first)
        #expect(diag.code == "E0103")
        #expect(diag.message == "expected an integer for 'epochs', found the string \"100\"")
        #expect(diag.fixIt?.replacement == "100")
    }

    @Test func wrongTypeNamesWhatWasFound() throws {
        let d = decode(minimalWith("optimizer: adam", "optimizer: {adam: {learning_rate: [1, 2]}}"))
        #expect(d.first?.message == "expected a number for 'learning_rate', found a list")
    }

    @Test func fractionalWidthIsRejected() throws {
        let d = decode(minimalWith("- dense: 8", "- dense: 2.5"))
        let diag = try #require(d.first)
        #expect(diag.code == "E0103")
        #expect(diag.message == "expected an integer for 'dense', found 2.5")
        #expect(diag.span.start == SourceLocation(line: 7, column: 14))
    }

    @Test func wholeNumbersInOtherFormsAreIntegers() throws {
        let d = decode(minimalWith("epochs: 100", "epochs: 1e4"))
        #expect(try #require(d.spec).training.epochs.value == 10000)
        let e = decode(minimalWith("- dense: 8", "- dense: 8.0"))
        #expect(try #require(e.spec).network.layers[0].units.value == 8)
    }

    @Test(arguments: [("true", true), ("false", false), ("yes", true), ("no", false), ("on", true), ("Off", false), ("TRUE", true)])
    func boolFieldsAcceptYAML11Words(text: String, value: Bool) throws {
        let d = decode(minimalWith("activation: tanh", "activation: tanh\n      bias: \(text)"))
        #expect(try #require(d.spec, "\(d.rendered())").network.layers[0].bias.value == value)
    }

    @Test func boolFieldRejectsOtherWords() {
        let d = decode(minimalWith("activation: tanh", "activation: tanh\n      bias: maybe"))
        #expect(d.codes == ["E0103"])
        #expect(d.first?.message == "expected true or false for 'bias', found 'maybe'")
    }

    @Test func nullWhereAValueIsRequired() throws {
        let d = decode(minimalWith("loss: mse", "loss:"))
        let diag = try #require(d.first)
        #expect(diag.code == "E0105")
        #expect(diag.message == "missing value for 'loss'")
        #expect(diag.span.start == SourceLocation(line: 15, column: 3))
    }

    @Test func seedsAreNonNegativeIntegers() throws {
        let d = decode(minimalWith("epochs: 100", "epochs: 100\n  seed: 18446744073709551615"))
        #expect(try #require(d.spec).training.seed.value == UInt64.max)
        let e = decode(minimalWith("epochs: 100", "epochs: 100\n  seed: -1"))
        #expect(e.first?.message == "expected a non-negative integer for 'seed', found an integer -1")
    }

    // MARK: Keys

    @Test func unknownKeyGetsDidYouMeanAndFixIt() throws {
        let d = decode(minimalWith("activation: tanh", "activaton: tanh"))
        let diag = try #require(d.first)
        #expect(diag.code == "E0102")
        #expect(diag.message == "unknown key 'activaton' in layer 1")
        #expect(diag.label == "did you mean 'activation'?")
        #expect(diag.fixIt?.replacement == "activation")
        #expect(diag.fixIt?.span == diag.span)
        #expect(diag.span == SourceSpan(file: "spec.yaml", line: 8, column: 7, length: 9))
        #expect(diag.notes.last?.message.hasPrefix("known keys in layer 1: dense, activation") == true)
    }

    @Test func misplacedKeyGetsAHint() throws {
        let d = decode(minimalWith("epochs: 100", "epochs: 100\n  learning_rate: 0.01"))
        let diag = try #require(d.first)
        #expect(diag.code == "E0102")
        #expect(diag.message == "'learning_rate' does not belong in 'training'")
        #expect(diag.label == "misplaced key")
        #expect(diag.notes.first?.message.contains("optimizer: {adam: {learning_rate") == true)
    }

    @Test(arguments: ["nnc", "name", "inputs", "outputs", "network", "data", "training"])
    func missingTopLevelKey(key: String) throws {
        let lines = minimal.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [Substring] = []
        var skipping = false
        for line in lines {
            if line.hasPrefix(key + ":") { skipping = true; continue }
            if skipping, line.hasPrefix(" ") { continue }
            skipping = false
            out.append(line)
        }
        let d = decode(out.joined(separator: "\n"))
        #expect(d.spec == nil)
        let diag = try #require(d.diagnostics.first { $0.code == "E0101" }, "\(d.rendered())")
        #expect(diag.message.contains("'\(key)'"))
        #expect(diag.span.start == SourceLocation(line: 1, column: 1))
    }

    @Test func missingNestedKeyPointsAtItsParent() throws {
        let d = decode(minimalWith("  epochs: 100\n", ""))
        let diag = try #require(d.first)
        #expect(diag.code == "E0101")
        #expect(diag.message == "missing required key 'epochs' in 'training'")
        #expect(diag.span.start == SourceLocation(line: 14, column: 1))
    }

    @Test func unsupportedVersion() throws {
        let d = decode(minimalWith("nnc: 1", "nnc: 2"))
        #expect(d.codes == ["E0104"])
        #expect(d.first?.fixIt?.replacement == "1")
    }

    @Test func emptyAndNonMappingSpecs() {
        #expect(decode("").spec == nil)
        #expect(!decode("").diagnostics.isEmpty)
        let d = decode("- a\n- b\n")
        #expect(d.codes == ["E0103"])
    }

    // MARK: Vocabulary

    @Test func unknownActivationGetsDidYouMean() throws {
        let d = decode(minimalWith("activation: tanh", "activation: tanhh"))
        let diag = try #require(d.first)
        #expect(diag.code == "E0201")
        #expect(diag.message == "unknown activation 'tanhh'")
        #expect(diag.label == "did you mean 'tanh'?")
        #expect(diag.fixIt?.replacement == "tanh")
        #expect(diag.notes.first?.message.hasPrefix("known activations: linear, sigmoid, tanh") == true)
        #expect(diag.span == SourceSpan(file: "spec.yaml", line: 8, column: 19, length: 5))
    }

    @Test(arguments: [
        ("activation: {leaky_relu: {alpha: 0.2}}", Activation(.leakyReLU, alpha: 0.2)),
        ("activation: {leaky_relu: 0.2}", Activation(.leakyReLU, alpha: 0.2)),
        ("activation: leaky_relu", Activation(.leakyReLU, alpha: 0.01)),
        ("activation: {elu: }", Activation(.elu, alpha: 1.0)),
        ("activation: softplus", Activation(.softplus)),
    ])
    func activationForms(text: String, value: Activation) throws {
        let d = decode(minimalWith("activation: tanh", text))
        #expect(try #require(d.spec, "\(d.rendered())").network.layers[0].activation.value == value)
    }

    @Test func parameterOfAnotherWordIsRejected() throws {
        let d = decode(minimalWith("activation: tanh", "activation: {tanh: {alpha: 1}}"))
        #expect(d.codes == ["E0207"])
        #expect(d.first?.notes.map(\.message) == ["'alpha' is a parameter of leaky_relu and elu", "tanh takes no parameters"])
    }

    @Test(arguments: [
        ("init: {random_uniform: {limit: 0.2}}", Initializer(.randomUniform, scale: 0.2)),
        ("init: {random_normal: 0.3}", Initializer(.randomNormal, scale: 0.3)),
        ("init: random_normal", Initializer(.randomNormal, scale: 0.05)),
        ("init: he_normal", Initializer(.heNormal)),
    ])
    func initializerForms(text: String, value: Initializer) throws {
        let d = decode(minimalWith("activation: tanh", "activation: tanh\n      \(text)"))
        #expect(try #require(d.spec, "\(d.rendered())").network.layers[0].initializer.value == value)
    }

    @Test func networkInitIsEveryLayersDefault() throws {
        let d = decode(minimalWith("  layers:", "  init: he_uniform\n  layers:"))
        let spec = try #require(d.spec)
        #expect(spec.network.layers.allSatisfy { $0.initializer.value.kind == .heUniform })
    }

    @Test func optimizerParameters() throws {
        let d = decode(minimalWith("optimizer: adam", "optimizer: {sgd: {learning_rate: 0.1, momentum: 0.9, nesterov: true, clipnorm: 1}}"))
        let training = try #require(d.spec, "\(d.rendered())").training
        let o = training.optimizer.value
        #expect(o == Optimizer(.sgd, values: ["learning_rate": 0.1, "momentum": 0.9, "nesterov": 1, "clipnorm": 1]))
        #expect(training.optimizerSpans["momentum"]?.start == SourceLocation(line: 16, column: 51))
        let r = decode(minimalWith("optimizer: adam", "optimizer: {rmsprop: {alpha: 0.9}}"))
        #expect(try #require(r.spec).training.optimizer.value.beta2 == 0.9)
        let w = decode(minimalWith("optimizer: adam", "optimizer: adamw"))
        #expect(try #require(w.spec).training.optimizer.value.weightDecay == 0.01)
    }

    @Test func optimizerParameterThatDoesNotApply() throws {
        let d = decode(minimalWith("optimizer: adam", "optimizer: {adam: {momentum: 0.9}}"))
        let diag = try #require(d.first)
        #expect(diag.code == "E0207")
        #expect(diag.message == "'momentum' is not a parameter of adam")
        #expect(diag.notes.map(\.message) == ["'momentum' is a parameter of sgd", "adam takes: learning_rate, beta1, beta2, epsilon, clipnorm"])
    }

    @Test func optimizerNeedsOneName() {
        let d = decode(minimalWith("optimizer: adam", "optimizer: {adam: {}, sgd: {}}"))
        #expect(d.codes == ["E0103"])
    }

    @Test(arguments: [
        ("loss: {huber: {delta: 0.5}}", Loss(.huber, delta: 0.5)),
        ("loss: huber", Loss(.huber, delta: 1.0)),
        ("loss: {huber: 2}", Loss(.huber, delta: 2)),
        ("loss: chi2", Loss(.chi2)),
        ("loss: binary_crossentropy", Loss(.binaryCrossentropy)),
    ])
    func lossForms(text: String, value: Loss) throws {
        let d = decode(minimalWith("loss: mse", text))
        #expect(try #require(d.spec, "\(d.rendered())").training.loss.value == value)
    }

    @Test func unknownLossAndOptimizer() {
        #expect(decode(minimalWith("loss: mse", "loss: mes")).first?.fixIt?.replacement == "mse")
        #expect(decode(minimalWith("loss: mse", "loss: mes")).codes == ["E0203"])
        #expect(decode(minimalWith("optimizer: adam", "optimizer: adma")).codes == ["E0204"])
        #expect(decode(minimalWith("optimizer: adam", "optimizer: adma")).first?.fixIt?.replacement == "adam")
        #expect(decode(minimalWith("activation: tanh", "activation: tanh\n      init: xavier")).codes == ["E0202"])
    }

    @Test func batchSizeAndStopping() throws {
        let d = decode(minimalWith("epochs: 100", "epochs: 100\n  batch_size: 16\n  stopping: {patience: 5, min_delta: 1e-4, restore_best: no}\n  replicas: 3"))
        let t = try #require(d.spec, "\(d.rendered())").training
        #expect(t.batchSize.value == .size(16))
        #expect(t.stopping?.value == Stopping(patience: 5, minDelta: 1e-4))
        // restore_best, the older spelling of keep.
        #expect(t.keep.value == .last)
        #expect(t.replicas.value == 3)
        let k = decode(minimalWith("epochs: 100", "epochs: 100\n  keep: last"))
        #expect(try #require(k.spec).training.keep.value == .last)
        let typo = decode(minimalWith("epochs: 100", "epochs: 100\n  keep: lst"))
        #expect(typo.codes == ["E0103"] && typo.first?.fixIt?.replacement == "last")
        let both = decode(minimalWith("epochs: 100", "epochs: 100\n  keep: last\n  stopping: {patience: 5, restore_best: true}"))
        #expect(both.codes == ["E0111"])
        let b = decode(minimalWith("epochs: 100", "epochs: 100\n  batch_size: ful"))
        #expect(b.codes == ["E0103"])
        #expect(b.first?.fixIt?.replacement == "full")
    }

    // MARK: Inputs and outputs

    @Test func featuresFromACount() throws {
        let d = decode(minimalWith("inputs: [x]", "inputs: 3").replacingOccurrences(of: "x: {linspace", with: "x0: {linspace").replacingOccurrences(of: "sin(x)", with: "x0 + x1 * x2"))
        let spec = try #require(d.spec, "\(d.rendered())")
        #expect(spec.inputs.names == ["x0", "x1", "x2"])
        #expect(spec.inputs.fromCount)
        let o = decode(minimalWith("outputs: [y]", "outputs: 1"))
        #expect(try #require(o.spec).outputs.names == ["y0"])
    }

    @Test func badCountsAndDuplicates() {
        #expect(decode(minimalWith("inputs: [x]", "inputs: 0")).codes == ["E0110"])
        #expect(decode(minimalWith("inputs: [x]", "inputs: []")).codes == ["E0110"])
        #expect(decode(minimalWith("inputs: [x]", "inputs: [x, x]")).codes == ["E0108"])
        #expect(decode(minimalWith("outputs: [y]", "outputs: [x]")).codes.contains("E0108"))
        #expect(decode(minimalWith("outputs: [y]", "outputs: [\"y 2\"]")).codes.contains("E0109"))
        #expect(decode(minimalWith("inputs: [x]", "inputs: 2.5")).codes == ["E0103"])
    }

    @Test func derivedInputsAreExpressions() throws {
        let d = decode(minimalWith("inputs: [x]", "inputs: [x, \"log(x)\", \"t^2\"]").replacingOccurrences(of: "points: 50}", with: "points: 50}\n    t: {linspace: [1, 2], points: 3}"))
        let spec = try #require(d.spec, "\(d.rendered())")
        #expect(spec.inputs.features[1].expression == .call(.log, [.variable("x")]))
        #expect(spec.inputs.features[2].expression == .binary(.power, .variable("t"), .number(2)))
        #expect(spec.inputs.rawVariables == ["x", "t"])
    }

    @Test func derivedInputErrorIsAtItsColumn() throws {
        let d = decode(minimalWith("inputs: [x]", "inputs: [x, \"lg(x)\"]"))
        let diag = try #require(d.first)
        #expect(diag.code == "E0503")
        #expect(diag.span == SourceSpan(file: "spec.yaml", line: 3, column: 14, length: 2))
        #expect(diag.fixIt?.replacement == "log")
    }

    // MARK: Data

    @Test func truthErrorsAreAtTheirColumnInsideTheString() throws {
        let d = decode(minimalWith("truth: \"sin(x)\"", "truth: \"x^-0.1 * (1 - x\""))
        let diag = try #require(d.first)
        #expect(diag.code == "E0501")
        #expect(diag.span.start == SourceLocation(line: 12, column: 28))
        let u = decode(minimalWith("truth: \"sin(x)\"", "truth: \"sin(xx) + 1\""))
        #expect(u.codes == ["E0502"])
        #expect(u.first?.span == SourceSpan(file: "spec.yaml", line: 12, column: 17, length: 2))
        #expect(u.first?.label == "not an input")
        let typo = decode(minimalWith("truth: \"sin(x)\"", "truth: \"sin(energy)\"").replacingOccurrences(of: "[x]", with: "[enrgy]").replacingOccurrences(of: "x: {", with: "enrgy: {"))
        #expect(typo.first?.label == "did you mean 'enrgy'?")
    }

    @Test func truthForSeveralOutputs() throws {
        let text = minimalWith("outputs: [y]", "outputs: [u, v]")
            .replacingOccurrences(of: "truth: \"sin(x)\"", with: "truth: {u: \"sin(x)\", v: \"cos(x)\"}")
            .replacingOccurrences(of: "- dense: 1", with: "- dense: 2")
        let d = decode(text)
        guard case .generate(let g)? = d.spec?.data.source else { Issue.record("\(d.rendered())"); return }
        #expect(g.truth.map(\.output) == ["u", "v"])
        let one = decode(minimalWith("outputs: [y]", "outputs: [u, v]"))
        #expect(one.codes == ["E0508"])
        let missing = decode(minimalWith("outputs: [y]", "outputs: [u, v]").replacingOccurrences(of: "truth: \"sin(x)\"", with: "truth: {u: \"x\", w: \"x\"}"))
        // The misnamed truth is the one mistake: it is reported once, with the output it was meant for.
        #expect(missing.codes == ["E0508"])
        #expect(missing.first?.label == "did you mean 'v'?")
    }

    @Test func samplingForms() throws {
        for kind in SamplingKind.allCases {
            let d = decode(minimalWith("linspace: [0, 1]", "\(kind.rawValue): [0.5, 1]"))
            guard case .generate(let g)? = d.spec?.data.source else { Issue.record("\(d.rendered())"); continue }
            #expect(g.sampling[0].kind.value == kind)
        }
        #expect(decode(minimalWith("linspace: [0, 1]", "linspce: [0, 1]")).codes == ["E0205"])
        #expect(decode(minimalWith("linspace: [0, 1], points: 50", "linspace: [0, 1]")).codes == ["E0101"])
        #expect(decode(minimalWith("linspace: [0, 1]", "linspace: [0, 1], uniform: [0, 1]")).codes == ["E0111"])
        #expect(decode(minimalWith("linspace: [0, 1]", "linspace: [0]")).codes == ["E0103"])
    }

    @Test func noiseForms() throws {
        let d = decode(minimalWith("points: 50}", "points: 50}\n    noise: {absolute: 0.1}\n    seed: 3"))
        guard case .generate(let g)? = d.spec?.data.source else { Issue.record("\(d.rendered())"); return }
        #expect(g.noise?.value == Noise(kind: .absolute, scale: 0.1))
        #expect(g.seed.value == 3)
        #expect(decode(minimalWith("points: 50}", "points: 50}\n    noise: {gaussian: 0.1}")).codes == ["E0206"])
        #expect(decode(minimalWith("points: 50}", "points: 50}\n    noise: 0.1")).codes == ["E0103"])
    }

    @Test func generateAndTrainAreExclusive() {
        let both = decode(minimalWith("  generate:", "  train: {csv: t.csv}\n  generate:"))
        #expect(both.codes == ["E0111"])
        let neither = decode(minimalWith("data:\n  generate:\n    truth: \"sin(x)\"\n    x: {linspace: [0, 1], points: 50}", "data:\n  validation: {fraction: 0.2}"))
        #expect(neither.codes == ["E0101"])
    }

    @Test func csvHeaderIsReadAndColumnsChecked() throws {
        let dir = temporaryFolder(["data/train.csv": "x,y,dy\n1,2,0.1\n", "data/bad.csv": "\n", "data/val.csv": "x,Y\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("spec.yaml").path
        let csvData = "data:\n  train: {csv: data/train.csv}\n  validation: {csv: data/val.csv}"
        let generated = "data:\n  generate:\n    truth: \"sin(x)\"\n    x: {linspace: [0, 1], points: 50}"
        let d = decode(minimalWith(generated, csvData), path: path)
        #expect(d.codes == ["E0506"])
        #expect(d.first?.message == "the validation data 'data/val.csv' has no column 'y'")
        #expect(d.first?.notes.contains { $0.message.contains("'y' may be the column 'Y'") } == true)
        let ok = decode(minimalWith(generated, "data:\n  train: {csv: data/train.csv}").replacingOccurrences(of: "loss: mse", with: "loss: {chi2: {uncertainty: dy}}"), path: path)
        let spec = try #require(ok.spec, "\(ok.rendered())")
        guard case .csv(let csv) = spec.data.source else { Issue.record("expected csv"); return }
        #expect(csv.columns == ["x", "y", "dy"])
        #expect(csv.resolvedPath == dir.appendingPathComponent("data/train.csv").path)
        let missingUncertainty = decode(minimalWith(generated, "data:\n  train: {csv: data/train.csv}").replacingOccurrences(of: "loss: mse", with: "loss: {chi2: {uncertainty: dz}}"), path: path)
        #expect(missingUncertainty.codes == ["E0506"])
        #expect(decode(minimalWith(generated, "data:\n  train: {csv: data/none.csv}"), path: path).codes == ["E0505"])
        #expect(decode(minimalWith(generated, "data:\n  train: {csv: data/bad.csv}"), path: path).codes == ["E0507"])
        #expect(decode(minimalWith(generated, "data:\n  train: data/train.csv"), path: path).codes == ["E0103"])
    }

    @Test func validationForms() throws {
        let d = decode(minimalWith("points: 50}", "points: 50}\n  validation: {fraction: 0.2, seed: 5}"))
        guard case .fraction(let f, let seed)? = try #require(d.spec, "\(d.rendered())").data.validation else {
            Issue.record("expected a fraction"); return
        }
        #expect(f.value == 0.2)
        #expect(seed.value == 5)
        #expect(decode(minimalWith("points: 50}", "points: 50}\n  validation: 0.2")).first?.fixIt?.replacement == "{fraction: 0.2}")
        #expect(decode(minimalWith("points: 50}", "points: 50}\n  validation: {seed: 2}")).codes == ["E0101"])
        #expect(decode(minimalWith("points: 50}", "points: 50}\n  validation: {fraction: 0.2, csv: v.csv}")).codes == ["E0111"])
    }

    // MARK: Includes

    @Test func includeReadsTheNetworkRelativeToTheIncludingFile() throws {
        let net = "nnc: 1\nnetwork:\n  layers:\n    - {dense: 4, activation: relu}\n    - {dense: 1}\n"
        let dir = temporaryFolder(["nets/net.yaml": net, "nets/loop-a.yaml": "include: loop-b.yaml\n",
                                   "nets/loop-b.yaml": "include: loop-a.yaml\n", "nets/bad.yaml": "network:\n  layers: [{dense: 2, activation: tahn}]\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("spec.yaml").path
        let networkText = "network:\n  layers:\n    - dense: 8\n      activation: tanh\n    - dense: 1"
        let d = decode(minimalWith(networkText, "include: nets/net.yaml"), path: path)
        let spec = try #require(d.spec, "\(d.rendered())")
        #expect(spec.network.layers.map(\.units.value) == [4, 1])
        #expect(spec.network.file == dir.appendingPathComponent("nets/net.yaml").path)
        #expect(spec.sources.count == 2)

        let missing = decode(minimalWith(networkText, "include: nets/none.yaml"), path: path)
        #expect(missing.codes == ["E0106"])
        #expect(missing.first?.span.start == SourceLocation(line: 5, column: 10))

        let cycle = decode(minimalWith(networkText, "include: nets/loop-a.yaml"), path: path)
        #expect(cycle.codes == ["E0107"])
        #expect(cycle.first?.span.file.hasSuffix("loop-b.yaml") == true)

        let bad = decode(minimalWith(networkText, "include: nets/bad.yaml"), path: path)
        #expect(bad.codes == ["E0201"])
        #expect(bad.first?.span.file.hasSuffix("nets/bad.yaml") == true)

        let both = decode(minimalWith(networkText, "include: nets/net.yaml\n" + networkText), path: path)
        #expect(both.codes == ["E0111"])
    }

    @Test func specNameMustBeAFileName() {
        #expect(decode(minimalWith("name: fit", "name: ../up")).codes == ["E0109"])
        #expect(decode(minimalWith("name: fit", "name: \".hidden\"")).codes == ["E0109"])
    }

    @Test func layerNamesAndEmptyNetwork() {
        #expect(decode(minimalWith("- dense: 1", "- dense: 1\n      name: a.b")).codes == ["E0109"])
        #expect(decode(minimalWith("  layers:\n    - dense: 8\n      activation: tanh\n    - dense: 1", "  layers: []")).codes == ["E0110"])
        #expect(decode(minimalWith("- dense: 1", "- 1")).codes == ["E0103"])
    }

    @Test func allErrorsAreReportedAtOnce() {
        let text = minimalWith("activation: tanh", "activation: tanhh")
            .replacingOccurrences(of: "loss: mse", with: "loss: mes")
            .replacingOccurrences(of: "epochs: 100", with: "epocs: 100")
        let d = decode(text)
        #expect(d.codes.sorted() == ["E0102", "E0201", "E0203"], "\(d.rendered())")  // no second report of the missing epochs
    }
}

extension DecoderTests {
    @Test func oneMistakeIsOneDiagnostic() {
        // A misspelt required key is not also reported missing.
        #expect(decode(minimalWith("  layers:", "  layer:")).codes == ["E0102"])
        // `version: 1` gets the fix to 'nnc', not three diagnostics.
        let v = decode(minimalWith("nnc: 1", "version: 1"))
        #expect(v.codes == ["E0102"])
        #expect(v.first?.fixIt?.replacement == "nnc")
        // A value that failed to decode does not cascade into errors in expressions that use it.
        #expect(decode(minimalWith("inputs: [x]", "inputs: 0")).codes == ["E0110"])
    }

    @Test func semanticEqualityNoticesDifferences() throws {
        let a = try #require(decode(minimal).spec)
        let b = try #require(decode(minimalWith("epochs: 100", "epochs: 101")).spec)
        #expect(semanticallyEqual(a, a) == nil)
        #expect(semanticallyEqual(a, b) != nil)
    }
}
