import NNCDiagnostics
import NNCSpec

/// `softmax` is only an output activation.
///
/// Softmax turns a layer into a probability distribution over its units; on a
/// hidden layer it couples every unit to every other and squashes the signal.
public enum SoftmaxHiddenRule: Rule {
    public static let code: DiagnosticCode = .softmaxHidden
    public static let reads = ["network.layers.*.activation"]

    public static let triggering: [RuleExample] = [
        .gluon("activation: tanh", "activation: ↓softmax"),
        .classifier("{dense: 8, activation: relu, init: he_normal}", "{dense: 8, activation: ↓softmax}"),
    ]
    public static let nonTriggering: [RuleExample] = [
        .classifier("outputs: [p, q, r]", "outputs: [p, q, r]"),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        spec.network.layers.dropLast().enumerated().compactMap { i, layer in
            guard layer.activation.value.kind == .softmax else { return nil }
            return Diagnostic(code, span: layer.activation.span,
                              message: "softmax on \(Finding.layer(i, layer)), which is not the last layer",
                              label: "softmax is an output activation",
                              notes: [DiagnosticNote("hidden layers usually use relu, tanh or gelu")])
        }
    }
}
