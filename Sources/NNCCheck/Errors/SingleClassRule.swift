import NNCDiagnostics
import NNCSpec

/// Softmax and categorical cross-entropy need at least two outputs.
///
/// Over one class, softmax is the constant 1 and the loss is always 0: nothing
/// is learned. A yes/no question is one sigmoid output with binary_crossentropy.
public enum SingleClassRule: Rule {
    public static let code: DiagnosticCode = .singleClass
    public static let reads = ["network.layers.last.activation", "training.loss", "outputs"]

    public static let triggering: [RuleExample] = [
        .classifier([("outputs: [p, q, r]", "outputs: ↓[p]"), ("{dense: 3, activation: softmax}", "{dense: 1, activation: softmax}")]),
    ]
    public static let nonTriggering: [RuleExample] = [
        .classifier([("outputs: [p, q, r]", "outputs: [p, q]"), ("{dense: 3, activation: softmax}", "{dense: 2, activation: softmax}")]),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        let softmax = spec.network.layers.last?.activation.value.kind == .softmax
        let categorical = spec.training.loss.value.kind == .categoricalCrossentropy
        guard softmax || categorical, spec.outputs.count < 2 else { return [] }
        return [Diagnostic(code, span: spec.outputs.span,
                           message: "\(softmax ? "softmax" : "categorical_crossentropy") needs at least 2 outputs, found \(spec.outputs.count)",
                           label: "one output per class",
                           notes: [DiagnosticNote("for two classes in one output, use a sigmoid output with binary_crossentropy")])]
    }
}
