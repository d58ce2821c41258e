import NNCDiagnostics
import NNCSpec

/// `batch_size` is `full` or a positive integer not above the training points.
///
/// A batch larger than the training set cannot be filled. The count is known
/// for generated data (the grid, less the validation share) and for CSV data
/// (its rows).
public enum BatchSizeRule: Rule {
    public static let code: DiagnosticCode = .batchSizeRange
    public static let reads = ["training.batch_size"]

    public static let triggering: [RuleExample] = [
        .gluon("batch_size: full", "batch_size: ↓0"),
        // 200 points less a quarter for validation leaves 150.
        .gluon("batch_size: full", "batch_size: ↓151"),
        .classifier("batch_size: 4", "batch_size: ↓13"),
    ]
    public static let nonTriggering: [RuleExample] = [
        .gluon("batch_size: full", "batch_size: 150"),
        .gluon("batch_size: full", "batch_size: 1"),
        .classifier("batch_size: 4", "batch_size: 12"),
    ]

    public static func check(_ spec: Spec, _ context: RuleContext) -> [Diagnostic] {
        let b = spec.training.batchSize
        guard case .size(let n) = b.value else { return [] }
        if n < 1 {
            return [Diagnostic(code, span: b.span, message: "'batch_size' must be at least 1, found \(n)",
                               label: "expected 'full' or a positive integer")]
        }
        if let points = context.trainingPoints, n > points {
            var notes: [DiagnosticNote] = []
            if let v = context.validationPoints, case .fraction? = spec.data.validation {
                notes.append(DiagnosticNote("\(Finding.plural(v, "point")) of \(context.totalPoints ?? points + v) go to validation"))
            }
            notes.append(DiagnosticNote("use 'batch_size: full' to train on every point at each step"))
            return [Diagnostic(code, span: b.span, message: "'batch_size' is \(n), but there are only \(Finding.plural(points, "training point"))",
                               label: "at most \(points)", notes: notes,
                               fixIt: FixIt(span: b.span, replacement: "full", message: "replace with 'full'"))]
        }
        return []
    }
}
