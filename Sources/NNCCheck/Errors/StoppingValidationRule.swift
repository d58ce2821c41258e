import NNCDiagnostics
import NNCSpec

/// Early stopping needs a validation set.
///
/// Stopping watches the validation loss; without a validation set there is
/// nothing to watch (the training loss keeps falling as the fit learns noise).
public enum StoppingValidationRule: Rule {
    public static let code: DiagnosticCode = .stoppingWithoutValidation
    public static let reads = ["training.stopping", "data.validation"]

    public static let triggering: [RuleExample] = [
        .gluon([("  validation: {fraction: 0.25, seed: 1} # or {csv: data/val.csv}\n", ""),
                ("stopping: {patience", "stopping: ↓{patience")]),
    ]
    public static let nonTriggering: [RuleExample] = [
        .gluon("seed: 42", "seed: 42"),
        .gluon([("  validation: {fraction: 0.25, seed: 1} # or {csv: data/val.csv}\n", ""),
                ("  stopping: {patience: 2000, restore_best: true}   # look-back on validation loss\n", "")]),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        guard let s = spec.training.stopping, spec.data.validation == nil else { return [] }
        return [Diagnostic(code, span: s.span, message: "early stopping needs a validation set, and 'data' has none",
                           label: "stops on the validation loss",
                           notes: [DiagnosticNote("add one under data: validation: {fraction: 0.2, seed: 1}"),
                                   DiagnosticNote("or remove 'stopping' to train for all the epochs")])]
    }
}
