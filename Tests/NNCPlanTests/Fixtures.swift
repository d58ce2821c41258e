import NNCDiagnostics
import NNCSpec

/// Specs built in code, so lowering is tested without the front end.
enum Fixtures {
    static let file = "test.yaml"

    static func span(_ line: Int, _ column: Int = 1, _ length: Int = 1) -> SourceSpan {
        SourceSpan(file: file, line: line, column: column, length: length)
    }

    static func at<T>(_ value: T, line: Int = 1) -> Located<T> { Located(value, span: span(line)) }

    struct L {
        var units: Int
        var activation: Activation = Activation(.tanh)
        var dropout = 0.0
        var l2 = 0.0
        var bias = true
        var name: String? = nil
    }

    /// A spec with generated data over `points` points of the inputs' grid.
    static func spec(
        name: String = "test", inputs: [String] = ["x"], outputs: [String] = ["y"], layers: [L],
        points: Int = 200, validation: Double? = 0.25, batch: BatchSize = .full,
        loss: Loss = Loss(.mse), optimizer: Optimizer = Optimizer(.adam)
    ) -> Spec {
        let specLayers = layers.enumerated().map { i, l in
            Layer(
                name: at(l.name ?? "dense_\(i)", line: 10 + i), units: Located(l.units, span: span(10 + i, 14, 2)),
                activation: at(l.activation, line: 10 + i), initializer: at(Initializer(.glorotNormal), line: 10 + i),
                bias: at(l.bias), dropout: at(l.dropout), l2: at(l.l2), span: span(10 + i))
        }
        let sampling = inputs.map { v in
            Sampling(variable: at(v), kind: at(.logspace), lower: at(1e-3), upper: at(1.0),
                points: at(points / max(inputs.count, 1)), span: span(30))
        }
        let truth = outputs.map { o in Truth(output: o, source: at("x"), expression: .variable(inputs[0])) }
        let generate = Generate(truth: truth, sampling: sampling, noise: at(Noise(kind: .relative, scale: 0.05)),
            seed: at(7), span: span(28))
        return Spec(
            version: at(1), name: at(name),
            inputs: Features(features: inputs.map { Feature(name: at($0, line: 3)) }, fromCount: false, span: span(3)),
            outputs: Features(features: outputs.map { Feature(name: at($0, line: 4)) }, fromCount: false, span: span(4)),
            network: Network(initializer: at(Initializer(.glorotNormal)), layers: specLayers, file: file, span: span(6)),
            data: DataSpec(source: .generate(generate),
                validation: validation.map { .fraction(at($0, line: 33), seed: at(1)) }, span: span(27)),
            training: Training(loss: at(loss, line: 36), optimizer: at(optimizer, line: 37),
                batchSize: Located(batch, span: span(38, 15, 4)), epochs: at(100), stopping: nil, seed: at(42),
                replicas: at(1), span: span(35)),
            sources: [file], span: span(1))
    }

    /// The DESIGN §2 example: 1-25-20-1, tanh, dropout 0.1 on the second layer, adam, 200 points, 25% validation.
    static var gluon: Spec {
        spec(name: "gluon-closure", inputs: ["x"], outputs: ["xg"], layers: [
            L(units: 25), L(units: 20, dropout: 0.1), L(units: 1, activation: Activation(.linear), name: "out"),
        ])
    }
}
