import NNCDiagnostics
import NNCSpec

/// The grid sampler enumerates values, so every dimension must be a choice
/// or an integer range (a continuous range has no grid).
public enum GridSamplerRule: Rule {
    public static let code: DiagnosticCode = .hyperoptGridContinuous
    public static let reads = ["hyperopt"]

    public static let triggering: [RuleExample] = [
        .gluon("  seed: 42\n", "  seed: 42\nhyperopt:\n  trials: 4\n  sampler: grid\n  space:\n    training.optimizer.*.learning_rate: ↓{log_uniform: [1.0e-4, 1.0e-1]}\n"),
    ]
    public static let nonTriggering: [RuleExample] = [
        .gluon("  seed: 42\n", "  seed: 42\nhyperopt:\n  trials: 4\n  sampler: grid\n  space:\n    training.optimizer.*.learning_rate: {choice: [1.0e-3, 1.0e-2]}\n    network.layers[0].dense: {int: [4, 5]}\n"),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        guard let h = spec.hyperopt, h.sampler.value == .grid else { return [] }
        return h.space.compactMap { entry in
            guard entry.domain.value.count == nil else { return nil }
            return Diagnostic(code, span: entry.domain.span,
                              message: "the grid sampler cannot enumerate the continuous range of '\(entry.path.value)'",
                              label: "expected {choice: [...]} or {int: [low, high]}",
                              notes: [DiagnosticNote("list the values to try, such as {choice: [1.0e-4, 1.0e-3, 1.0e-2]}, or use sampler: random or tpe")])
        }
    }
}
