import NNCDiagnostics
import NNCSpec

/// W0303: a mini-batch larger than what is left for training after the
/// validation split.
///
/// The checker rejects a batch larger than the data itself; a batch that fits
/// the data but not its training part silently becomes the whole training set
/// every step — full-batch training that says it is mini-batch.
public struct BatchSizeRule: LintRule {
    public init() {}

    public static let description = RuleDescription(
        code: "W0303",
        name: "batch-size-after-split",
        rationale: """
            A batch_size larger than the training points left after the validation split makes \
            every batch the whole training set; write batch_size: full or a smaller batch.
            """,
        triggeringExamples: [
            // 200 points, 50 held out for validation: 150 left for training.
            RuleExample(training: """
                loss: mse
                optimizer: adam
                batch_size: ↓180
                epochs: 2000
                stopping: {patience: 200}
                """)
        ],
        nonTriggeringExamples: [
            RuleExample(training: """
                loss: mse
                optimizer: adam
                batch_size: 150
                epochs: 2000
                stopping: {patience: 200}
                """),
            RuleExample(training: """
                loss: mse
                optimizer: adam
                batch_size: full
                epochs: 2000
                stopping: {patience: 200}
                """),
        ]
    )

    public func check(_ context: RuleContext) -> [Diagnostic] {
        let batch = context.spec.training.batchSize
        guard case .size(let b) = batch.value, let total = context.dataPoints, let train = context.trainingPoints,
            b > train, b <= total
        else { return [] }
        return [
            finding(
                at: batch.span,
                "batch_size \(b) is larger than the \(train) training points left after the validation split: every batch is the whole training set",
                label: "more than \(train) training points",
                notes: [DiagnosticNote("write batch_size: full, or a batch smaller than \(train)")])
        ]
    }
}
