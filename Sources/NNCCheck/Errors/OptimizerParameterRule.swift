import NNCDiagnostics
import NNCSpec

/// Optimizer parameters are in the ranges the vocabulary gives them:
/// momentum, beta1, beta2 (rmsprop's alpha) in [0, 1); epsilon and clipnorm
/// above 0; weight_decay 0 or more.
public enum OptimizerParameterRule: Rule {
    public static let code: DiagnosticCode = .optimizerParameterRange
    public static let reads = ["training.optimizer"]

    public static let triggering: [RuleExample] = [
        .gluon("{adam: {learning_rate: 1.0e-3}}", "{sgd: {learning_rate: 0.01, momentum: ↓1.0}}"),
        .gluon("{adam: {learning_rate: 1.0e-3}}", "{adam: {beta1: ↓-0.1}}"),
        .gluon("{adam: {learning_rate: 1.0e-3}}", "{adam: {beta2: ↓1}}"),
        .gluon("{adam: {learning_rate: 1.0e-3}}", "{adam: {epsilon: ↓0}}"),
        .gluon("{adam: {learning_rate: 1.0e-3}}", "{adamw: {weight_decay: ↓-0.01}}"),
        .gluon("{adam: {learning_rate: 1.0e-3}}", "{rmsprop: {alpha: ↓1.5}}"),
        .gluon("{adam: {learning_rate: 1.0e-3}}", "{adam: {clipnorm: ↓0}}"),
    ]
    public static let nonTriggering: [RuleExample] = [
        .gluon("{adam: {learning_rate: 1.0e-3}}", "{sgd: {learning_rate: 0.01, momentum: 0.9, nesterov: true}}"),
        .gluon("{adam: {learning_rate: 1.0e-3}}", "{adam: {beta1: 0, beta2: 0.99, epsilon: 1.0e-7, clipnorm: 1}}"),
        .gluon("{adam: {learning_rate: 1.0e-3}}", "{adamw: {weight_decay: 0}}"),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        let o = spec.training.optimizer.value
        var out: [Diagnostic] = []
        // learning_rate is E0302's (LearningRateRule); flags have no range.
        for parameter in o.kind.parameters where parameter.kind == .number && parameter.name != "learning_rate" {
            guard let v = o.value(of: parameter.name), !parameter.range.contains(v) else { continue }
            out.append(Diagnostic(
                code, span: spec.training.optimizerSpans[parameter.name] ?? spec.training.optimizer.span,
                message: "'\(parameter.name)' must be \(parameter.range.phrase), found \(Finding.show(v))",
                label: "expected \(parameter.range.condition(parameter.name))"))
        }
        return out
    }
}
