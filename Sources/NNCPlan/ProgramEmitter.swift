/// Writes a graph's programs as steps. Run twice: once with a resolver that
/// records at which schedule step each buffer is touched (the live intervals),
/// then with the placed offsets.
enum ProgramEmitter {
    /// Offsets of the slabs: parameters, gradients, moment1, moment2.
    typealias SlabBase = (parameters: Int, gradients: Int, moment1: Int?, moment2: Int?)

    /// Emits the training step (or forward pass) and, in training mode, the
    /// evaluation program. `resolve(buffer, step)` gives a transient buffer's offset;
    /// evaluation steps are resolved at the step of the training step they mirror,
    /// so the buffers they touch are live there too and placement stays valid for both.
    static func emit(_ g: LayerGraph, slabBase: SlabBase, resolve: (Int, Int) -> Int) -> (program: [Step], evaluation: [Step]) {
        var program: [Step] = []
        var evaluation: [Step] = []
        var now = 0
        func at(_ id: Int) -> Int { resolve(id, now) }
        func maybe(_ id: Int?) -> Int? { id.map { resolve($0, now) } }
        let training = g.mode == .training
        let lb = g.layerBuffers
        let s = g.shared
        let lastIndex = g.layers.count - 1

        // The data stage writes the batch before step 0.
        _ = at(s.input)
        _ = maybe(s.target)
        _ = maybe(s.uncertainty)
        _ = maybe(s.inverseCovariance)

        func forward(_ i: Int, input: Int, withPreactivation: Bool) -> DenseForward {
            let l = g.layers[i]
            return DenseForward(
                layer: i, inFeatures: l.inFeatures, outFeatures: l.outFeatures, activation: l.activation,
                alpha: l.alpha ?? 0, input: at(input), weight: slabBase.parameters + l.weightOffset,
                bias: l.biasOffset.map { slabBase.parameters + $0 },
                preactivation: withPreactivation ? maybe(lb[i].preactivation) : nil, output: at(lb[i].output))
        }

        var forwardStep: [Int] = []
        for i in g.layers.indices {
            now = program.count
            forwardStep.append(now)
            let input = i == 0 ? s.input : (training ? lb[i - 1].trainingOutput : lb[i - 1].output)
            program.append(.denseForward(forward(i, input: input, withPreactivation: training)))
            if let mask = lb[i].mask, let dropped = lb[i].dropped {
                now = program.count
                program.append(.dropoutForward(DropoutForward(
                    layer: i, features: g.layers[i].outFeatures, rate: g.layers[i].dropout,
                    input: at(lb[i].output), mask: at(mask), output: at(dropped))))
            }
        }

        if training, let loss = g.loss, let target = s.target, let scratch = s.lossScratch, let value = s.lossValue {
            now = program.count
            let lossStep = now
            func lossStepFor(prediction: Int, gradient: Int?) -> LossStep {
                LossStep(
                    kind: loss.kind, outputs: g.layers[lastIndex].outFeatures, delta: loss.delta ?? 0,
                    fused: loss.fusedWithActivation, prediction: at(prediction),
                    logits: loss.fusedWithActivation ? maybe(lb[lastIndex].preactivation) : nil, target: at(target),
                    uncertainty: maybe(s.uncertainty), inverseCovariance: maybe(s.inverseCovariance),
                    gradient: maybe(gradient), scratch: at(scratch), value: at(value))
            }
            program.append(.loss(lossStepFor(prediction: lb[lastIndex].trainingOutput, gradient: lb[lastIndex].gradient)))

            for i in g.layers.indices.reversed() {
                let l = g.layers[i]
                guard let gradient = lb[i].gradient else { continue }
                if let mask = lb[i].mask {
                    now = program.count
                    program.append(.dropoutBackward(DropoutBackward(
                        layer: i, features: l.outFeatures, mask: at(mask), gradient: at(gradient))))
                }
                now = program.count
                let derivative = g.derivatives[i]
                let input = i == 0 ? s.input : lb[i - 1].trainingOutput
                program.append(.denseBackward(DenseBackward(
                    layer: i, inFeatures: l.inFeatures, outFeatures: l.outFeatures, activation: l.activation,
                    alpha: l.alpha ?? 0, derivative: derivative, l2: l.l2, input: at(input),
                    output: derivative == .output ? at(lb[i].output) : nil,
                    preactivation: derivative == .preactivation ? maybe(lb[i].preactivation) : nil,
                    gradient: at(gradient), weight: slabBase.parameters + l.weightOffset,
                    bias: l.biasOffset.map { slabBase.parameters + $0 },
                    weightGradient: slabBase.gradients + l.weightOffset,
                    biasGradient: l.biasOffset.map { slabBase.gradients + $0 },
                    inputGradient: i > 0 ? maybe(lb[i - 1].gradient) : nil)))
            }

            if let o = g.optimizer {
                now = program.count
                program.append(.optimizerStep(OptimizerStep(
                    kind: o.kind, count: g.parameters, parameters: slabBase.parameters, gradients: slabBase.gradients,
                    moment1: o.moments >= 1 ? slabBase.moment1 : nil, moment2: o.moments >= 2 ? slabBase.moment2 : nil,
                    learningRate: o.learningRate, momentum: o.momentum, nesterov: o.nesterov, beta1: o.beta1,
                    beta2: o.beta2, epsilon: o.epsilon, weightDecay: o.weightDecay, clipnorm: o.clipnorm)))
            }

            // The host reads the loss and the network's output after the step.
            now = program.count
            _ = at(value)
            _ = at(lb[lastIndex].output)

            // Evaluation: the same forward without dropout, then the loss value.
            for i in g.layers.indices {
                now = forwardStep[i]
                let input = i == 0 ? s.input : lb[i - 1].output
                evaluation.append(.denseForward(forward(i, input: input, withPreactivation: true)))
            }
            now = lossStep
            evaluation.append(.loss(lossStepFor(prediction: lb[lastIndex].output, gradient: nil)))
        } else {
            now = program.count
            _ = at(lb[lastIndex].output)
        }
        return (program, evaluation)
    }

    /// The layer name or `parameters` a step works on, for listings.
    static func subject(of step: Step, layers: [PlanLayer]) -> String {
        func name(_ i: Int) -> String { layers.indices.contains(i) ? layers[i].name : "layer \(i)" }
        switch step {
        case .denseForward(let s): return name(s.layer)
        case .dropoutForward(let s): return name(s.layer)
        case .loss(let s): return s.kind.rawValue
        case .dropoutBackward(let s): return name(s.layer)
        case .denseBackward(let s): return name(s.layer)
        case .optimizerStep(let s): return s.kind.rawValue
        }
    }
}
