import NNCDiagnostics
import NNCSpec

/// An L2 coefficient is not negative.
///
/// L2 adds `l2 * sum(w^2)` to the loss; a negative coefficient rewards large
/// weights and the fit diverges.
public enum L2Rule: Rule {
    public static let code: DiagnosticCode = .negativeL2
    public static let reads = ["network.layers.*.l2"]

    public static let triggering: [RuleExample] = [
        .gluon("dropout: 0.1", "l2: ↓-1.0e-4"),
    ]
    public static let nonTriggering: [RuleExample] = [
        .gluon("dropout: 0.1", "l2: 0"),
        .gluon("dropout: 0.1", "l2: 1.0e-4"),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        spec.network.layers.enumerated().compactMap { i, layer in
            let l2 = layer.l2
            guard !(l2.value >= 0) else { return nil }
            return Diagnostic(code, span: l2.span, message: "the l2 coefficient of \(Finding.layer(i, layer)) must not be negative, found \(Finding.show(l2.value))",
                              label: "expected 0 or more")
        }
    }
}
