import NNCDiagnostics
import NNCSpec

/// `network.preprocessing.input` names a raw input.
public enum PreprocessingInputRule: Rule {
    public static let code: DiagnosticCode = .preprocessingInput
    public static let reads = ["inputs", "network.preprocessing"]
    public static let judges = ["network.preprocessing"]

    public static let triggering: [RuleExample] = [
        .physics("preprocessing: {input: x,", "preprocessing: {input: ↓xx,"),
        .physics("preprocessing: {input: x,", "preprocessing: {input: ↓f,"),
    ]
    public static let nonTriggering: [RuleExample] = [
        .physics([("inputs: [x]", "inputs: [x, \"log(x)\"]")]),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        guard let p = spec.network.preprocessing else { return [] }
        let raw = spec.inputs.rawVariables
        guard !raw.contains(p.input.value) else { return [] }
        let guess = DidYouMean.suggestion(for: p.input.value, among: raw) ?? (raw.count == 1 ? raw[0] : nil)
        let output = spec.outputs.names.contains(p.input.value)
        return [Diagnostic(
            code, span: p.input.span, message: "the preprocessing input '\(p.input.value)' is not a raw input",
            label: guess.map { "did you mean '\($0)'?" } ?? "not a raw input",
            notes: [DiagnosticNote("the raw inputs are: " + raw.joined(separator: ", "))]
                + (output ? [DiagnosticNote("'\(p.input.value)' is an output; the factors x^a (1 − x)^b are functions of an input")] : []),
            fixIt: guess.map { FixIt(span: p.input.span, replacement: $0, message: "replace with '\($0)'") })]
    }
}
