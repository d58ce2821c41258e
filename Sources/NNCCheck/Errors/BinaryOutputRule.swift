import NNCDiagnostics
import NNCSpec

/// `binary_crossentropy` needs a sigmoid output layer.
///
/// The loss takes log(p) and log(1 - p) of each output; only sigmoid keeps
/// every output inside (0, 1), anything else gives NaN for some inputs.
public enum BinaryOutputRule: Rule {
    public static let code: DiagnosticCode = .binaryWithoutSigmoid
    public static let reads = ["training.loss", "network.layers.last.activation"]

    public static let triggering: [RuleExample] = [
        .gluon([("activation: linear", "activation: ↓linear"), ("loss: mse", "loss: binary_crossentropy")]),
    ]
    public static let nonTriggering: [RuleExample] = [
        .gluon([("loss: mse", "loss: binary_crossentropy"), ("activation: linear", "activation: sigmoid")]),
        // A softmax output with this loss is SoftmaxLossRule's finding alone.
        .classifier("loss: categorical_crossentropy", "loss: binary_crossentropy"),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        guard spec.training.loss.value.kind == .binaryCrossentropy, let last = spec.network.layers.last,
              last.activation.value.kind != .sigmoid, last.activation.value.kind != .softmax
        else { return [] }
        return [Diagnostic(code, span: last.activation.span,
                           message: "binary_crossentropy needs a sigmoid output layer, found \(last.activation.value.kind.rawValue)",
                           label: "expected sigmoid",
                           notes: [DiagnosticNote("the loss takes log(p) and log(1 - p), so every output must lie in (0, 1)")],
                           fixIt: last.activation.value.alpha == nil && last.activation.span != last.span
                               ? FixIt(span: last.activation.span, replacement: "sigmoid", message: "replace with 'sigmoid'") : nil)]
    }
}
