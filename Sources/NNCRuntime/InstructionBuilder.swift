import NNCPlan
import NNCSpec

/// Turns a plan's programs into interpreter instructions: checks every
/// operand against the arena, resolves offsets to pointers, and fuses where
/// the plan leaves it to the runtime:
///
/// - a layer's dropout mask and activation derivative move into the epilogue
///   of the GEMM that produces its gradient (the layer above's input gradient),
///   so that gradient is written once instead of three times;
/// - with a loss fused with its activation (softmax + categorical
///   cross-entropy, sigmoid + binary cross-entropy), the last layer's forward
///   writes only its pre-activation, and the loss writes the probabilities.
struct InstructionBuilder {
    let plan: Plan
    let arena: UnsafeMutablePointer<Float>
    let count: Int

    init(plan: Plan, arena: UnsafeMutablePointer<Float>, count: Int) {
        self.plan = plan
        self.arena = arena
        self.count = count
    }

    /// A pointer to `floats` floats at `offset`, checked against the arena.
    func at(_ offset: Int, _ floats: Int, _ what: @autoclosure () -> String) throws -> UnsafeMutablePointer<Float> {
        guard offset >= 0, floats >= 0, offset <= count - floats else {
            throw InterpreterError("\(what()) at offset \(offset) (\(floats) floats) lies outside the arena of \(count) floats")
        }
        return arena + offset
    }

    func buffer(_ role: BufferRole) throws -> UnsafeMutablePointer<Float> {
        guard let b = plan.arena.buffers.first(where: { $0.role == role }) else {
            throw InterpreterError("the plan has no \(role.rawValue) buffer")
        }
        return try at(b.offset, b.count, "buffer '\(b.name)'")
    }

    /// The last layer's output as the evaluation (or inference) program writes it.
    func outputBuffer() throws -> UnsafeMutablePointer<Float> {
        let list = plan.mode == .training ? plan.evaluationProgram : plan.program
        for step in list.reversed() {
            if case .denseForward(let f) = step {
                return try at(f.output, f.outFeatures * plan.batchSize, "the output")
            }
        }
        throw InterpreterError("the plan has no forward step")
    }

    func penalties() throws -> [(UnsafePointer<Float>, Int, Float)] {
        try plan.layers.filter { $0.l2 != 0 }.map { layer in
            let p = try at(layer.weightOffset, layer.weightCount, "the weights of '\(layer.name)'")
            return (UnsafePointer(p), layer.weightCount, Float(layer.l2))
        }
    }

    func activation(_ kind: ActivationKind, _ alpha: Double) -> ActivationFunction {
        ActivationFunction(kind, alpha: alpha)
    }

    /// (training, evaluation, forward-only) instruction lists.
    mutating func build() throws -> ([Instruction], [Instruction], [Instruction]) {
        if plan.mode == .inference {
            let forward = try translate(plan.program, fuseLoss: false)
            return ([], forward, forward)
        }
        let training = try translate(plan.program, fuseLoss: true)
        let evaluation = try translate(plan.evaluationProgram, fuseLoss: true)
        let forward = try translate(plan.evaluationProgram.filter {
            if case .loss = $0 { return false }
            return true
        }, fuseLoss: false)
        return (training, evaluation, forward)
    }

