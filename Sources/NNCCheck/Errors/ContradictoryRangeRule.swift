import NNCDiagnostics
import NNCSpec

/// A range `[lower, upper]` of the physics parts is not written high to low:
/// preprocessing's `small_x` and `large_x`, and `{between: [a, b]}` under `expect`.
public enum ContradictoryRangeRule: Rule {
    public static let code: DiagnosticCode = .contradictoryRange
    public static let reads = ["network.preprocessing", "expect"]

    public static let triggering: [RuleExample] = [
        .physics("small_x: [0.0, 0.5]", "small_x: ↓[0.5, 0.0]"),
        .physics("large_x: [2.0, 5.0]", "large_x: ↓[5.0, 2.0]"),
        .physics("xi_1sigma: {between: [0.5, 0.9]}", "xi_1sigma: {between: ↓[0.9, 0.5]}"),
    ]
    public static let nonTriggering: [RuleExample] = [
        .physics("small_x: [0.0, 0.5]", "small_x: [0.3, 0.3]"),
        .physics("xi_1sigma: {between: [0.5, 0.9]}", "xi_1sigma: {between: [0.68, 0.68]}"),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func ordered(_ lower: Double, _ upper: Double, span: SourceSpan, what: String, note: String) {
            guard lower > upper else { return }
            out.append(Diagnostic(
                code, span: span,
                message: "the range of \(what) is written high to low: [\(Finding.show(lower)), \(Finding.show(upper))]",
                label: "expected [lower, upper]", notes: [DiagnosticNote(note)],
                fixIt: FixIt(span: span, replacement: "[\(Finding.show(upper)), \(Finding.show(lower))]", message: "swap the bounds")))
        }
        if let p = spec.network.preprocessing {
            ordered(p.smallX.value.lower, p.smallX.value.upper, span: p.smallX.span, what: "'small_x'",
                    note: "a, the exponent of x^a, is drawn from this range and kept inside it")
            ordered(p.largeX.value.lower, p.largeX.value.upper, span: p.largeX.span, what: "'large_x'",
                    note: "b, the exponent of (1 − x)^b, is drawn from this range and kept inside it")
        }
        for e in spec.expect?.entries ?? [] {
            guard case .between(let a, let b) = e.condition.value else { continue }
            ordered(a, b, span: e.condition.span, what: "'\(e.metric.value.key)'",
                    note: "no value lies between \(Finding.show(a)) and \(Finding.show(b))")
        }
        return out
    }
}
