import Foundation
import NNCDiagnostics
@testable import NNCSpec
import Testing

/// Column names that are not identifiers, written in backticks, and
/// expressions that YAML split at a comma.
struct QuotedNameTests {
    static let spec = """
        nnc: 1
        name: quoted
        inputs: ["`mean radius`", "log(`mean area`)", x]
        outputs: ["`tumour size`"]
        network:
          layers:
            - {dense: 8, activation: tanh}
            - {dense: 1}
        data:
          generate:
            truth: "0.5 * `mean radius` + x"
            "mean radius": {linspace: [5, 30], points: 5}
            "mean area": {linspace: [80, 2500], points: 5}
            x: {linspace: [0, 1], points: 5}
        training: {loss: mse, optimizer: adam, epochs: 1000}

        """

    @Test func backtickedNamesAreColumnsAndVariables() throws {
        let d = decode(Self.spec)
        let spec = try #require(d.spec, "\(d.rendered())")
        #expect(spec.inputs.names == ["mean radius", "log(`mean area`)", "x"])
        #expect(spec.inputs.rawVariables == ["mean radius", "x", "mean area"])
        #expect(spec.outputs.names == ["tumour size"])
        guard case .generate(let g) = spec.data.source else { Issue.record("not generated"); return }
        #expect(g.truth.first?.expression.variables == ["mean radius", "x"])
        #expect(spec.inputs.features[1].expression == .call(.log, [.variable("mean area")]))
    }

    @Test func theResolvedSpecWritesThemInBackticksAndReadsBack() throws {
        let spec = try #require(decode(Self.spec).spec)
        let yaml = spec.resolvedYAML()
        #expect(yaml.contains("inputs: [\"`mean radius`\", \"log(`mean area`)\", \"x\"]"), "\(yaml)")
        #expect(yaml.contains("outputs: [\"`tumour size`\"]"))
        let back = try #require(decode(yaml).spec, "\(decode(yaml).rendered())")
        #expect(semanticallyEqual(spec, back) == nil)
        // The JSON lists the columns themselves.
        let json = spec.resolvedJSONObject()
        #expect(json["inputs"] as? [String] == ["mean radius", "log(`mean area`)", "x"])
    }

    @Test func namesThatAreNotPlainGetTheBacktickFix() throws {
        let words = decode(Self.spec.replacingOccurrences(of: "\"`mean radius`\", ", with: "mean radius, "))
        #expect(words.codes == ["E0109"])
        #expect(words.first?.fixIt?.replacement == "\"`mean radius`\"")
        let inExpression = decode(Self.spec.replacingOccurrences(of: "\"log(`mean area`)\"", with: "\"log(mean area)\""))
        #expect(inExpression.codes == ["E0501"])
        #expect(inExpression.first?.message == "'mean area' is not one name")
        #expect(inExpression.first?.fixIt?.replacement == "`mean area`")
        let unclosed = decode(Self.spec.replacingOccurrences(of: "\"log(`mean area`)\"", with: "\"log(`mean area)\""))
        #expect(unclosed.codes == ["E0501"] && unclosed.first?.message == "a name in backticks is never closed")
        let unknown = decode(Self.spec.replacingOccurrences(of: "0.5 * `mean radius`", with: "0.5 * `mean radis`"))
        #expect(unknown.codes == ["E0502"] && unknown.first?.fixIt?.replacement == "`mean radius`")
    }

    @Test func anExpressionSplitAtItsCommaIsOneErrorWithTheQuotingFix() throws {
        let list = decode(minimalWith("inputs: [x]", "inputs: [x, pow(x, 2), y]"))
        #expect(list.codes == ["E0501"], "\(list.rendered())")
        #expect(list.first?.message == "the expression 'pow(x, 2)' was split by YAML at its comma")
        #expect(list.first?.fixIt?.replacement == "\"pow(x, 2)\"")
        #expect(list.first?.span == SourceSpan(file: "spec.yaml", line: 3, column: 13, length: 9))
        let three = decode(minimalWith("inputs: [x]", "inputs: [x, pow(x, pow(x, 2))]"))
        #expect(three.codes == ["E0501"] && three.first?.message.contains("commas") == true)
        let flow = decode(minimalWith("truth: \"sin(x)\"", "truth: {y: pow(x, 2)}"))
        #expect(flow.codes == ["E0501"] && flow.first?.message == "the expression 'pow(x, 2)' for 'y' was split by YAML at its comma")
        // A quoted expression is not split.
        #expect(decode(minimalWith("inputs: [x]", "inputs: [x, \"pow(x, 2)\"]")).codes.isEmpty)
    }
}

/// Parameters named as other tools name them, parameters of another word,
/// and keys at the wrong depth.
struct ParameterAndDepthTests {
    func optimizer(_ text: String) -> Decoded { decode(minimalWith("optimizer: adam", "optimizer: \(text)")) }

    @Test func otherToolsNamesGetTheFix() {
        for (written, word, meant) in [("lr", "adam", "learning_rate"), ("eps", "adam", "epsilon"), ("wd", "adamw", "weight_decay"),
                                       ("rho", "rmsprop", "alpha"), ("momentun", "sgd", "momentum"), ("max_norm", "sgd", "clipnorm")] {
            let d = optimizer("{\(word): {\(written): 0.5}}")
            #expect(d.codes == ["E0207"], "\(written)")
            #expect(d.first?.label == "did you mean '\(meant)'?" && d.first?.fixIt?.replacement == meant, "\(written): \(d.rendered())")
        }
        let slope = decode(minimalWith("activation: tanh", "activation: {leaky_relu: {negative_slope: 0.1}}"))
        #expect(slope.first?.fixIt?.replacement == "alpha")
    }

    @Test func aParameterOfAnotherWordSaysWhose() {
        let wd = optimizer("{adam: {wd: 0.1}}")
        #expect(wd.first?.notes.first?.message == "'wd' is 'weight_decay', which is a parameter of adamw")
        #expect(wd.first?.fixIt == nil)
        let misspelt = optimizer("{adam: {momentun: 0.9}}")
        #expect(misspelt.first?.notes.first?.message == "'momentun' may be 'momentum', which is a parameter of sgd")
        let betas = optimizer("{adam: {betas: [0.9, 0.99]}}")
        #expect(betas.first?.fixIt == nil, "a pair is not one parameter")
        #expect(betas.first?.notes.first?.message.contains("{beta1: 0.9, beta2: 0.999}") == true)
    }

    @Test func aKeyTooDeepIsOneDiagnosticWhereItIs() throws {
        let text = minimal.replacingOccurrences(of: "  optimizer: adam\n  epochs: 100\n", with: "  optimizer:\n    adam: {learning_rate: 0.01}\n    epochs: 100\n")
        let d = decode(text)
        #expect(d.codes == ["E0102"], "\(d.rendered())")
        #expect(d.first?.message == "'epochs' is under 'optimizer', but it belongs in 'training'")
        #expect(d.first?.label == "indented one level too deep")
        #expect(d.first?.span.start.line == 18)
        // A key that is not required, too deep beside a word.
        let batch = decode(minimal.replacingOccurrences(of: "  optimizer: adam\n", with: "  optimizer:\n    adam: {learning_rate: 0.01}\n    batch_size: 32\n"))
        #expect(batch.codes == ["E0102"] && batch.first?.message == "'batch_size' does not belong under 'optimizer'", "\(batch.rendered())")
    }
}
