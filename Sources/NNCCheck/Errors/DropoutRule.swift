import NNCDiagnostics
import NNCSpec

/// A dropout rate is in [0, 1).
///
/// It is the probability of zeroing a unit during training: 1 would drop every
/// unit (and inverted dropout would divide by zero), a negative rate means nothing.
public enum DropoutRule: Rule {
    public static let code: DiagnosticCode = .dropoutRange
    public static let reads = ["network.layers.*.dropout"]

    public static let triggering: [RuleExample] = [
        .gluon("dropout: 0.1", "dropout: ↓1"),
        .gluon("dropout: 0.1", "dropout: ↓-0.2"),
        .gluon("dropout: 0.1", "dropout: ↓1.5"),
    ]
    public static let nonTriggering: [RuleExample] = [
        .gluon("dropout: 0.1", "dropout: 0"),
        .gluon("dropout: 0.1", "dropout: 0.99"),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        spec.network.layers.enumerated().compactMap { i, layer in
            let d = layer.dropout
            guard !(d.value >= 0 && d.value < 1) else { return nil }
            return Diagnostic(code, span: d.span, message: "the dropout rate of \(Finding.layer(i, layer)) must be in [0, 1), found \(Finding.show(d.value))",
                              label: "expected a probability below 1",
                              notes: [DiagnosticNote("dropout is the fraction of units zeroed during training; 0.1 to 0.5 is usual")])
        }
    }
}
