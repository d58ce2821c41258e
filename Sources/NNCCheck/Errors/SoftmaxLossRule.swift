import NNCDiagnostics
import NNCSpec

/// A softmax output is trained with `categorical_crossentropy`.
///
/// Softmax gives class probabilities; the loss that matches them is the
/// cross-entropy against one-hot (or probability) targets. nnc fuses the two
/// for numerical stability.
public enum SoftmaxLossRule: Rule {
    public static let code: DiagnosticCode = .softmaxWithoutCategorical
    public static let reads = ["network.layers.last.activation", "training.loss"]

    public static let triggering: [RuleExample] = [
        .classifier("loss: categorical_crossentropy", "loss: ↓mse"),
        .classifier("loss: categorical_crossentropy", "loss: ↓binary_crossentropy"),
    ]
    public static let nonTriggering: [RuleExample] = [
        .classifier("loss: categorical_crossentropy", "loss: categorical_crossentropy"),
        .classifier("{dense: 3, activation: softmax}", "{dense: 3, activation: linear}"),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        guard let last = spec.network.layers.last, last.activation.value.kind == .softmax else { return [] }
        let loss = spec.training.loss
        guard loss.value.kind != .categoricalCrossentropy else { return [] }
        let plain = loss.value.delta == nil && loss.value.chi2 == nil
        return [Diagnostic(code, span: loss.span,
                           message: "the output layer uses softmax, but the loss is \(loss.value.kind.rawValue)",
                           label: "expected categorical_crossentropy",
                           notes: [DiagnosticNote("softmax gives class probabilities; they are trained with categorical_crossentropy"),
                                   DiagnosticNote("for regression, use a linear output layer instead")],
                           fixIt: plain ? FixIt(span: loss.span, replacement: "categorical_crossentropy",
                                                message: "replace with 'categorical_crossentropy'") : nil)]
    }
}
