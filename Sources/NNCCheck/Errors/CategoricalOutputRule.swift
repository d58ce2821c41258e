import NNCDiagnostics
import NNCSpec

/// `categorical_crossentropy` needs a softmax output layer.
///
/// The loss takes the log of each predicted class probability; outputs that
/// are not a probability distribution (negative, or not summing to 1) give
/// NaN or a loss without meaning.
public enum CategoricalOutputRule: Rule {
    public static let code: DiagnosticCode = .categoricalWithoutSoftmax
    public static let reads = ["training.loss", "network.layers.last.activation", "outputs"]

    public static let triggering: [RuleExample] = [
        .classifier("{dense: 3, activation: softmax}", "{dense: 3, activation: ↓relu}"),
    ]
    public static let nonTriggering: [RuleExample] = [
        .classifier("outputs: [p, q, r]", "outputs: [p, q, r]"),
        // One output is SingleClassRule's finding; softmax would not fix it.
        .gluon("loss: mse", "loss: categorical_crossentropy"),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        guard spec.training.loss.value.kind == .categoricalCrossentropy, let last = spec.network.layers.last,
              last.activation.value.kind != .softmax, spec.outputs.count >= 2
        else { return [] }
        return [Diagnostic(code, span: last.activation.span,
                           message: "categorical_crossentropy needs a softmax output layer, found \(last.activation.value.kind.rawValue)",
                           label: "expected softmax",
                           notes: [DiagnosticNote("the loss is the log of the predicted probability of the true class")],
                           fixIt: last.activation.value.alpha == nil && last.activation.span != last.span
                               ? FixIt(span: last.activation.span, replacement: "softmax", message: "replace with 'softmax'") : nil)]
    }
}
