import NNCDiagnostics
import NNCSpec

/// Specs built by hand, so the data stage is tested without the front end.
enum SpecFixture {
    static let file = "spec.yaml"

    static func span(_ line: Int = 1, _ column: Int = 1, _ length: Int = 1) -> SourceSpan {
        SourceSpan(file: file, line: line, column: column, length: length)
    }

    static func located<T>(_ v: T, line: Int = 1) -> Located<T> { Located(v, span: span(line)) }

    static func features(_ names: [String], expressions: [String: Expr] = [:]) -> Features {
        Features(
            features: names.enumerated().map { i, n in Feature(name: Located(n, span: span(2, 10 + 4 * i, n.count)), expression: expressions[n]) },
            fromCount: false, span: span(2))
    }

    static func layer(_ name: String, _ units: Int, _ activation: ActivationKind = .tanh, bias: Bool = true) -> Layer {
        Layer(
            name: located(name), units: located(units), activation: located(Activation(activation)),
            initializer: located(Initializer(.glorotUniform)), bias: located(bias), dropout: located(0.0),
            l2: located(0.0), span: span(5))
    }

    /// `x^-0.1 * (1 - x)^5`.
    static let gluon: Expr = .binary(
        .multiply,
        .binary(.power, .variable("x"), .negate(.number(0.1))),
        .binary(.power, .binary(.subtract, .number(1), .variable("x")), .number(5)))

    static func generate(
        truth: Expr = gluon, sampling: [Sampling]? = nil, noise: Noise? = Noise(kind: .relative, scale: 0.05), seed: UInt64 = 7
    ) -> Generate {
        Generate(
            truth: [Truth(output: "y", source: Located("x^-0.1 * (1 - x)^5", span: span(12, 13, 18)), expression: truth)],
            sampling: sampling ?? [sample("x", .logspace, 1e-3, 1.0, 200)],
            noise: noise.map { located($0) }, seed: located(seed), span: span(11))
    }

    static func sample(_ v: String, _ kind: SamplingKind, _ lo: Double, _ hi: Double, _ n: Int) -> Sampling {
        Sampling(variable: located(v), kind: located(kind), lower: located(lo), upper: located(hi), points: located(n), span: span(13))
    }

    static func spec(
        inputs: Features = features(["x"]), outputs: Features = features(["y"]),
        layers: [Layer] = [layer("dense_0", 4), layer("out", 1, .linear)],
        source: DataSource = .generate(generate()), validation: Validation? = .fraction(located(0.25), seed: located(1)),
        loss: Loss = Loss(.mse), optimizer: Optimizer = Optimizer(.adam), batch: BatchSize = .full,
        epochs: Int = 10, stopping: Stopping? = nil, seed: UInt64 = 42, replicas: Int = 1
    ) -> Spec {
        Spec(
            version: located(1), name: located("test"), inputs: inputs, outputs: outputs,
            network: Network(initializer: located(Initializer(.glorotUniform)), layers: layers, file: file, span: span(4)),
            data: DataSpec(source: source, validation: validation, span: span(10)),
            training: Training(
                loss: Located(loss, span: span(20, 9, 3)), optimizer: located(optimizer), batchSize: located(batch),
                epochs: located(epochs), stopping: stopping.map { located($0) }, seed: located(seed),
                replicas: located(replicas), span: span(19)),
            sources: [file], span: span(1))
    }
}
