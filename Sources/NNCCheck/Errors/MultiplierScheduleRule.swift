import NNCDiagnostics
import NNCSpec

/// A positivity multiplier starts above 0 and grows: initial > 0, factor ≥ 1,
/// every ≥ 1, max ≥ initial.
public enum MultiplierScheduleRule: Rule {
    public static let code: DiagnosticCode = .multiplierSchedule
    public static let reads = ["training.constraints.items"]

    public static let triggering: [RuleExample] = [
        .physics("factor: 1.2", "factor: ↓0.5"),
        .physics("every: 100", "every: ↓0"),
        .physics("max: 1.0e8", "max: ↓0.5"),
        .physics("initial: 1.0", "initial: ↓0"),
    ]
    public static let nonTriggering: [RuleExample] = [
        .physics("multiplier: {initial: 1.0, factor: 1.2, every: 100, max: 1.0e8}, ", ""),
        .physics("multiplier: {initial: 1.0, factor: 1.2, every: 100, max: 1.0e8}", "multiplier: {initial: 5, factor: 1, every: 1, max: 5}"),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for c in spec.training.constraints {
            guard case .positivity(let p) = c else { continue }
            let m = p.multiplier.value
            func at(_ key: String) -> SourceSpan { m.spans[key] ?? p.multiplier.span }
            func add(_ key: String, _ message: String, _ label: String) {
                out.append(Diagnostic(
                    code, span: at(key), message: "the multiplier of '\(p.name.value)' \(message)", label: label,
                    notes: [DiagnosticNote("λ at epoch t is min(initial · factor^⌊t/every⌋, max); the defaults are {initial: 1, factor: 1.3, every: 100, max: 1e10}")]))
            }
            if !(m.initial > 0) { add("initial", "must start above 0, found initial: \(Finding.show(m.initial))", "expected a number > 0") }
            if !(m.factor >= 1) { add("factor", "must grow, found factor: \(Finding.show(m.factor))", "expected a factor ≥ 1") }
            if m.every < 1 { add("every", "must grow every 1 or more epochs, found every: \(m.every)", "expected an integer ≥ 1") }
            if !(m.max >= m.initial) {
                add("max", "is capped at \(Finding.show(m.max)), below its start \(Finding.show(m.initial))", "expected max ≥ initial")
            }
        }
        return out
    }
}
