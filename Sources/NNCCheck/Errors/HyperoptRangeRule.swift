import NNCDiagnostics
import NNCSpec

/// The numbers of the `hyperopt:` block are in range: at least one trial,
/// non-empty ranges, positive log-uniform bounds, folds and pruning counts.
public enum HyperoptRangeRule: Rule {
    public static let code: DiagnosticCode = .hyperoptBadRange
    public static let reads = ["hyperopt"]

    static func example(_ block: String) -> RuleExample {
        .gluon("  seed: 42\n", "  seed: 42\nhyperopt:\n" + block)
    }

    public static let triggering: [RuleExample] = [
        example("  trials: ↓0\n  space:\n    training.batch_size: {choice: [32, full]}\n"),
        example("  trials: 5\n  space:\n    network.layers[0].dense: ↓{int: [60, 10]}\n"),
        example("  trials: 5\n  space:\n    training.optimizer.*.learning_rate: ↓{log_uniform: [0, 1.0e-1]}\n"),
        example("  trials: 5\n  reward: {folds: ↓0}\n  space:\n    training.batch_size: {choice: [32, full]}\n"),
        example("  trials: 5\n  space:\n    training.batch_size: ↓{choice: []}\n"),
    ]
    public static let nonTriggering: [RuleExample] = [
        example("  trials: 5\n  reward: {folds: 4, statistic: best_worst}\n  space:\n    network.layers[0].dense: {int: [10, 10]}\n"),
        example("  trials: 5\n  prune: {median: {after_epochs: 100}}\n  space:\n    training.optimizer.*.learning_rate: {log_uniform: [1.0e-4, 1.0e-1]}\n"),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        guard let h = spec.hyperopt else { return [] }
        var out: [Diagnostic] = []
        if h.trials.value < 1 {
            out.append(Diagnostic(code, span: h.trials.span, message: "'trials' must be at least 1, found \(h.trials.value)",
                                  label: "expected a positive number of trials"))
        }
        if h.reward.folds.value < 1 || h.reward.folds.value > 100 {
            out.append(Diagnostic(code, span: h.reward.folds.span, message: "'folds' must be from 1 to 100, found \(h.reward.folds.value)",
                                  label: "expected 1 (the spec's validation set) or k ≥ 2 for k-fold",
                                  notes: [DiagnosticNote("n3fit-style studies use 4 folds")]))
        }
        if let p = h.prune?.value, p.every < 1 || p.afterEpochs < 0 || p.startupTrials < 0 {
            out.append(Diagnostic(code, span: h.prune!.span, message: "median pruning needs after_epochs ≥ 0, every ≥ 1 and startup_trials ≥ 0",
                                  label: "out of range"))
        }
        for entry in h.space {
            let d = entry.domain
            switch d.value {
            case .int(let a, let b) where a > b:
                out.append(Diagnostic(code, span: d.span, message: "the range [\(a), \(b)] of '\(entry.path.value)' is empty",
                                      label: "expected low ≤ high", fixIt: FixIt(span: d.span, replacement: "{int: [\(b), \(a)]}", message: "swap the bounds")))
            case .uniform(let a, let b) where a > b:
                out.append(Diagnostic(code, span: d.span, message: "the range [\(a), \(b)] of '\(entry.path.value)' is empty",
                                      label: "expected low ≤ high"))
            case .logUniform(let a, let b) where a <= 0 || b <= 0 || a > b:
                out.append(Diagnostic(code, span: d.span, message: "log_uniform needs bounds 0 < low ≤ high for '\(entry.path.value)', found [\(a), \(b)]",
                                      label: "expected positive bounds, low first",
                                      notes: [DiagnosticNote("a log-uniform draw is uniform in log(value); use {uniform: [...]} for ranges that include 0")]))
            case .choice(let c) where c.isEmpty:
                out.append(Diagnostic(code, span: d.span, message: "the choice of '\(entry.path.value)' lists no values",
                                      label: "expected at least one value"))
            default:
                break
            }
        }
        if let a = h.architecture, a.value.layers.lowerBound < 1 || a.value.units.lowerBound < 1 {
            out.append(Diagnostic(code, span: a.span, message: "architecture needs at least 1 hidden layer of at least 1 unit",
                                  label: "expected positive ranges"))
        }
        return out
    }
}
