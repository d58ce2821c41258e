extension Compilation {
    /// Reverse-mode differentiation of the training step: walks the forward
    /// instructions backwards and emits, for each one whose output has a
    /// gradient, the instructions that carry it to its inputs and
    /// parameters, then the optimiser update and the projections that keep
    /// bounded parameters in range.
    ///
    /// Gradients flow in place where an op's backward is elementwise: the
    /// gradient at a dropout's output becomes the gradient at its input, at an
    /// activation's output the gradient at its input, at the preprocessing's
    /// output the gradient at the network's — one tensor (`<layer>.gradient`).
    /// Each activation's derivative is taken from where the vocabulary says it
    /// can be (`Activation.derivativeSource`), the one decision the kernels
    /// implement for every accepted parameter. A gradient that several maps
    /// add into (outputs on shared grids) is zeroed before its first writer.
    mutating func differentiate(_ p: inout ProgramBuilder, slabs: Slabs) {
        var gradient: [TensorID: TensorID] = [:]
        var l2: [TensorID: Double] = [:]
        var backward: [Instruction] = []
        var accumulated: Set<TensorID> = []
        let forward = p.instructions

        // Tensors a gradient must reach: those computed from a parameter.
        var differentiable = Set(builder.parameterTensors.filter { $0.gradient != nil }.map(\.tensor))
        for instruction in forward where !instruction.reads.allSatisfy({ !differentiable.contains($0) }) {
            if case .loss = instruction { continue }
            differentiable.formUnion(instruction.writes)
        }

        /// The gradient tensor of `t`, created when first asked for.
        func gradientOf(_ t: TensorID) -> TensorID {
            if let g = gradient[t] { return g }
            let source = tensors[t]
            let layer = source.name.split(separator: ".").first.map(String.init) ?? source.name
            let g = add(layer + ".gradient", .gradient, rows: source.rows, columns: source.columns)
            gradient[t] = g
            return g
        }

        // Losses write their gradient in the forward pass, where their value is computed.
        for i in forward.indices {
            switch forward[i] {
            case .loss(var l):
                let target = l.rule.isFused ? (l.logits ?? l.prediction) : l.prediction
                guard !l.validation, differentiable.contains(target) else { continue }
                let g = gradientOf(target)
                l.gradient = g
                p.instructions[i] = .loss(l)
                // A term over some of its prediction's columns (an observable's
                // training rows, the batch beside fixed grids) leaves the rest
                // of the gradient to others, or to nobody: it starts from zero.
                if l.column != 0 || l.points != l.columns { accumulated.insert(g) }
            case .penalty(let q):
                l2[q.weight, default: 0] += q.l2
            default:
                break
            }
        }

        for instruction in forward.reversed() {
            switch instruction {
            case .dropout(let d):
                guard let g = gradient[d.output] else { continue }
                backward.append(.mask(MaskOp(layer: d.layer, features: d.features, columns: d.columns, mask: d.mask, gradient: g)))
                gradient[d.input] = g
            case .activation(let a):
                guard let g = gradient[a.output] else { continue }
                let source = a.activation.derivativeSource
                if source != .identity {
                    backward.append(.activationBackward(ActivationBackwardOp(
                        layer: a.layer, features: a.features, columns: a.columns, activation: a.activation, source: source,
                        saved: source == .output ? a.output : a.input, gradient: g)))
                }
                gradient[a.input] = g
            case .dense(let d):
                guard let g = gradient[d.output] else { continue }
                let columns = d.columns.resolve(builder.batchSize)
                // Wide layers transpose the input once and run a blocked GEMM;
                // skinny ones take dot products along the points.
                let wide = d.inFeatures >= 64 && d.outFeatures >= 4
                let layerName = tensors[d.output].name.split(separator: ".").first.map(String.init) ?? "dense"
                let transposed = wide
                    ? add(layerName + ".input_transposed", .scratch, rows: columns, columns: .fixed(d.inFeatures)) : nil
                backward.append(.denseBackward(DenseBackwardOp(
                    layer: d.layer, inFeatures: d.inFeatures, outFeatures: d.outFeatures, columns: d.columns,
                    gradient: g, input: d.input, weight: d.weight, weightGradient: parameterGradient(d.weight),
                    biasGradient: d.bias.map(parameterGradient), l2: l2[d.weight] ?? 0,
                    strategy: wide ? .transposed : .dotProducts, transposed: transposed,
                    inputGradient: differentiable.contains(d.input) ? gradientOf(d.input) : nil)))
            case .preprocess(let q):
                guard let g = gradient[q.output] else { continue }
                let trainable = builder.preprocessing?.trainable == true
                backward.append(.preprocessBackward(PreprocessBackwardOp(
                    outputs: q.outputs, columns: q.columns, gradient: g, output: q.output, factor: q.factor, logs: q.logs,
                    aGradient: trainable ? parameterGradient(q.a) : nil, bGradient: trainable ? parameterGradient(q.b) : nil)))
                gradient[q.input] = g
            case .linearMap(let m):
                guard let g = gradient[m.output], differentiable.contains(m.input) else { continue }
                let target = gradientOf(m.input)
                backward.append(.linearMapBackward(LinearMapBackwardOp(m, gradient: g, inputGradient: target)))
                accumulated.insert(target)
            case .loss, .penalty, .sum, .concat, .zero, .clamp, .activationBackward, .mask, .denseBackward, .optimizer,
                 .preprocessBackward, .linearMapBackward:
                continue
            }
        }
        p.instructions += backward

        // A gradient maps add into starts from zero, before anything writes it.
        for g in accumulated.sorted() {
            guard let first = p.instructions.firstIndex(where: { $0.writes.contains(g) }) else { continue }
            p.instructions.insert(.zero(ZeroOp(rows: tensors[g].rows, columns: tensors[g].columns, tensor: g)), at: first)
        }

        if let o = builder.optimizer, let gradients = slabs.gradients, builder.trainableCount > 0 {
            p.instructions.append(.optimizer(OptimizerOp(
                optimizer: o, count: builder.trainableCount, parameters: slabs.parameters, gradients: gradients,
                moment1: slabs.moment1, moment2: slabs.moment2, learningRate: nil)))
        }
        if let q = builder.preprocessing, q.trainable {
            let n = builder.outputs.count
            p.instructions.append(.clamp(ClampOp(count: n, lower: q.smallX.lower, upper: q.smallX.upper, parameter: q.a)))
            p.instructions.append(.clamp(ClampOp(count: n, lower: q.largeX.lower, upper: q.largeX.upper, parameter: q.b)))
        }
    }

    /// The gradient view of a parameter view.
    func parameterGradient(_ view: TensorID) -> TensorID {
        builder.parameterTensors.first { $0.tensor == view }?.gradient ?? view
    }
}
