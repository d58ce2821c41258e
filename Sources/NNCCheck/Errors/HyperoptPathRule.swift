import NNCDiagnostics
import NNCSpec
import NNCSyntax

/// Every path of `hyperopt.space` names a value of the spec (the resolved
/// spec: every default written out), with did-you-mean on the part that fails.
public enum HyperoptPathRule: Rule {
    public static let code: DiagnosticCode = .hyperoptUnknownPath
    /// The value and path checks decode the whole base spec: every part it is made of.
    public static let reads = HyperoptPaths.reads

    static func example(_ space: String) -> RuleExample {
        .gluon("  seed: 42\n", "  seed: 42\nhyperopt:\n  trials: 10\n  space:\n" + space)
    }

    public static let triggering: [RuleExample] = [
        example("    ↓network.layers[0].dens: {int: [10, 60]}\n"),
        example("    ↓trainig.batch_size: {choice: [32, full]}\n"),
        example("    ↓network.layers[5].dense: {int: [10, 60]}\n"),
    ]
    public static let nonTriggering: [RuleExample] = [
        example("    network.layers[0].dense: {int: [10, 60]}\n    network.layers[:-1].activation: {choice: [tanh, sigmoid, elu]}\n"),
        example("    training.optimizer.*.learning_rate: {log_uniform: [1.0e-4, 1.0e-1]}\n    training.stopping.patience: {int: [200, 2000]}\n"),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        guard let h = spec.hyperopt else { return [] }
        let template = SpecTemplate(base: spec)
        var out: [Diagnostic] = []
        for entry in h.space {
            if let d = HyperoptPaths.problem(template, entry) { out.append(d) }
        }
        return out
    }
}
