import NNCDiagnostics
import NNCSpec

/// The noise scale of generated data is not negative.
public enum NoiseRule: Rule {
    public static let code: DiagnosticCode = .negativeNoise
    public static let reads = ["data.generate.noise"]

    public static let triggering: [RuleExample] = [
        .gluon("noise: {relative: 0.05}", "noise: {relative: ↓-0.05}"),
        .gluon("noise: {relative: 0.05}", "noise: {absolute: ↓-1}"),
    ]
    public static let nonTriggering: [RuleExample] = [
        .gluon("noise: {relative: 0.05}", "noise: {relative: 0}"),
        .gluon("noise: {relative: 0.05}", "noise: {absolute: 0.3}"),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        guard case .generate(let g) = spec.data.source, let n = g.noise, !(n.value.scale >= 0) else { return [] }
        return [Diagnostic(code, span: n.span, message: "the noise scale must not be negative, found \(Finding.show(n.value.scale))",
                           label: "expected 0 or more",
                           notes: [DiagnosticNote("the scale is a standard deviation: \(n.value.kind == .relative ? "sigma = s * |truth|" : "sigma = s")")])]
    }
}
