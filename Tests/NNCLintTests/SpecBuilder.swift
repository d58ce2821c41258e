import NNCDiagnostics
import NNCSpec

/// Builds `Spec` values in code for rule unit tests, independent of the YAML
/// front end. Every value gets its own span (line = a running counter), so a
/// test can check which value a finding points at.
struct SpecBuilder {
    struct LayerSpec {
        var units: Int
        var activation: ActivationKind = .linear
        var initializer: InitializerKind? = nil
        var dropout: Double = 0
        var l2: Double = 0
    }

    var inputs = 1
    var outputs = 1
    var layers: [LayerSpec] = [LayerSpec(units: 16, activation: .tanh), LayerSpec(units: 1)]
    var networkInit: InitializerKind = .glorotUniform
    var truth = "sin(3 * x)"
    var points = 200
    var lower = 0.0
    var upper = 1.0
    var noise: Noise? = Noise(kind: .absolute, scale: 0.05)
    var validationFraction: Double? = 0.25
    var loss: LossKind = .mse
    var optimizer = Optimizer(.adam)
    var batch: BatchSize = .full
    var epochs = 2000
    var stopping: Stopping? = Stopping(patience: 200)

    /// The span of the value numbered `n`.
    static func span(_ n: Int) -> SourceSpan { SourceSpan(file: "built.yaml", line: n, column: 1, length: 1) }

    /// Spans: network init 1; layer i: units 10i+10, activation +1, init +2, dropout +3, l2 +4;
    /// loss 500, optimizer 501, batch 502, epochs 503, stopping 504.
    static func unitsSpan(_ i: Int) -> SourceSpan { span(10 * i + 10) }
    static func activationSpan(_ i: Int) -> SourceSpan { span(10 * i + 11) }
    static func initSpan(_ i: Int) -> SourceSpan { span(10 * i + 12) }
    static func dropoutSpan(_ i: Int) -> SourceSpan { span(10 * i + 13) }
    static let networkInitSpan = span(1)
    static let lossSpan = span(500)
    static let optimizerSpan = span(501)
    static let batchSpan = span(502)
    static let epochsSpan = span(503)

    func build() -> Spec {
        let s = Self.span
        let netInit = Located(Initializer(networkInit), span: Self.networkInitSpan)
        let builtLayers = layers.enumerated().map { i, l in
            Layer(
                name: Located("dense_\(i)", span: s(10 * i + 15)),
                units: Located(l.units, span: Self.unitsSpan(i)),
                activation: Located(Activation(l.activation), span: Self.activationSpan(i)),
                initializer: l.initializer.map { Located(Initializer($0), span: Self.initSpan(i)) } ?? netInit,
                bias: Located(true, span: s(10 * i + 16)),
                dropout: Located(l.dropout, span: Self.dropoutSpan(i)),
                l2: Located(l.l2, span: s(10 * i + 14)),
                span: s(10 * i + 19))
        }
        let inputNames = (0..<inputs).map { inputs == 1 ? "x" : "x\($0)" }
        let outputNames = (0..<outputs).map { outputs == 1 ? "y" : "y\($0)" }
        let expr = Expr.call(.sin, [.binary(.multiply, .number(3), .variable("x"))])
        let truths = outputNames.map {
            Truth(output: $0, source: Located(truth, span: s(600)), expression: truthExpression ?? expr)
        }
        let sampling = inputNames.map {
            Sampling(
                variable: Located($0, span: s(610)), kind: Located(.linspace, span: s(611)),
                lower: Located(lower, span: s(612)), upper: Located(upper, span: s(613)),
                points: Located(points, span: s(614)), span: s(615))
        }
        let generate = Generate(
            truth: truths, sampling: sampling, noise: noise.map { Located($0, span: s(620)) },
            seed: Located(1, span: s(621)), span: s(622))
        let validation = validationFraction.map {
            Validation.fraction(Located($0, span: s(630)), seed: Located(2, span: s(631)))
        }
        return Spec(
            version: Located(1, span: s(2)), name: Located("built", span: s(3)),
            inputs: Features(features: inputNames.map { Feature(name: Located($0, span: s(4))) }, fromCount: false, span: s(4)),
            outputs: Features(features: outputNames.map { Feature(name: Located($0, span: s(5))) }, fromCount: false, span: s(5)),
            network: Network(initializer: netInit, layers: builtLayers, file: "built.yaml", span: s(6)),
            data: DataSpec(source: .generate(generate), validation: validation, span: s(640)),
            training: Training(
                loss: Located(Loss(loss), span: Self.lossSpan),
                optimizer: Located(optimizer, span: Self.optimizerSpan),
                batchSize: Located(batch, span: Self.batchSpan),
                epochs: Located(epochs, span: Self.epochsSpan),
                stopping: stopping.map { Located($0, span: s(504)) },
                seed: Located(3, span: s(505)), replicas: Located(1, span: s(506)), span: s(507)),
            sources: ["built.yaml"], span: s(700))
    }

    /// The truth as an expression, when not the default sin(3x).
    var truthExpression: Expr? = nil
}
