import NNCDiagnostics
import NNCSpec

/// W0202: dropout on the output layer.
///
/// Dropout on a layer's output zeroes some of its values during training. On
/// the output layer those values are the prediction itself: the loss then
/// compares targets with randomly zeroed (and rescaled) predictions, which is
/// noise added to the fit, not regularisation of the features.
public enum OutputDropoutRule: Rule {
    public static let code: DiagnosticCode = .outputDropout
    public static let name = "output-dropout"
    public static let rationale = """
        Dropout on the output layer zeroes parts of the prediction itself during training, \
        so the loss sees corrupted predictions; put dropout on hidden layers.
        """
    public static let reads = ["network.layers.last.dropout"]

    public static let triggering: [RuleExample] = [
        RuleExample(network: """
            layers:
              - {dense: 16, activation: tanh}
              - {dense: 1, activation: linear, dropout: ↓0.2}
            """)
    ]
    public static let nonTriggering: [RuleExample] = [
        RuleExample(network: """
            layers:
              - {dense: 16, activation: tanh, dropout: 0.2}
              - {dense: 1, activation: linear, dropout: 0}
            """)
    ]

    public static func check(_ spec: Spec, _ context: RuleContext) -> [Diagnostic] {
        guard let output = context.outputLayer, output.dropout.value > 0 else { return [] }
        return [
            finding(
                at: output.dropout.span,
                "dropout \(output.dropout.value) on the output layer \(output.quotedName): it zeroes parts of the prediction itself during training",
                label: "dropout on the output",
                notes: [DiagnosticNote("remove it, or move it to a hidden layer")])
        ]
    }
}
