import NNCDiagnostics
import NNCSpec

/// chi2 with a covariance matrix trains on one batch of every training point.
///
/// rᵀC⁻¹r couples every pair of points, so the loss of a mini-batch is not a
/// part of the whole: the inverse of a block of C is not the block of C⁻¹.
/// The trainer therefore needs `batch_size: full` (or a size equal to the
/// training points).
public enum CovarianceBatchRule: Rule {
    public static let code: DiagnosticCode = .covarianceMiniBatch
    public static let reads = ["training.loss", "training.batch_size"]

    static let covariance = ("loss: mse", "loss: {chi2: {covariance: cov.csv}}")
    static let files = ["cov.csv": "1\n"]

    public static let triggering: [RuleExample] = [
        .gluon([covariance, ("batch_size: full", "batch_size: ↓32")], files: files),
        .gluon([covariance, ("batch_size: full", "batch_size: ↓149")], files: files),
    ]
    public static let nonTriggering: [RuleExample] = [
        .gluon([covariance], files: files),
        // 200 points less a quarter for validation: one batch of all 150.
        .gluon([covariance, ("batch_size: full", "batch_size: 150")], files: files),
        .gluon("batch_size: full", "batch_size: 32"),
    ]

    public static func check(_ spec: Spec, _ context: RuleContext) -> [Diagnostic] {
        guard case .covariance? = spec.training.loss.value.chi2 else { return [] }
        let b = spec.training.batchSize
        guard case .size(let n) = b.value, n >= 1 else { return [] }
        if let points = context.trainingPoints, n >= points { return [] }
        let all = context.trainingPoints.map { "all \(Finding.plural($0, "training point"))" } ?? "every training point"
        return [Diagnostic(code, span: b.span,
                           message: "chi2 with a covariance matrix needs one batch of \(all), found 'batch_size: \(n)'",
                           label: "expected 'full'",
                           notes: [DiagnosticNote("the covariance couples every pair of points, so the loss is defined only on the whole training set"),
                                   DiagnosticNote("the loss asks for the covariance here", span: spec.training.loss.span)],
                           fixIt: FixIt(span: b.span, replacement: "full", message: "replace with 'full'"))]
    }
}
