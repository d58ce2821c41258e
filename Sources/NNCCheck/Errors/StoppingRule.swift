import NNCDiagnostics
import NNCSpec

/// Early stopping's `patience` is at least 1 and `min_delta` is not negative.
public enum StoppingRule: Rule {
    public static let code: DiagnosticCode = .stoppingRange
    public static let reads = ["training.stopping"]

    public static let triggering: [RuleExample] = [
        .gluon("patience: 2000", "patience: ↓0"),
        .gluon("restore_best: true", "restore_best: true, min_delta: ↓-0.1"),
    ]
    public static let nonTriggering: [RuleExample] = [
        .gluon("patience: 2000", "patience: 1"),
        .gluon("restore_best: true", "min_delta: 0"),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        guard let s = spec.training.stopping else { return [] }
        var out: [Diagnostic] = []
        if s.value.patience < 1 {
            out.append(Diagnostic(code, span: s.value.spans["patience"] ?? s.span,
                                  message: "'patience' must be at least 1, found \(s.value.patience)",
                                  label: "expected a positive number of epochs",
                                  notes: [DiagnosticNote("patience is how many epochs without improvement to wait before stopping")]))
        }
        if !(s.value.minDelta >= 0) {
            out.append(Diagnostic(code, span: s.value.spans["min_delta"] ?? s.span,
                                  message: "'min_delta' must not be negative, found \(Finding.show(s.value.minDelta))",
                                  label: "expected 0 or more"))
        }
        return out
    }
}
