import NNCDiagnostics
import NNCSpec

/// W0301: a learning rate outside the range where its optimiser ever works.
///
/// Adaptive optimisers (adam, adamw, rmsprop) move every weight by about the
/// learning rate per step whatever the gradient's scale: above 0.1 a step is
/// as large as the weights of a typical layer (about 1/sqrt(fan_in)) and
/// training thrashes; below 1e-6 ten thousand steps move a weight by at most
/// 0.01. adagrad's steps shrink as squared gradients accumulate, so it
/// tolerates up to 1. Plain sgd's step is the learning rate times the
/// gradient: above 1 it diverges on any loss of unit curvature (stability
/// needs lr < 2/curvature), below 1e-5 it hardly moves.
public enum LearningRateRangeRule: Rule {
    /// The sensible range of each optimiser's learning rate.
    public static func sensibleRange(_ kind: OptimizerKind) -> ClosedRange<Double> {
        switch kind {
        case .adam, .adamw, .rmsprop: return 1e-6...0.1
        case .adagrad: return 1e-5...1
        case .sgd: return 1e-5...1
        }
    }

    public static let code: DiagnosticCode = .learningRateUnusual
    public static let name = "learning-rate-range"
    public static let rationale = """
        A learning rate far outside its optimiser's working range either diverges or never \
        moves the weights: adam, adamw and rmsprop want 1e-6 to 0.1, adagrad and sgd 1e-5 to 1.
        """
    public static let reads = ["training.optimizer"]

    public static let triggering: [RuleExample] = [
        RuleExample(training: """
            loss: mse
            optimizer: {adam: {learning_rate: ↓0.5}}
            epochs: 2000
            stopping: {patience: 200}
            """),
        RuleExample(training: """
            loss: mse
            optimizer:
              sgd:
                learning_rate: ↓3.0
                momentum: 0.9
            epochs: 2000
            stopping: {patience: 200}
            """),
        RuleExample(training: """
            loss: mse
            optimizer: {rmsprop: {learning_rate: ↓1.0e-8}}
            epochs: 2000
            stopping: {patience: 200}
            """),
    ]
    public static let nonTriggering: [RuleExample] = [
        RuleExample(training: """
            loss: mse
            optimizer: {sgd: {learning_rate: 0.5}}
            epochs: 2000
            stopping: {patience: 200}
            """),
        RuleExample(training: """
            loss: mse
            optimizer: adam
            epochs: 2000
            stopping: {patience: 200}
            """),
    ]

    public static func check(_ spec: Spec, _ context: RuleContext) -> [Diagnostic] {
        let optimizer = context.spec.training.optimizer
        let lr = optimizer.value.learningRate
        // A learning rate that is not a positive number is the checker's error.
        guard lr > 0, lr.isFinite else { return [] }
        let range = Self.sensibleRange(optimizer.value.kind)
        guard !range.contains(lr) else { return [] }
        let name = optimizer.value.kind.rawValue
        let span = context.spec.training.optimizerSpans["learning_rate"] ?? optimizer.span
        let high = lr > range.upperBound
        let message =
            high
            ? "learning rate \(Self.format(lr)) is above \(Self.format(range.upperBound)), the most \(name) works with: training will diverge or thrash"
            : "learning rate \(Self.format(lr)) is below \(Self.format(range.lowerBound)): \(name) will hardly move the weights"
        return [
            finding(
                at: span, message,
                label: "expected \(Self.format(range.lowerBound)) to \(Self.format(range.upperBound)) for \(name)",
                notes: [DiagnosticNote("a usual starting point for \(name) is \(Self.format(Optimizer(optimizer.value.kind).learningRate))")])
        ]
    }

    static func format(_ x: Double) -> String { formatNumber(x) }
}
