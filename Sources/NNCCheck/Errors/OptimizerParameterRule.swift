import NNCDiagnostics
import NNCSpec

/// Optimizer parameters are in range: momentum, beta1, beta2 (rmsprop's alpha)
/// in [0, 1); epsilon and clipnorm above 0; weight_decay not negative.
public enum OptimizerParameterRule: ErrorRule {
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

    public static func check(_ spec: Spec, _: CheckContext) -> [Diagnostic] {
        let o = spec.training.optimizer.value
        let at = { (key: String) in o.spans[key] ?? spec.training.optimizer.span }
        var out: [Diagnostic] = []
        func unitInterval(_ v: Double, _ key: String) {
            guard !(v >= 0 && v < 1) else { return }
            out.append(Diagnostic(code, span: at(key), message: "'\(key)' must be in [0, 1), found \(Finding.show(v))",
                                  label: "expected 0 <= \(key) < 1"))
        }
        func positive(_ v: Double, _ key: String) {
            guard !(v > 0 && v.isFinite) else { return }
            out.append(Diagnostic(code, span: at(key), message: "'\(key)' must be positive, found \(Finding.show(v))",
                                  label: "expected a number above 0"))
        }
        switch o.kind {
        case .sgd: unitInterval(o.momentum, "momentum")
        case .adam, .adamw:
            unitInterval(o.beta1, "beta1")
            unitInterval(o.beta2, "beta2")
        case .rmsprop: unitInterval(o.beta2, "alpha")
        case .adagrad: break
        }
        if o.kind != .sgd { positive(o.epsilon, "epsilon") }
        if !(o.weightDecay >= 0) {
            out.append(Diagnostic(code, span: at("weight_decay"), message: "'weight_decay' must not be negative, found \(Finding.show(o.weightDecay))",
                                  label: "expected 0 or more"))
        }
        if let c = o.clipnorm { positive(c, "clipnorm") }
        return out
    }
}
