import NNCDiagnostics
import NNCSpec

/// A sum rule's weight and a positivity threshold are 0 or more; a closure
/// data set's level is 0 or 1.
public enum PhysicsValueRule: Rule {
    public static let code: DiagnosticCode = .physicsValue
    public static let reads = ["data.observables.items", "training.constraints.items"]

    public static let triggering: [RuleExample] = [
        .physics("weight: 100}", "weight: ↓-100}"),
        .physics("threshold: 1.0e-6}", "threshold: ↓-1.0e-6}"),
        .physics("level: 1, seed: 7}", "level: ↓2, seed: 7}"),
    ]
    public static let nonTriggering: [RuleExample] = [
        .physics([("weight: 100}", "weight: 0}"), ("threshold: 1.0e-6}", "threshold: 0}"), ("level: 1, seed: 7}", "level: 0, seed: 7}")]),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for c in spec.training.constraints {
            switch c {
            case .sumRule(let s) where s.weight.value < 0:
                out.append(Diagnostic(
                    code, span: s.weight.span, message: "the weight of '\(s.name.value)' must be 0 or more, found \(Finding.show(s.weight.value))",
                    label: "expected a number ≥ 0",
                    notes: [DiagnosticNote("the sum rule adds weight · (I − equals)² to the cost; a negative weight rewards missing it")]))
            case .positivity(let p) where p.threshold.value < 0:
                out.append(Diagnostic(
                    code, span: p.threshold.span, message: "the threshold of '\(p.name.value)' must be 0 or more, found \(Finding.show(p.threshold.value))",
                    label: "expected a number ≥ 0",
                    notes: [DiagnosticNote("an epoch is a stopping candidate only while every value is ≥ −threshold")]))
            default:
                break
            }
        }
        for o in spec.data.observables {
            guard case .truth(_, let level, _, _) = o.values, level.value != 0 && level.value != 1 else { continue }
            out.append(Diagnostic(
                code, span: level.span, message: "the closure level of '\(o.name.value)' must be 0 or 1, found \(level.value)",
                label: "expected 0 or 1",
                notes: [DiagnosticNote("level 0: the values are K·truth exactly; level 1: plus one draw of the experimental noise L·z (C = L·Lᵀ)")]))
        }
        return out
    }
}
