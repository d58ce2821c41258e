import NNCDiagnostics
import NNCSpec

/// W0204: softmax over a single output unit.
///
/// softmax normalises exp(z_i) over the units; with one unit the result is
/// exp(z) / exp(z) = 1 for every input, so the output is constant and its
/// gradient is zero. A yes/no output wants sigmoid with binary_crossentropy.
public struct SingleUnitSoftmaxRule: LintRule {
    public init() {}

    public static let description = RuleDescription(
        code: "W0204",
        name: "single-unit-softmax",
        rationale: """
            softmax over one unit is exp(z)/exp(z) = 1 whatever the input: the network's output \
            is constant and nothing trains. Use sigmoid for a single probability.
            """,
        triggeringExamples: [
            RuleExample(
                network: """
                    layers:
                      - {dense: 16, activation: relu}
                      - {dense: 1, activation: ↓softmax}
                    """,
                training: """
                    loss: categorical_crossentropy
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
                      - {dense: 3, activation: softmax}
                    """,
                data: """
                    generate:
                      truth: ["x", "1 - x", "0 * x"]
                      x: {linspace: [0, 1], points: 200}
                      seed: 1
                    validation: {fraction: 0.25, seed: 2}
                    """,
                training: """
                    loss: categorical_crossentropy
                    optimizer: adam
                    epochs: 2000
                    stopping: {patience: 200}
                    """,
                outputs: "[a, b, c]")
        ]
    )

    public func check(_ context: RuleContext) -> [Diagnostic] {
        guard let output = context.outputLayer, output.activation.value.kind == .softmax, output.units.value == 1
        else { return [] }
        return [
            finding(
                at: output.activation.span,
                "softmax over a single unit is always 1: the output is constant and never trains",
                label: "softmax of one unit",
                notes: [DiagnosticNote("for one probability use activation: sigmoid with loss: binary_crossentropy")])
        ]
    }
}
