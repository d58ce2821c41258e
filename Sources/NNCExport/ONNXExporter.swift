import Foundation
import NNCDiagnostics
import NNCLowering
import NNCSpec
import NNCTrain

/// A trained network as an ONNX model (opset 17) that any ONNX runtime runs.
///
/// The graph is built in stages, each a function from tensors to tensors:
/// `inputs` (raw columns → the network's features, derived inputs as ONNX
/// ops), `network` (the dense layers of one member), `outputTransform`
/// (the network's outputs → the spec's outputs: the preprocessing
/// x^a (1−x)^b · NN(x)), `ensemble` (members → mean or a
/// replica axis) and `outputs` (named graph outputs).
///
/// Names and shapes, with N the batch (a named dimension):
/// - inputs: one float32 tensor `[N]` per raw input column, named as in the
///   spec; a spec that gives `inputs` as a count gets one tensor `x` `[N, count]`;
/// - outputs: one float32 tensor `[N]` per output, named as in the spec (or one
///   `y` `[N, count]`); with `--ensemble replicas` a leading replica axis `[R, …]`.
public enum ONNXExporter {
    public enum Ensemble: String, CaseIterable, Sendable {
        /// One graph computing the mean of every member's output.
        case mean
        /// Every member's output, stacked along a leading replica axis.
        case replicas
    }

    /// The weights of one member, by tensor name (`<layer>.weight` `[out, in]`, `<layer>.bias` `[out]`).
    public typealias Member = [String: (shape: [Int], values: [Float])]

    /// Protobuf messages are limited to 2 GiB; keep clear of it.
    static let maximumBytes = 2_000_000_000

    /// Reads every member's weights from the run and builds the model.
    public static func model(run: TrainedRun, ensemble: Ensemble, producerVersion: String) throws -> ONNXModel {
        let members = try weights(spec: run.spec, files: try run.weightFiles())
        var model = try model(spec: run.spec, members: members, ensemble: ensemble, producerVersion: producerVersion)
        model.docString = "nnc run \(run.summary.name); the resolved spec:\n" + run.resolvedSpec
        return model
    }

    /// Each file's weights, checked against the spec's network (`E0712` when they differ).
    public static func weights(spec: Spec, files: [String]) throws -> [Member] {
        let (plan, diagnostics) = Lowering.lower(spec, options: LoweringOptions(mode: .inference, batchSize: 1))
        guard let plan else { throw TrainError(diagnostics) }
        let layout = ParameterLayout(plan: plan)
        return try files.map { file in
            let slab = try Trainer.initialWeights(path: file, layout: layout)
            var member: Member = [:]
            for e in layout.entries { member[e.name] = (e.shape, Array(slab[e.offset..<(e.offset + e.count)])) }
            return member
        }
    }

