import NNCDiagnostics
import NNCSpec

/// W0303: a mini-batch that is more than half of the training set, but not all of it.
///
/// (A batch larger than the training set is the checker's error E0306.) With
/// a batch above half the training points, an epoch is one step on `b` points
/// and one on the small remainder (the last batch is kept, as in PyTorch): two
/// steps of very different noise, with neither the stable gradient of full-batch
/// training nor the many cheap steps that make mini-batches worth having.
public enum LargeBatchRule: Rule {
    public static let code: DiagnosticCode = .largeBatch
    public static let name = "large-mini-batch"
    public static let rationale = """
        A batch_size above half of the training points gives each epoch one large step and \
        one step on the small remainder; use batch_size: full, or a batch of at most half the points.
        """
    public static let reads = ["training.batch_size", "data.train", "data.generate.sampling", "data.validation"]

    public static let triggering: [RuleExample] = [
        // 200 points, 50 held out for validation: 150 left, so batches of 120 and 30.
        RuleExample(training: """
            loss: mse
            optimizer: adam
            batch_size: ↓120
            epochs: 2000
            stopping: {patience: 200}
            """)
    ]
    public static let nonTriggering: [RuleExample] = [
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
            batch_size: 75
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

    public static func check(_ spec: Spec, _ context: RuleContext) -> [Diagnostic] {
        let batch = context.spec.training.batchSize
        guard case .size(let b) = batch.value, let train = context.trainingPoints, b < train, 2 * b > train
        else { return [] }
        return [
            finding(
                at: batch.span,
                "batch_size \(b) is most of the \(train) training points: each epoch is one step on \(b) points and one on the remaining \(train - b)",
                label: "more than half of \(train) training points",
                notes: [
                    DiagnosticNote(
                        "use batch_size: full for the steadiest gradient, or at most \(train / 2) for mini-batch steps"),
                ])
        ]
    }
}
