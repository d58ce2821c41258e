import NNCDiagnostics
import NNCSpec

/// A dense layer's width is a positive integer of sane size.
///
/// A width of 0 has no units to compute anything; a width in the hundreds of
/// thousands is a typo (an extra zero or two) long before it is a network that
/// fits in memory.
public enum LayerWidthRule: Rule {
    public static let code: DiagnosticCode = .layerWidthRange
    public static let reads = ["network.layers.*.dense"]
    public static let judges = ["network.layers.*.dense"]
    public static let maxWidth = 100_000

    public static let triggering: [RuleExample] = [
        .gluon("- dense: 25", "- dense: ↓0"),
        .gluon("- dense: 20", "- dense: ↓-3"),
        .gluon("- dense: 25", "- dense: ↓2500000"),
    ]
    public static let nonTriggering: [RuleExample] = [
        .gluon("- dense: 25", "- dense: 1"),
        .gluon("- dense: 25", "- dense: 100000"),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        spec.network.layers.enumerated().compactMap { i, layer in
            let u = layer.units
            if u.value < 1 {
                return Diagnostic(code, span: u.span, message: "the width of \(Finding.layer(i, layer)) must be at least 1, found \(u.value)",
                                  label: "expected a positive integer")
            }
            if u.value > maxWidth {
                return Diagnostic(code, span: u.span, message: "the width \(u.value) of \(Finding.layer(i, layer)) is above the limit of \(maxWidth)",
                                  label: "too wide", notes: [DiagnosticNote("a dense layer this wide is almost always a typo (an extra zero?)")])
            }
            return nil
        }
    }
}
