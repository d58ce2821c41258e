import NNCDiagnostics
import NNCSpec

/// A validation fraction is in (0, 1) and leaves at least one point on each side.
public enum ValidationFractionRule: Rule {
    public static let code: DiagnosticCode = .validationFractionRange
    public static let reads = ["data.validation"]

    public static let triggering: [RuleExample] = [
        .gluon("fraction: 0.25", "fraction: ↓0"),
        .gluon("fraction: 0.25", "fraction: ↓1.0"),
        // 200 points: 0.001 of them rounds to none.
        .gluon("fraction: 0.25", "fraction: ↓0.001"),
        .gluon("fraction: 0.25", "fraction: ↓0.999"),
    ]
    public static let nonTriggering: [RuleExample] = [
        .gluon("fraction: 0.25", "fraction: 0.005"),
        .gluon("fraction: 0.25", "fraction: 0.99"),
    ]

    public static func check(_ spec: Spec, _ context: RuleContext) -> [Diagnostic] {
        guard case .fraction(let f, _)? = spec.data.validation else { return [] }
        if !(f.value > 0 && f.value < 1) {
            return [Diagnostic(code, span: f.span, message: "the validation fraction must be between 0 and 1, found \(Finding.show(f.value))",
                               label: "expected a fraction such as 0.2",
                               notes: [DiagnosticNote("omit 'validation' to train without a validation set")])]
        }
        if let n = context.totalPoints, let v = context.validationPoints, v < 1 || n - v < 1 {
            let side = v < 1 ? "no validation point" : "no training point"
            return [Diagnostic(code, span: f.span, message: "a validation fraction of \(Finding.show(f.value)) of \(Finding.plural(n, "point")) leaves \(side)",
                               label: v < 1 ? "too small" : "too large",
                               notes: [DiagnosticNote("the validation set is round(fraction * points) = \(v) of \(n)")])]
        }
        return []
    }
}
