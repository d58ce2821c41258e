import NNCDiagnostics
import NNCSpec

/// Parameters of activations, initialisers, losses and learning-rate
/// schedules are in the ranges the vocabulary gives them: leaky_relu's alpha
/// in [0, 1], elu's alpha 0 or more, random_uniform's limit and
/// random_normal's stddev above 0, huber's delta above 0, a schedule's decay
/// factors in (0, 1] (plateau's in (0, 1)), its epoch counts 1 or more.
public enum WordParameterRule: Rule {
    public static let code: DiagnosticCode = .wordParameterRange
    public static let reads = ["network.init", "network.layers.*.activation", "network.layers.*.init", "training.loss",
                               "training.optimizer"]

    public static let triggering: [RuleExample] = [
        .gluon("activation: tanh", "activation: ↓{leaky_relu: {alpha: -0.1}}"),
        .gluon("activation: tanh", "activation: ↓{leaky_relu: 1.5}"),
        .gluon("activation: tanh", "activation: ↓{elu: -1}"),
        .gluon("init: glorot_normal", "init: ↓{random_normal: {stddev: 0}}"),
        .gluon("loss: mse", "loss: ↓{huber: {delta: -1}}"),
        .gluon("{adam: {learning_rate: 1.0e-3}}", "{adam: {learning_rate: {exponential: {decay_rate: ↓1.5, decay_epochs: 100}}}}"),
        .gluon("{adam: {learning_rate: 1.0e-3}}", "{adam: {learning_rate: {step: {factor: 0.5, every: ↓0}}}}"),
        .gluon("{adam: {learning_rate: 1.0e-3}}", "{adam: {learning_rate: {plateau: {factor: ↓1, patience: 10}}}}"),
    ]
    public static let nonTriggering: [RuleExample] = [
        .gluon("activation: tanh", "activation: {leaky_relu: {alpha: 0}}"),
        .gluon("activation: tanh", "activation: {leaky_relu: 1}"),
        .gluon("activation: tanh", "activation: {elu: 0}"),
        .gluon("activation: tanh", "activation: {elu: 0.5}"),
        .gluon("init: glorot_normal", "init: {random_uniform: {limit: 0.1}}"),
        .gluon("loss: mse", "loss: {huber: 0.5}"),
        .gluon("{adam: {learning_rate: 1.0e-3}}", "{adam: {learning_rate: {cosine: {initial: 1.0e-2, final: 1.0e-5}}}}"),
        .gluon("{adam: {learning_rate: 1.0e-3}}", "{adam: {learning_rate: {exponential: {decay_rate: 1, decay_epochs: 1}}}}"),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        var out: [Diagnostic] = []
        /// A finding when `value` of `kind`'s parameter `name` is outside its vocabulary range.
        func judge<W: VocabularyWord>(_ kind: W, _ name: String, _ value: Double?, at span: SourceSpan, notes: [DiagnosticNote] = []) {
            guard let value, let parameter = kind.parameter(name), !parameter.range.contains(value) else { return }
            out.append(Diagnostic(code, span: span,
                message: "the \(name) of \(kind.rawValue) must be \(parameter.range.phrase), found \(Finding.show(value))",
                label: "expected \(parameter.range.condition(name))", notes: notes))
        }
        var seenInits: Set<SourceSpan> = []
        func checkInit(_ i: Located<Initializer>) {
            guard let name = i.value.scaleName, seenInits.insert(i.span).inserted else { return }
            judge(i.value.kind, name, i.value.scale, at: i.span)
        }
        checkInit(spec.network.initializer)
        for layer in spec.network.layers {
            let a = layer.activation
            judge(a.value.kind, "alpha", a.value.alpha, at: a.span)
            checkInit(layer.initializer)
        }
        // A schedule's initial rate is the optimizer's learning rate: E0302's.
        if let s = spec.training.schedule {
            for parameter in s.value.kind.parameters where parameter.name != "initial" {
                judge(s.value.kind, parameter.name, s.value.value(of: parameter.name),
                      at: spec.training.scheduleSpans[parameter.name] ?? s.span)
            }
        }
        let l = spec.training.loss
        judge(l.value.kind, "delta", l.value.delta, at: l.span,
              notes: [DiagnosticNote("delta is where the loss turns from quadratic to linear")])
        return out
    }
}
