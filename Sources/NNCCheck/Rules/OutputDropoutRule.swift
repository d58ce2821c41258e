import NNCDiagnostics
import NNCSpec

/// W0202: dropout on the output layer.
///
/// Dropout on a layer's output zeroes some of its values during training. On
/// the output layer those values are the prediction itself: the loss then
/// compares targets with randomly zeroed (and rescaled) predictions, which is
/// noise added to the fit, not regularisation of the features.
public struct OutputDropoutRule: LintRule {
    public init() {}

    public static let description = RuleDescription(
        code: .outputDropout,
        name: "output-dropout",
        rationale: """
            Dropout on the output layer zeroes parts of the prediction itself during training, \
            so the loss sees corrupted predictions; put dropout on hidden layers.
            """,
        triggeringExamples: [
            WarningExample(network: """
                layers:
                  - {dense: 16, activation: tanh}
                  - {dense: 1, activation: linear, dropout: ↓0.2}
                """)
        ],
        nonTriggeringExamples: [
            WarningExample(network: """
                layers:
                  - {dense: 16, activation: tanh, dropout: 0.2}
                  - {dense: 1, activation: linear, dropout: 0}
                """)
        ]
    )

    public func check(_ context: RuleContext) -> [Diagnostic] {
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
