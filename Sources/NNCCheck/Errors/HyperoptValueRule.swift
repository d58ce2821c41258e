import NNCDiagnostics
import NNCSpec
import NNCSyntax

/// The spec accepts every searched value at its path: each bound of a range
/// and each choice is set alone on the base spec, which is then decoded and
/// checked; what the base alone did not report is reported at the searched
/// value's line.
public enum HyperoptValueRule: Rule {
    public static let code: DiagnosticCode = .hyperoptValueRejected
    /// The value and path checks decode the whole base spec: every part it is made of.
    public static let reads = HyperoptPaths.reads

    static func example(_ space: String) -> RuleExample {
        .gluon("  seed: 42\n", "  seed: 42\nhyperopt:\n  trials: 10\n  space:\n" + space)
    }

    public static let triggering: [RuleExample] = [
        example("    network.layers[*].activation: {choice: [tanh, ↓tahn]}\n"),
        example("    training.optimizer.*.learning_rate: ↓{uniform: [-1, 1.0e-1]}\n"),
        example("    network.layers[1].dropout: {choice: [0.1, ↓1.5]}\n"),
    ]
    public static let nonTriggering: [RuleExample] = [
        example("    training.optimizer: {choice: [{adam: {}}, rmsprop, {sgd: {momentum: 0.9}}]}\n    training.optimizer.*.learning_rate: {log_uniform: [1.0e-4, 1.0e-1]}\n"),
        example("    training.batch_size: {choice: [32, 128, full]}\n    training.stopping.patience: {int: [200, 2000]}\n"),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        guard let h = spec.hyperopt else { return [] }
        let template = SpecTemplate(base: spec)
        let baseline = Set(trialErrors(template, []).map(\.message))
        var out: [Diagnostic] = []
        for entry in h.space where HyperoptPaths.problem(template, entry) == nil {
            for (value, span) in probes(entry.domain) {
                let assignment = SpecTemplate.Assignment(path: entry.path.value, value: value)
                let new = trialErrors(template, [assignment]).filter { !baseline.contains($0.message) }
                guard let first = new.first else { continue }
                out.append(Diagnostic(
                    code, span: span,
                    message: "the spec rejects \(entry.path.value) = \(Choice.flow(value)): \(first.message)",
                    label: first.label ?? "not accepted at this path",
                    notes: first.notes + [DiagnosticNote("every bound of a range and every choice must be a value the spec accepts at that path")]))
            }
        }
        return out
    }

    /// The values tried for a dimension, with the span to report each at;
    /// none for a range the range rule (E0803) already reports.
    static func probes(_ domain: Located<Domain>) -> [(Node, SourceSpan)] {
        func scalar(_ text: String) -> (Node, SourceSpan) { (Node(kind: .scalar(Scalar(text)), span: domain.span), domain.span) }
        switch domain.value {
        case .int(let a, let b) where a <= b: return [scalar(String(a)), scalar(String(b))]
        case .uniform(let a, let b) where a <= b: return [scalar(String(a)), scalar(String(b))]
        case .logUniform(let a, let b) where a > 0 && a <= b: return [scalar(String(a)), scalar(String(b))]
        case .choice(let choices): return choices.map { ($0.node, $0.span) }
        default: return []
        }
    }

    /// Decoding and checking errors of the base with `assignments` applied.
    static func trialErrors(_ template: SpecTemplate, _ assignments: [SpecTemplate.Assignment]) -> [Diagnostic] {
        let (spec, diagnostics) = template.spec(assignments)
        let errors = diagnostics.filter { $0.severity == .error }
        guard let spec, errors.isEmpty else { return errors }
        return Checker.errors(in: spec).filter { $0.severity == .error }
    }
}
