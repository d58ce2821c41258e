import NNCDiagnostics
import NNCSpec

/// Parameters of activations, initialisers and losses are in the ranges the
/// vocabulary gives them: leaky_relu's alpha in [0, 1], elu's alpha 0 or
/// more, random_uniform's limit and random_normal's stddev above 0, huber's
/// delta above 0.
public enum WordParameterRule: Rule {
    public static let code: DiagnosticCode = .wordParameterRange
    public static let reads = ["network.init", "network.layers.*.activation", "network.layers.*.init", "training.loss"]

    public static let triggering: [RuleExample] = [
        .gluon("activation: tanh", "activation: ↓{leaky_relu: {alpha: -0.1}}"),
        .gluon("activation: tanh", "activation: ↓{leaky_relu: 1.5}"),
        .gluon("activation: tanh", "activation: ↓{elu: -1}"),
        .gluon("init: glorot_normal", "init: ↓{random_normal: {stddev: 0}}"),
        .gluon("loss: mse", "loss: ↓{huber: {delta: -1}}"),
    ]
    public static let nonTriggering: [RuleExample] = [
        .gluon("activation: tanh", "activation: {leaky_relu: {alpha: 0}}"),
        .gluon("activation: tanh", "activation: {leaky_relu: 1}"),
        .gluon("activation: tanh", "activation: {elu: 0}"),
        .gluon("activation: tanh", "activation: {elu: 0.5}"),
        .gluon("init: glorot_normal", "init: {random_uniform: {limit: 0.1}}"),
        .gluon("loss: mse", "loss: {huber: 0.5}"),
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
        let l = spec.training.loss
        judge(l.value.kind, "delta", l.value.delta, at: l.span,
              notes: [DiagnosticNote("delta is where the loss turns from quadratic to linear")])
        return out
    }
}
