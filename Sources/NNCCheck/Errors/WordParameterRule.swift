import NNCDiagnostics
import NNCSpec

/// Parameters of activations, initialisers and losses are in range:
/// leaky_relu's and elu's alpha not negative, random_uniform's limit and
/// random_normal's stddev above 0, huber's delta above 0.
public enum WordParameterRule: ErrorRule {
    public static let code: DiagnosticCode = .wordParameterRange
    public static let reads = ["network.init", "network.layers.*.activation", "network.layers.*.init", "training.loss"]

    public static let triggering: [RuleExample] = [
        .gluon("activation: tanh", "activation: ↓{leaky_relu: {alpha: -0.1}}"),
        .gluon("init: glorot_normal", "init: ↓{random_normal: {stddev: 0}}"),
        .gluon("loss: mse", "loss: ↓{huber: {delta: -1}}"),
    ]
    public static let nonTriggering: [RuleExample] = [
        .gluon("activation: tanh", "activation: {leaky_relu: {alpha: 0}}"),
        .gluon("activation: tanh", "activation: {elu: 0.5}"),
        .gluon("init: glorot_normal", "init: {random_uniform: {limit: 0.1}}"),
        .gluon("loss: mse", "loss: {huber: 0.5}"),
    ]

    public static func check(_ spec: Spec, _: CheckContext) -> [Diagnostic] {
        var out: [Diagnostic] = []
        var seenInits: Set<SourceSpan> = []
        func checkInit(_ i: Located<Initializer>) {
            guard let s = i.value.scale, !(s > 0 && s.isFinite), seenInits.insert(i.span).inserted else { return }
            let key = i.value.kind == .randomUniform ? "limit" : "stddev"
            out.append(Diagnostic(code, span: i.span, message: "the \(key) of \(i.value.kind.rawValue) must be positive, found \(Finding.show(s))",
                                  label: "expected a number above 0"))
        }
        checkInit(spec.network.initializer)
        for layer in spec.network.layers {
            let a = layer.activation
            if let alpha = a.value.alpha, !(alpha >= 0 && alpha.isFinite) {
                out.append(Diagnostic(code, span: a.span, message: "the alpha of \(a.value.kind.rawValue) must not be negative, found \(Finding.show(alpha))",
                                      label: "expected 0 or more"))
            }
            checkInit(layer.initializer)
        }
        let l = spec.training.loss
        if let d = l.value.delta, !(d > 0 && d.isFinite) {
            out.append(Diagnostic(code, span: l.span, message: "the delta of huber must be positive, found \(Finding.show(d))",
                                  label: "expected a number above 0",
                                  notes: [DiagnosticNote("delta is where the loss turns from quadratic to linear")]))
        }
        return out
    }
}
