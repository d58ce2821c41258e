import NNCDiagnostics
import NNCSpec

/// With observables, validation is the per-point split of each data set
/// (`fraction`), not a separate file.
public enum ObservableValidationRule: Rule {
    public static let code: DiagnosticCode = .observableValidationFile
    public static let reads = ["data.validation", "data.observables"]

    public static let triggering: [RuleExample] = [
        .physics("validation: {fraction: 0.25, seed: 1}", "validation: {csv: ↓val.csv}",
                 files: ["val.csv": "x,f\n0.2,1\n0.4,2\n"]),
    ]
    public static let nonTriggering: [RuleExample] = [
        .physics([]),
        .physics("  validation: {fraction: 0.25, seed: 1}\n", ""),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        guard case .csv(let csv)? = spec.data.validation, let first = spec.data.observables.first else { return [] }
        return [Diagnostic(
            code, span: csv.path.span,
            message: "a validation file cannot be used with observables",
            label: "expected 'validation: {fraction: 0.25, seed: 1}'",
            notes: [DiagnosticNote("validation of observables holds out a fraction of each data set's points, with the block of its covariance"),
                    DiagnosticNote("the observables start here", span: first.name.span)])]
    }
}
