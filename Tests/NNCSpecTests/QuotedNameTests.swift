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
