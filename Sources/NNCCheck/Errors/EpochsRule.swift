import NNCDiagnostics
import NNCSpec

/// `epochs` is at least 1 and below a sane bound.
public enum EpochsRule: Rule {
    public static let code: DiagnosticCode = .epochsRange
    public static let reads = ["training.epochs"]
    public static let maxEpochs = 100_000_000

    public static let triggering: [RuleExample] = [
        .gluon("epochs: 20000", "epochs: ↓0"),
        .gluon("epochs: 20000", "epochs: ↓1e12"),
    ]
    public static let nonTriggering: [RuleExample] = [
        .gluon("epochs: 20000", "epochs: 1"),
        .gluon("epochs: 20000", "epochs: 1e6"),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        let e = spec.training.epochs
        if e.value < 1 {
            return [Diagnostic(code, span: e.span, message: "'epochs' must be at least 1, found \(e.value)",
                               label: "expected a positive integer")]
        }
        if e.value > maxEpochs {
            return [Diagnostic(code, span: e.span, message: "'epochs' is \(e.value), above the limit of \(maxEpochs)",
                               label: "too many epochs",
                               notes: [DiagnosticNote("use early stopping ('stopping: {patience: N}') to end a long run when it stops improving")])]
        }
        return []
    }
}
