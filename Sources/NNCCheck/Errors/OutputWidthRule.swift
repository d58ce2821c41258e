import NNCDiagnostics
import NNCSpec

/// The last layer has one unit per output.
///
/// The network's last layer is its prediction: its width must equal the
/// number of names (or the count) in `outputs`.
public enum OutputWidthRule: Rule {
    public static let code: DiagnosticCode = .outputWidthMismatch
    public static let reads = ["outputs", "network.layers.last.dense"]

    public static let triggering: [RuleExample] = [
        .gluon("- dense: 1", "- dense: ↓2"),
        .classifier("{dense: 3, activation: softmax}", "{dense: ↓4, activation: softmax}"),
    ]
    public static let nonTriggering: [RuleExample] = [
        .gluon("outputs: [xg]", "outputs: 1"),
        .classifier("outputs: [p, q, r]", "outputs: [p, q, r]"),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        guard let last = spec.network.layers.last, last.units.value != spec.outputs.count else { return [] }
        let names = spec.outputs.fromCount ? "" : " (" + spec.outputs.names.joined(separator: ", ") + ")"
        return [Diagnostic(code, span: last.units.span,
                           message: "the last layer has \(Finding.plural(last.units.value, "unit")), but the spec has \(Finding.plural(spec.outputs.count, "output"))",
                           label: "expected \(spec.outputs.count)",
                           notes: [DiagnosticNote("outputs\(names) are declared at \(spec.outputs.span.file):\(spec.outputs.span.start)")],
                           fixIt: FixIt(span: last.units.span, replacement: "\(spec.outputs.count)",
                                        message: "replace with '\(spec.outputs.count)'"))]
    }
}