    func translate(_ steps: [Step], fuseLoss: Bool) throws -> [Instruction] {
        let b = plan.batchSize
        // The loss fused with its activation reads the last layer's logits.
        var fusedLogits: Int?
        if fuseLoss {
            for step in steps {
                if case .loss(let l) = step, l.fused, let logits = l.logits { fusedLogits = logits }
            }
        }
        var out: [Instruction] = []
        var skip = Set<Int>()
        // Derivatives (and masks) already applied by an earlier step's epilogue, by gradient offset.
        var fusedGradients = Set<Int>()
        for (index, step) in steps.enumerated() where !skip.contains(index) {
            switch step {
            case .denseForward(let s):
                let name = "layer \(s.layer)"
                let z = try s.preactivation.map { try at($0, s.outFeatures * b, "the pre-activation of \(name)") }
                var op = ForwardOp(
                    y: try at(s.output, s.outFeatures * b, "the output of \(name)"), z: z,
                    x: try at(s.input, s.inFeatures * b, "the input of \(name)"),
                    w: try at(s.weight, s.inFeatures * s.outFeatures, "the weights of \(name)"),
                    b: try s.bias.map { try at($0, s.outFeatures, "the bias of \(name)") },
                    inputs: s.inFeatures, outputs: s.outFeatures, activation: activation(s.activation, s.alpha))
                if let logits = fusedLogits, s.preactivation == logits, let z {
                    // The loss computes the activation from the logits: write only those.
                    op.y = z
                    op.z = nil
                    op.activation = .linear
                }
                out.append(.forward(op))
            case .dropoutForward(let s):
                let n = s.features * b
                out.append(.dropout(DropoutOp(
                    input: try at(s.input, n, "the dropout input of layer \(s.layer)"),
                    mask: try at(s.mask, n, "the dropout mask of layer \(s.layer)"),
                    output: try at(s.output, n, "the dropout output of layer \(s.layer)"),
                    features: s.features, rate: Float(s.rate))))
            case .loss(let s):
                out.append(.loss(try loss(s, fuse: fuseLoss)))
            case .dropoutBackward(let s):
                guard !fusedGradients.contains(s.gradient) else { continue }
                // Not fused (no step above produced this gradient): apply the mask on its own.
                let n = s.features * b
                out.append(.mask(MaskOp(
                    gradient: try at(s.gradient, n, "the gradient of layer \(s.layer)"),
                    mask: UnsafePointer(try at(s.mask, n, "the dropout mask of layer \(s.layer)")),
                    features: s.features)))
            case .denseBackward(let s):
                let name = "layer \(s.layer)"
                let gradient = try at(s.gradient, s.outFeatures * b, "the gradient of \(name)")
                var op = BackwardOp(
                    derivative: fusedGradients.contains(s.gradient) ? nil : try derivative(of: s),
                    gradient: gradient,
                    x: try at(s.input, s.inFeatures * b, "the input of \(name)"),
                    w: try at(s.weight, s.inFeatures * s.outFeatures, "the weights of \(name)"),
                    dW: try at(s.weightGradient, s.inFeatures * s.outFeatures, "the weight gradient of \(name)"),
                    db: try s.biasGradient.map { try at($0, s.outFeatures, "the bias gradient of \(name)") },
                    l2: Float(s.l2), inputs: s.inFeatures, outputs: s.outFeatures,
                    inputGradient: try s.inputGradient.map { try at($0, s.inFeatures * b, "the input gradient of \(name)") },
                    inputMask: nil, inputDerivative: nil)
                if let g = s.inputGradient {
                    // Fuse the layer below's mask and derivative into this GEMM's epilogue.
                    var next = index + 1
                    var mask: UnsafePointer<Float>?
                    if next < steps.count, case .dropoutBackward(let d) = steps[next], d.gradient == g {
                        mask = UnsafePointer(try at(d.mask, d.features * b, "the dropout mask of layer \(d.layer)"))
                        next += 1
                    }
                    if next < steps.count, case .denseBackward(let below) = steps[next], below.gradient == g {
                        op.inputMask = mask
                        op.inputDerivative = try derivative(of: below)
                        fusedGradients.insert(g)
                        if mask != nil { skip.insert(index + 1) }
                    }
                }
                out.append(.backward(op))
            case .optimizerStep(let s):
                let n = s.count
                out.append(.optimizer(OptimizerOp(
                    rule: OptimizerRule(s),
                    parameters: try at(s.parameters, n, "the parameter slab"),
                    gradients: try at(s.gradients, n, "the gradient slab"),
                    moment1: try s.moment1.map { try at($0, n, "the first moment slab") },
                    moment2: try s.moment2.map { try at($0, n, "the second moment slab") },
                    count: n)))
            }
        }
        return out
    }

    func derivative(of s: DenseBackward) throws -> Derivative? {
        let f = activation(s.activation, s.alpha)
        let b = plan.batchSize
        switch s.derivative {
        case .identity:
            return nil
        case .output:
            guard let o = s.output, f.supports(.output) else {
                throw InterpreterError("layer \(s.layer): the derivative of \(s.activation.rawValue) cannot be taken from its output")
            }
            return Derivative(activation: f, source: .output, saved: UnsafePointer(try at(o, s.outFeatures * b, "the output of layer \(s.layer)")))
        case .preactivation:
            guard let z = s.preactivation, f.supports(.preactivation) else {
                throw InterpreterError("layer \(s.layer): the derivative of \(s.activation.rawValue) cannot be taken from its pre-activation")
            }
            return Derivative(activation: f, source: .preactivation, saved: UnsafePointer(try at(z, s.outFeatures * b, "the pre-activation of layer \(s.layer)")))
        }
    }

    func loss(_ s: LossStep, fuse: Bool) throws -> LossOp {
        let b = plan.batchSize
        let n = s.outputs * b
        let rule: LossOp.Rule
        switch s.kind {
        case .mse: rule = .mse
        case .mae: rule = .mae
        case .huber: rule = .huber(delta: Float(s.delta))
        case .binaryCrossentropy: rule = s.fused && s.logits != nil ? .sigmoidBinaryCrossentropy : .binaryCrossentropy
        case .categoricalCrossentropy: rule = s.fused && s.logits != nil ? .softmaxCrossentropy : .categoricalCrossentropy
        case .chi2:
            if s.inverseCovariance != nil { rule = .chi2Covariance }
            else if s.uncertainty != nil { rule = .chi2 }
            else { throw InterpreterError("chi2 needs per-point uncertainties or an inverse covariance buffer") }
        }
        return LossOp(
            rule: rule, outputs: s.outputs,
            prediction: try at(s.prediction, n, "the loss prediction"),
            logits: try s.logits.map { UnsafePointer(try at($0, n, "the loss logits")) },
            target: UnsafePointer(try at(s.target, n, "the targets")),
            uncertainty: try s.uncertainty.map { UnsafePointer(try at($0, n, "the uncertainties")) },
            inverseCovariance: try s.inverseCovariance.map { UnsafePointer(try at($0, n * n, "the inverse covariance")) },
            gradient: try s.gradient.map { try at($0, n, "the loss gradient") },
            value: try at(s.value, 1, "the loss value"))
    }
}
