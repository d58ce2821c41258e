import NNCSpec

/// Builds the layer graph: layer shapes and slab offsets, the transient
/// buffers a step needs, and their live intervals from a recorded schedule.
struct GraphBuilder {
    let spec: Spec
    let mode: PlanMode
    let batch: Int
    let points: Int?

    func build() -> LayerGraph {
        let specLayers = spec.network.layers
        let training = mode == .training
        let loss = spec.training.loss.value
        let optimizer = training ? OptimizerPlan(spec.training.optimizer.value) : nil
        let lastIndex = specLayers.count - 1
        let last = specLayers[lastIndex]
        let fused = training && last.dropout.value == 0
            && ((loss.kind == .categoricalCrossentropy && last.activation.value.kind == .softmax)
                || (loss.kind == .binaryCrossentropy && last.activation.value.kind == .sigmoid))

        var buffers: [Buffer] = []
        func define(_ name: String, _ role: BufferRole, layer: Int?, rows: Int, columns: Int) -> Int {
            buffers.append(Buffer(name: name, role: role, layer: layer, offset: 0, count: rows * columns,
                rows: rows, columns: columns, first: Int.max, last: Int.min))
            return buffers.count - 1
        }

        // Shapes, slab offsets and derivative sources.
        var layers: [PlanLayer] = []
        var derivatives: [DerivativeSource] = []
        var slabOffset = 0
        var inFeatures = spec.inputs.count
        for (i, l) in specLayers.enumerated() {
            let out = l.units.value
            let weightCount = out * inFeatures
            let biasCount = l.bias.value ? out : 0
            let activation = l.activation.value
            layers.append(PlanLayer(
                name: l.name.value, index: i, inFeatures: inFeatures, outFeatures: out, activation: activation.kind,
                alpha: activation.alpha, bias: l.bias.value, dropout: l.dropout.value, l2: l.l2.value,
                initializer: l.initializer.value.kind, initializerScale: l.initializer.value.scale,
                weightOffset: slabOffset, weightCount: weightCount,
                biasOffset: l.bias.value ? slabOffset + weightCount : nil, biasCount: biasCount,
                parameters: weightCount + biasCount,
                flopsForward: FlopCount.denseForward(batch: batch, inFeatures: inFeatures, outFeatures: out,
                    bias: l.bias.value, activation: activation.kind),
                bytes: 0))
            derivatives.append(i == lastIndex && fused ? .identity : GraphBuilder.derivative(of: activation))
            slabOffset += weightCount + biasCount
            inFeatures = out
        }
        let parameters = slabOffset
        let outputs = last.units.value

        // Buffers.
        let input = define("input", .input, layer: nil, rows: batch, columns: spec.inputs.count)
        var shared = SharedBuffers(input: input)
        if training {
            shared.target = define("target", .target, layer: nil, rows: batch, columns: outputs)
            switch loss.chi2 {
            case .noiseModel?, .column?:
                shared.uncertainty = define("uncertainty", .uncertainty, layer: nil, rows: batch, columns: outputs)
            case .covariance?:
                shared.inverseCovariance = define("inverse_covariance", .inverseCovariance, layer: nil,
                    rows: batch * outputs, columns: batch * outputs)
            case nil:
                break
            }
        }
        var layerBuffers: [LayerBuffers] = []
        for (i, l) in layers.enumerated() {
            let keepPreactivation = training && (derivatives[i] == .preactivation || (i == lastIndex && fused))
            let pre = keepPreactivation
                ? define("\(l.name).preactivation", .preactivation, layer: i, rows: batch, columns: l.outFeatures) : nil
            let out = define("\(l.name).output", .activation, layer: i, rows: batch, columns: l.outFeatures)
            var lb = LayerBuffers(preactivation: pre, output: out)
            if training && l.dropout > 0 {
                lb.mask = define("\(l.name).dropout_mask", .dropoutMask, layer: i, rows: batch, columns: l.outFeatures)
                lb.dropped = define("\(l.name).dropout_output", .dropoutOutput, layer: i, rows: batch, columns: l.outFeatures)
            }
            if training {
                lb.gradient = define("\(l.name).gradient", .gradient, layer: i, rows: batch, columns: l.outFeatures)
            }
            layerBuffers.append(lb)
        }
        if training {
            shared.lossScratch = define("loss.scratch", .lossScratch, layer: nil, rows: 1, columns: outputs)
            shared.lossValue = define("loss.value", .lossValue, layer: nil, rows: 1, columns: 1)
        }

        var graph = LayerGraph(
            name: spec.name.value, mode: mode, batchSize: batch, trainingPoints: points,
            inputs: spec.inputs.names, outputs: spec.outputs.names, layers: layers, parameters: parameters,
            loss: training ? LossPlan(kind: loss.kind, delta: loss.delta, uncertainties: GraphBuilder.uncertainties(loss),
                fusedWithActivation: fused) : nil,
            optimizer: optimizer, buffers: buffers, layerBuffers: layerBuffers, shared: shared,
            derivatives: derivatives, scheduleLength: 0, schedule: [], flopsForward: 0, flopsPerStep: 0)

        // Live intervals: run the program emitter once, recording the step at which each buffer is touched.
        final class Recorder {
            var first: [Int]
            var last: [Int]
            init(_ n: Int) {
                first = Array(repeating: Int.max, count: n)
                last = Array(repeating: Int.min, count: n)
            }
        }
        let recorder = Recorder(buffers.count)
        let (program, evaluation) = ProgramEmitter.emit(graph, slabBase: (0, 0, nil, nil)) { id, step in
            recorder.first[id] = min(recorder.first[id], step)
            recorder.last[id] = max(recorder.last[id], step)
            return 0
        }
        _ = evaluation
        for i in graph.buffers.indices {
            let touched = recorder.first[i] <= recorder.last[i]
            graph.buffers[i].first = touched ? recorder.first[i] : 0
            graph.buffers[i].last = touched ? recorder.last[i] : 0
        }
        graph.scheduleLength = program.count
        graph.schedule = program.map { step in "\(step.operation) \(ProgramEmitter.subject(of: step, layers: layers))" }

        // Counts.
        graph.flopsForward = layers.reduce(0) { FlopCount.add($0, $1.flopsForward) }
        graph.flopsPerStep = graph.flopsForward
        if training, let optimizer {
            var perStep = graph.flopsForward
            for (i, l) in layers.enumerated() {
                let elements = FlopCount.mul(batch, l.outFeatures)
                if l.dropout > 0 { perStep = FlopCount.add(perStep, elements, elements) }
                perStep = FlopCount.add(perStep, FlopCount.denseBackward(
                    batch: batch, inFeatures: l.inFeatures, outFeatures: l.outFeatures, bias: l.bias,
                    derivative: derivatives[i], inputGradient: i > 0, l2: l.l2 > 0))
            }
            perStep = FlopCount.add(perStep, FlopCount.loss(batch: batch, outputs: outputs, gradient: true),
                FlopCount.optimizer(optimizer, parameters: parameters))
            graph.flopsPerStep = perStep
        }
        let slabsPerParameter = graph.slabs
        for i in graph.layers.indices {
            let own = layerBuffers[i].all.reduce(0) { $0 + graph.buffers[$1].count }
            graph.layers[i].bytes = (graph.layers[i].parameters * slabsPerParameter + own) * 4
        }
        return graph
    }

    /// Where backward takes an activation's derivative from: the output when it
    /// determines the derivative (so the pre-activation need not be kept).
    static func derivative(of activation: Activation) -> DerivativeSource {
        switch activation.kind {
        case .linear: return .identity
        case .gelu, .swish: return .preactivation
        case .leakyReLU: return (activation.alpha ?? 0.01) >= 0 ? .output : .preactivation
        case .elu: return (activation.alpha ?? 1) > 0 ? .output : .preactivation
        case .sigmoid, .tanh, .relu, .selu, .softplus, .softmax: return .output
        }
    }

    static func uncertainties(_ loss: Loss) -> UncertaintySource? {
        switch loss.chi2 {
        case .noiseModel?: return .noiseModel
        case .column?: return .column
        case .covariance?: return .covariance
        case nil: return nil
        }
    }
}