    public static func model(spec: Spec, members: [Member], ensemble: Ensemble, producerVersion: String) throws -> ONNXModel {
        let bytes = members.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1.values.count * 4 } }
        guard bytes < maximumBytes else {
            throw TrainError(Diagnostic(
                .exportUnsupported, span: .wholeFile(spec.sources.first ?? spec.name.value),
                message: "the \(members.count) members' weights take \(bytes) bytes, more than one ONNX file can hold (2 GiB)",
                notes: [DiagnosticNote("export the replicas one at a time: nnc export RUN_DIR/replica_000 --format onnx")]))
        }
        var b = ONNXGraphBuilder(name: spec.name.value)
        let features = try inputs(spec: spec, builder: &b)
        var results: [String] = []
        for (r, member) in members.enumerated() {
            let nn = try network(spec: spec, member: member, replica: r, features: features, builder: &b)
            results.append(try outputTransform(spec: spec, member: member, network: nn, features: features, builder: &b))
        }
        let combined = combine(results, ensemble: ensemble, builder: &b)
        try outputs(spec: spec, combined: combined, replicas: ensemble == .replicas ? members.count : nil, builder: &b)
        return ONNXModel(
            graph: b.graph, producerVersion: producerVersion, docString: "",
            metadata: [
                ("nnc_spec", spec.name.value),
                ("nnc_ensemble", ensemble == .mean ? "mean of \(members.count) member(s)" : "\(members.count) replicas along axis 0"),
            ])
    }

    // MARK: stages

    /// The graph inputs and the network's feature matrix `[N, features]`.
    static func inputs(spec: Spec, builder b: inout ONNXGraphBuilder) throws -> String {
        if spec.inputs.fromCount {
            b.graph.inputs.append(ONNXValueInfo(name: "x", shape: [.named("N"), .fixed(spec.inputs.count)]))
            return "x"
        }
        var columns: [String: String] = [:]
        for v in spec.inputs.rawVariables {
            b.graph.inputs.append(ONNXValueInfo(name: v, shape: [.named("N")]))
            columns[v] = b.node("Unsqueeze", [v, b.int64s([1], dims: [1])])
        }
        var features: [String] = []
        for f in spec.inputs.features {
            if let e = f.expression {
                features.append(try expression(e, columns: columns, builder: &b))
            } else {
                features.append(columns[f.name.value]!)
            }
        }
        return features.count == 1 ? features[0] : b.node("Concat", features, [.int("axis", 1)])
    }

    /// A derived input as ONNX ops over `[N, 1]` columns (float32, as the network sees it).
    static func expression(_ e: Expr, columns: [String: String], builder b: inout ONNXGraphBuilder) throws -> String {
        switch e {
        case .number(let v):
            return b.constant([Float(v)])
        case .variable(let name):
            return columns[name]!
        case .negate(let a):
            return b.node("Neg", [try expression(a, columns: columns, builder: &b)])
        case .binary(let op, let l, let r):
            let x = try expression(l, columns: columns, builder: &b), y = try expression(r, columns: columns, builder: &b)
            let name: String
            switch op {
            case .add: name = "Add"
            case .subtract: name = "Sub"
            case .multiply: name = "Mul"
            case .divide: name = "Div"
            case .power: name = "Pow"
            }
            return b.node(name, [x, y])
        case .call(let f, let args):
            let xs = try args.map { try expression($0, columns: columns, builder: &b) }
            switch f {
            case .exp: return b.node("Exp", xs)
            case .log: return b.node("Log", xs)
            case .sqrt: return b.node("Sqrt", xs)
            case .sin: return b.node("Sin", xs)
            case .cos: return b.node("Cos", xs)
            case .tan: return b.node("Tan", xs)
            case .tanh: return b.node("Tanh", xs)
            case .abs: return b.node("Abs", xs)
            case .pow: return b.node("Pow", xs)
            }
        }
    }

    /// One member's dense layers: `Gemm` with the `nn.Linear` weight as stored
    /// (`transB = 1`), then the activation. Dropout is off at inference.
    static func network(spec: Spec, member: Member, replica: Int, features: String, builder b: inout ONNXGraphBuilder) throws -> String {
        var x = features
        for layer in spec.network.layers {
            let name = layer.name.value
            guard let w = member[name + ".weight"] else {
                throw TrainError(Diagnostic(.exportUnsupported, span: layer.name.span, message: "no weights for layer '\(name)' in replica \(replica)"))
            }
            let prefix = "r\(replica)/\(name)"
            var args = [x, b.constant(w.values, dims: w.shape, name: prefix + ".weight")]
            if layer.bias.value, let bias = member[name + ".bias"] {
                args.append(b.constant(bias.values, dims: bias.shape, name: prefix + ".bias"))
            }
            x = b.node("Gemm", args, [.int("transB", 1)])
            x = try activation(layer.activation.value, x, layer: layer, builder: &b)
        }
        return x
    }

    static func activation(_ a: Activation, _ x: String, layer: Layer, builder b: inout ONNXGraphBuilder) throws -> String {
        switch a.kind {
        case .linear: return x
        case .sigmoid: return b.node("Sigmoid", [x])
        case .tanh: return b.node("Tanh", [x])
        case .relu: return b.node("Relu", [x])
        case .leakyReLU: return b.node("LeakyRelu", [x], [.float("alpha", Float(a.alpha ?? 0.01))])
        case .elu: return b.node("Elu", [x], [.float("alpha", Float(a.alpha ?? 1))])
        case .selu:
            return b.node("Selu", [x], [.float("alpha", 1.673_263_242_354_377_284_8), .float("gamma", 1.050_700_987_355_480_493_4)])
        case .softplus: return b.node("Softplus", [x])
        case .gelu:
            // Opset 17 has no Gelu: x · ½ · (1 + erf(x / √2)), as nnc computes it.
            let erf = b.node("Erf", [b.node("Mul", [x, b.constant([Float(1 / 2.0.squareRoot())])])])
            let half = b.node("Mul", [b.node("Add", [erf, b.constant([1])]), b.constant([0.5])])
            return b.node("Mul", [x, half])
        case .swish: return b.node("Mul", [x, b.node("Sigmoid", [x])])
        case .softmax: return b.node("Softmax", [x], [.int("axis", 1)])
        }
    }

    /// The network's outputs `[N, outputs]` → the spec's outputs: with
    /// `network.preprocessing`, y_o = x^a_o (1 − x)^b_o · NN_o, x the
    /// preprocessing's input column of `features` and a, b the member's
    /// `preprocessing.a` and `preprocessing.b` (`[outputs]`, as trained).
    static func outputTransform(spec: Spec, member: Member, network: String, features: String, builder b: inout ONNXGraphBuilder) throws -> String {
        guard let p = spec.network.preprocessing else { return network }
        guard let row = spec.inputs.names.firstIndex(of: p.input.value),
              let a = member["preprocessing.a"], let bExponent = member["preprocessing.b"]
        else {
            throw TrainError(Diagnostic(.exportUnsupported, span: p.span,
                                        message: "the weights have no preprocessing exponents (preprocessing.a, preprocessing.b) for '\(p.input.value)'"))
        }
        let outputs = spec.outputs.count
        let x = b.node("Gather", [features, b.int64s([Int64(row)], dims: [1])], [.int("axis", 1)])  // [N, 1]
        let small = b.node("Pow", [x, b.constant(a.values, dims: [1, outputs])])
        let oneMinus = b.node("Sub", [b.constant([1]), x])
        let large = b.node("Pow", [oneMinus, b.constant(bExponent.values, dims: [1, outputs])])
        return b.node("Mul", [network, b.node("Mul", [small, large])])
    }

    /// The members combined: their mean `[N, O]`, or stacked `[R, N, O]`.
    static func combine(_ results: [String], ensemble: Ensemble, builder b: inout ONNXGraphBuilder) -> String {
        switch ensemble {
        case .mean:
            guard results.count > 1 else { return results[0] }
            let sum = b.node("Sum", results)
            return b.node("Div", [sum, b.constant([Float(results.count)])])
        case .replicas:
            let axis = b.int64s([0], dims: [1])
            let stacked = results.map { b.node("Unsqueeze", [$0, axis]) }
            return stacked.count == 1 ? stacked[0] : b.node("Concat", stacked, [.int("axis", 0)])
        }
    }

    /// The graph outputs named as in the spec.
    static func outputs(spec: Spec, combined: String, replicas: Int?, builder b: inout ONNXGraphBuilder) throws -> Void {
        let lead: [ONNXValueInfo.Dimension] = replicas.map { [.fixed($0)] } ?? []
        let featureAxis = Int64(replicas == nil ? 1 : 2)
        if spec.outputs.fromCount {
            b.node("Identity", [combined], output: "y")
            b.graph.outputs.append(ONNXValueInfo(name: "y", shape: lead + [.named("N"), .fixed(spec.outputs.count)]))
            return
        }
        let inputNames = Set(b.graph.inputs.map(\.name))
        for (o, name) in spec.outputs.names.enumerated() {
            if inputNames.contains(name) {
                throw TrainError(Diagnostic(
                    .exportUnsupported, span: spec.outputs.span, message: "the output '\(name)' has the name of an input; an ONNX graph needs distinct names",
                    notes: [DiagnosticNote("rename the output in the spec (and the data's column) and train again")]))
            }
            let index = b.int64s([Int64(o)], dims: [])
            b.node("Gather", [combined, index], [.int("axis", featureAxis)], output: name)
            b.graph.outputs.append(ONNXValueInfo(name: name, shape: lead + [.named("N")]))
        }
    }
}
