import NNCDiagnostics
import NNCSpec

/// W0203: a cross-entropy loss on an output that is not a probability.
///
/// binary_crossentropy is -y log p - (1 - y) log(1 - p): it needs p in (0, 1),
/// which a sigmoid output guarantees and a linear or relu output does not (log
/// of a negative number or of zero gives NaN or infinity). categorical_crossentropy
/// needs a probability distribution over the outputs, which is what softmax gives.
public struct ProbabilityLossOutputRule: LintRule {
    public init() {}

    public static let description = RuleDescription(
        code: "W0203",
        name: "probability-loss-output",
        rationale: """
            Cross-entropy losses take logarithms of probabilities: binary_crossentropy wants a \
            sigmoid output in (0, 1), categorical_crossentropy a softmax distribution.
            """,
        triggeringExamples: [
            RuleExample(
                network: """
                    layers:
                      - {dense: 16, activation: relu}
                      - {dense: 1, activation: linear}
                    """,
                data: """
                    generate:
                      truth: "0.5 + 0.5 * tanh(10 * (x - 0.5))"
                      x: {linspace: [0, 1], points: 200}
                      seed: 1
                    validation: {fraction: 0.25, seed: 2}
                    """,
                training: """
                    loss: ↓binary_crossentropy
                    optimizer: adam
                    epochs: 2000
                    stopping: {patience: 200}
                    """)
        ],
        nonTriggeringExamples: [
            RuleExample(
                network: """
                    layers:
                      - {dense: 16, activation: relu}
                      - {dense: 1, activation: sigmoid}
                    """,
                data: """
                    generate:
                      truth: "0.5 + 0.5 * tanh(10 * (x - 0.5))"
                      x: {linspace: [0, 1], points: 200}
                      seed: 1
                    validation: {fraction: 0.25, seed: 2}
                    """,
                training: """
                    loss: binary_crossentropy
                    optimizer: adam
                    epochs: 2000
                    stopping: {patience: 200}
                    """)
        ]
    )

    public func check(_ context: RuleContext) -> [Diagnostic] {
        guard let output = context.outputLayer else { return [] }
        let loss = context.spec.training.loss
        let activation = output.activation.value.kind
        let expected: ActivationKind
        switch loss.value.kind {
        case .binaryCrossentropy:
            // softmax is paired with categorical_crossentropy by the checker.
            guard activation != .sigmoid, activation != .softmax else { return [] }
            expected = .sigmoid
        case .categoricalCrossentropy:
            guard activation != .softmax else { return [] }
            expected = .softmax
        default:
            return []
        }
        return [
            finding(
                at: loss.span,
                "\(loss.value.kind.rawValue) on a \(activation.rawValue) output: the loss takes logarithms of probabilities, which a \(activation.rawValue) output does not give",
                label: "expected a \(expected.rawValue) output",
                notes: [
                    DiagnosticNote("the output layer \(output.quotedName) is \(activation.rawValue)", span: output.activation.span),
                    DiagnosticNote("use activation: \(expected.rawValue) on the output layer"),
                ])
        ]
    }
}
