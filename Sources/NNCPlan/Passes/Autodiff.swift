extension Compilation {
    /// Reverse-mode differentiation of the training step: walks the forward
    /// instructions backwards and emits, for each one whose output has a
    /// gradient, the instructions that carry it to its inputs and
    /// parameters, then the optimiser update.
    ///
    /// Gradients flow in place where an op's backward is elementwise: the
    /// gradient at a dropout's output becomes the gradient at its input, and
    /// at an activation's output the gradient at its input, in one tensor
    /// (`<layer>.gradient`). Each activation's derivative is taken from where
    /// the vocabulary says it can be (`Activation.derivativeSource`) — the one
    /// decision the kernels implement for every accepted parameter.
    mutating func differentiate(_ p: inout ProgramBuilder, slabs: Slabs) {
        var gradient: [TensorID: TensorID] = [:]
        var l2: [TensorID: Double] = [:]
        var backward: [Instruction] = []
        let forward = p.instructions

        /// The gradient tensor of `t`, created when first asked for.
        func gradientOf(_ t: TensorID) -> TensorID {
            if let g = gradient[t] { return g }
            let source = tensors[t]
            let layer = source.name.split(separator: ".").first.map(String.init) ?? source.name
            let g = add(layer + ".gradient", .gradient, rows: source.rows, columns: source.columns)
            gradient[t] = g
            return g
        }
        /// Whether a gradient must reach `t`: it is computed in the graph, not written by the host.
        func needsGradient(_ t: TensorID) -> Bool {
            !tensors[t].role.isPersistent
        }

        // Losses write their gradient in the forward pass, where their value is computed.
        for i in forward.indices {
            switch forward[i] {
            case .loss(var l):
                l.gradient = gradientOf(l.rule.isFused ? (l.logits ?? l.prediction) : l.prediction)
                p.instructions[i] = .loss(l)
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
                let transposed = wide
                    ? add(tensors[d.output].name.split(separator: ".").first.map(String.init)! + ".input_transposed",
                          .scratch, rows: columns, columns: .fixed(d.inFeatures)) : nil
                backward.append(.denseBackward(DenseBackwardOp(
                    layer: d.layer, inFeatures: d.inFeatures, outFeatures: d.outFeatures, columns: d.columns,
                    gradient: g, input: d.input, weight: d.weight, weightGradient: parameterGradient(d.weight),
                    biasGradient: d.bias.map(parameterGradient), l2: l2[d.weight] ?? 0,
                    strategy: wide ? .transposed : .dotProducts, transposed: transposed,
                    inputGradient: needsGradient(d.input) ? gradientOf(d.input) : nil)))
            case .loss, .penalty, .sum, .activationBackward, .mask, .denseBackward, .optimizer:
                continue
            }
        }
        p.instructions += backward
        if let o = builder.optimizer, let gradients = slabs.gradients {
            p.instructions.append(.optimizer(OptimizerOp(
                optimizer: o, count: builder.parameterCount, parameters: slabs.parameters, gradients: gradients,
                moment1: slabs.moment1, moment2: slabs.moment2, learningRate: nil)))
        }
    }

    /// The gradient view of a parameter view.
    func parameterGradient(_ view: TensorID) -> TensorID {
        builder.parameterTensors.first { $0.tensor == view }?.gradient ?? view
    }
}
