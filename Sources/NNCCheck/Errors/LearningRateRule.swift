import NNCDiagnostics
import NNCSpec

/// The learning rate is a positive number.
///
/// A zero rate never moves the weights; a negative one climbs the loss.
public enum LearningRateRule: Rule {
    public static let code: DiagnosticCode = .learningRateNotPositive
    public static let reads = ["training.optimizer"]

    public static let triggering: [RuleExample] = [
        .gluon("learning_rate: 1.0e-3", "learning_rate: ↓0"),
        .gluon("learning_rate: 1.0e-3", "learning_rate: ↓-1.0e-3"),
    ]
    public static let nonTriggering: [RuleExample] = [
        .gluon("learning_rate: 1.0e-3", "learning_rate: 1.0e-9"),
        .gluon("{adam: {learning_rate: 1.0e-3}}", "sgd"),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        let o = spec.training.optimizer
        guard !(o.value.learningRate > 0) || !o.value.learningRate.isFinite else { return [] }
        return [Diagnostic(code, span: spec.training.optimizerSpans["learning_rate"] ?? o.span,
                           message: "the learning rate must be positive, found \(Finding.show(o.value.learningRate))",
                           label: "expected a number above 0",
                           notes: [DiagnosticNote("typical rates are 1e-4 to 1e-2 for adam and 1e-3 to 1e-1 for sgd")])]
    }
}
