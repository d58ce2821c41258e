import Dispatch
import NNCPlan
import NNCSpec

/// Runs a plan over one arena: the training step, the evaluation pass and the
/// forward pass, each one pass over a precomputed list of instructions.
///
/// The arena is allocated once (64-byte aligned) at the plan's size and never
/// again; a step is a loop with a `switch` per instruction calling kernels on
/// raw pointers — no allocation, no reference counting, no dictionary or
/// existential dispatch (`AllocationCounter` proves it in the tests).
///
/// **Layout.** Every batch buffer is feature-major: `features` rows of `n`
/// floats, element (feature f, sample b) at `f·n + b`, with `n` the rows of
/// the current batch (≤ `batchSize`). Write a batch of n samples compactly
/// into `input` (and `target`, `uncertainty`) — or use `load` — then call
/// `trainStep(rows: n)`. Write them before **every** step and evaluation: the
/// plan lets later buffers of a step reuse their space once they are read.
/// Weights are `[out][in]` row-major and biases `[out]` (PyTorch's
/// `nn.Linear`), at each layer's offsets inside the contiguous parameter slab.
///
/// One interpreter belongs to one thread at a time; replicas use one each.
public final class Interpreter {
    public let plan: Plan
    /// Rows of the largest batch the buffers hold.
    public let batchSize: Int
    /// Input and output features (kept as plain integers: reading them from
    /// `plan` inside a step would retain its arrays).
    public let inputCount: Int
    public let outputCount: Int
    public let arena: UnsafeMutablePointer<Float>
    /// Floats in the arena.
    public let arenaCount: Int
    let workspace: Workspace
    /// χ² with covariance needs a residual vector of batch × outputs floats.
    let lossScratch: UnsafeMutablePointer<Float>
    let trainProgram: UnsafeMutablePointer<Instruction>
    let trainCount: Int
    let evaluationProgram: UnsafeMutablePointer<Instruction>
    let evaluationCount: Int
    let forwardProgram: UnsafeMutablePointer<Instruction>
    let forwardCount: Int
    /// (weights, count, l2) of the layers with an L2 penalty: the loss a
    /// training step reports includes l2·Σw² (Keras's convention).
    let penalties: UnsafeMutablePointer<(UnsafePointer<Float>, Int, Float)>
    let penaltyCount: Int

    /// Draws the dropout masks; part of a checkpoint.
    public var generator: RandomGenerator
    /// Optimiser updates taken so far (Adam's bias correction uses it); part of a checkpoint.
    public var stepCount: Int = 0

    public let input: UnsafeMutablePointer<Float>
    /// The batch's targets; nil in an inference plan.
    public let target: UnsafeMutablePointer<Float>?
    /// χ² per-point σ, when the loss uses them.
    public let uncertainty: UnsafeMutablePointer<Float>?
    /// χ² with covariance: the inverse covariance over the training points, written once.
    public let inverseCovariance: UnsafeMutablePointer<Float>?
    /// The network's output after `forward` or `evaluate` (and, for the training
    /// batch, after `trainStep`), feature-major like every batch buffer.
    public let output: UnsafeMutablePointer<Float>

    public let parameters: UnsafeMutablePointer<Float>
    public let parameterCount: Int
    /// The gradient slab of the last training step; nil in an inference plan.
    public let gradients: UnsafeMutablePointer<Float>?
    /// The optimiser's moment slabs (Adam: m and v; sgd with momentum, rmsprop,
    /// adagrad: the first only), each `parameterCount` floats.
    public let moment1: UnsafeMutablePointer<Float>?
    public let moment2: UnsafeMutablePointer<Float>?

    /// Prepares the arena and the programs; the parameters are then set with
    /// `initializeParameters(seed:)` or written into `parameters`.
    /// `threads` > 1 splits large products across that many threads;
    /// `kernels` (supported by this CPU) is the kernel variant its products run.
    public init(plan: Plan, threads: Int = 1, kernels: KernelVariant = .best) throws {
        self.plan = plan
        batchSize = plan.batchSize
        inputCount = plan.inputs.count
        outputCount = plan.outputs.count
        arenaCount = Arena.aligned(max(plan.arena.count, 1))
        let raw = UnsafeMutableRawPointer.allocate(byteCount: arenaCount * 4, alignment: 64)
        arena = raw.bindMemory(to: Float.self, capacity: arenaCount)
        arena.initialize(repeating: 0, count: arenaCount)
        let widths = [plan.inputs.count] + plan.layers.map(\.outFeatures)
        workspace = Workspace(
            widths: widths + plan.layers.map(\.inFeatures), batch: batchSize, threads: threads, kernels: kernels)
        lossScratch = .allocate(capacity: max(1, batchSize * max(1, plan.outputs.count)))
        var builder = InstructionBuilder(plan: plan, arena: arena, count: arenaCount)
        do {
            let (training, evaluation, forward) = try builder.build()
            (trainProgram, trainCount) = Self.store(training)
            (evaluationProgram, evaluationCount) = Self.store(evaluation)
            (forwardProgram, forwardCount) = Self.store(forward)
            let p = try builder.penalties()
            penalties = .allocate(capacity: max(1, p.count))
            for (i, e) in p.enumerated() { penalties[i] = e }
            penaltyCount = p.count
            input = try builder.buffer(.input)
            target = try? builder.buffer(.target)
            uncertainty = try? builder.buffer(.uncertainty)
            inverseCovariance = try? builder.buffer(.inverseCovariance)
            output = try builder.outputBuffer()
            parameters = try builder.buffer(.parameters)
            gradients = try? builder.buffer(.gradients)
            moment1 = try? builder.buffer(.moment1)
            moment2 = try? builder.buffer(.moment2)
        } catch {
            workspace.deallocate()
            lossScratch.deallocate()
            raw.deallocate()
            throw error
        }
        parameterCount = plan.parameters
        generator = RandomGenerator(seed: 0)
    }

    static func store(_ list: [Instruction]) -> (UnsafeMutablePointer<Instruction>, Int) {
        let p = UnsafeMutablePointer<Instruction>.allocate(capacity: max(1, list.count))
        p.initialize(from: list, count: list.count)
        return (p, list.count)
    }

    deinit {
        trainProgram.deinitialize(count: trainCount)
        trainProgram.deallocate()
        evaluationProgram.deinitialize(count: evaluationCount)
        evaluationProgram.deallocate()
        forwardProgram.deinitialize(count: forwardCount)
        forwardProgram.deallocate()
        penalties.deallocate()
        lossScratch.deallocate()
        workspace.deallocate()
        UnsafeMutableRawPointer(arena).deallocate()
    }

    /// Fills every layer's weights with its initialiser and zeroes the biases,
    /// the optimiser state and the step count. The weights draw from
    /// `RandomGenerator(seed:)` layer by layer; dropout masks from its stream 0.
    public func initializeParameters(seed: UInt64) {
        var g = RandomGenerator(seed: seed)
        generator = g.stream(0)
        parameters.update(repeating: 0, count: parameterCount)
        for layer in plan.layers {
            let initializer = WeightInitializer(layer.initializer, scale: layer.initializerScale)
            initializer.fill(parameters + layer.weightOffset, inputs: layer.inFeatures, outputs: layer.outFeatures, generator: &g)
        }
        resetOptimizerState()
    }

    /// Zeroes the moments and the step count (a fresh optimiser on the current weights).
    public func resetOptimizerState() {
        moment1?.update(repeating: 0, count: parameterCount)
        moment2?.update(repeating: 0, count: parameterCount)
        stepCount = 0
    }

    /// The layers' weight and bias tensors inside the parameter slab.
    public var tensors: [(name: String, offset: Int, shape: [Int])] {
        var out: [(String, Int, [Int])] = []
        for layer in plan.layers {
            out.append(("\(layer.name).weight", layer.weightOffset, [layer.outFeatures, layer.inFeatures]))
            if let b = layer.biasOffset { out.append(("\(layer.name).bias", b, [layer.outFeatures])) }
        }
        return out
    }

    /// Copies n samples into the batch buffers. Each source is feature-major
    /// with n columns (element (f, b) at f·n + b), as the buffers are.
    public func load(
        input x: UnsafePointer<Float>, target t: UnsafePointer<Float>?, uncertainty s: UnsafePointer<Float>? = nil,
        rows n: Int
    ) {
        let rows = min(n, batchSize)
        input.update(from: x, count: inputCount * rows)
        if let t, let target { target.update(from: t, count: outputCount * rows) }
        if let s, let uncertainty { uncertainty.update(from: s, count: outputCount * rows) }
    }

    /// One training step on the first `rows` samples of the batch buffers
    /// (default: the full batch): forward, loss, backward, optimiser update.
    /// Returns the batch's loss before the update (with the L2 penalty).
    @discardableResult
    public func trainStep(rows: Int? = nil) -> Double {
        let n = min(rows ?? batchSize, batchSize)
        stepCount += 1
        return run(trainProgram, trainCount, rows: n, optimizerStep: stepCount)
    }

    /// The loss on the first `rows` samples without dropout or update (the
    /// data loss only, without the L2 penalty); the outputs are left in `output`.
    public func evaluate(rows: Int? = nil) -> Double {
        run(evaluationProgram, evaluationCount, rows: min(rows ?? batchSize, batchSize), optimizerStep: stepCount)
    }

    /// The forward pass without dropout on the first `rows` samples of `input`; results in `output`.
    public func forward(rows: Int? = nil) {
        _ = run(forwardProgram, forwardCount, rows: min(rows ?? batchSize, batchSize), optimizerStep: stepCount)
    }

    /// Times each instruction of the training step over `steps` steps (after
    /// one untimed step), loading nothing: write the batch buffers first. Returns
    /// one entry per instruction, in program order, with the mean seconds.
    /// For `nnc bench --profile`; the timer calls make it slower than `trainStep`.
    public func profileTrainStep(steps: Int, rows: Int? = nil, reload: () -> Void = {}) -> [(name: String, seconds: Double)] {
        let n = min(rows ?? batchSize, batchSize)
        var totals = [Double](repeating: 0, count: trainCount)
        for s in 0...max(steps, 1) {
            reload()
            stepCount += 1
            for k in 0..<trainCount {
                let t0 = DispatchTime.now().uptimeNanoseconds
                _ = run(trainProgram + k, 1, rows: n, optimizerStep: stepCount)
                if s > 0 { totals[k] += Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9 }
            }
        }
        return (0..<trainCount).map { (Self.describe(trainProgram[$0], plan: plan), totals[$0] / Double(max(steps, 1))) }
    }

    static func describe(_ instruction: Instruction, plan: Plan) -> String {
        switch instruction {
        case .forward(let f): return "forward \(f.inputs)→\(f.outputs) \(f.activation)"
        case .dropout(let d): return "dropout \(d.features)"
        case .mask(let m): return "dropout backward \(m.features)"
        case .loss(let l): return "loss \(l.rule)"
        case .backward(let b):
            var parts = ["backward \(b.inputs)→\(b.outputs)"]
            if let d = b.derivative { parts.append("\(d.activation)′") }
            if b.inputGradient != nil { parts.append("input gradient") }
            if let d = b.inputDerivative { parts.append("fused \(d.activation)′") }
            return parts.joined(separator: ", ")
        case .optimizer(let o): return "optimizer \(o.rule.kind) over \(o.count)"
        }
    }

    /// Executes one instruction list over n samples; returns the loss (0 without one).
    func run(_ program: UnsafeMutablePointer<Instruction>, _ count: Int, rows n: Int, optimizerStep: Int) -> Double {
        var loss = 0.0
        for k in 0..<count {
            switch program[k] {
            case .forward(let f):
                Dense.forward(
                    y: f.y, z: f.z, x: f.x, w: f.w, b: f.b, inputs: f.inputs, outputs: f.outputs, batch: n,
                    activation: f.activation, workspace: workspace)
            case .dropout(let d):
                let elements = d.features * n
                generator.dropoutMask(d.mask, count: elements, rate: d.rate)
                Vector.map2(d.input, d.mask, d.output, elements) { ActivationFunction.multiply($0, $1) }
            case .mask(let m):
                Vector.map2(m.gradient, m.mask, m.gradient, m.features * n) { ActivationFunction.multiply($0, $1) }
            case .loss(let l):
                loss = lossValue(l, rows: n)
                l.value.pointee = Float(loss)
                if l.gradient != nil {
                    for i in 0..<penaltyCount {
                        let (w, c, l2) = penalties[i]
                        loss += Loss.l2Penalty(weights: w, gradient: nil, count: c, l2: l2)
                    }
                }
            case .backward(let b):
                if let d = b.derivative {
                    d.activation.backward(b.gradient, from: d.source, d.saved, b.gradient, features: b.outputs, batch: n)
                }
                Dense.backwardParameters(
                    dW: b.dW, db: b.db, dZ: b.gradient, x: b.x, w: b.w, l2: b.l2,
                    inputs: b.inputs, outputs: b.outputs, batch: n, workspace: workspace)
                if let dX = b.inputGradient {
                    Dense.backwardInput(
                        dX: dX, dZ: b.gradient, w: b.w, inputs: b.inputs, outputs: b.outputs, batch: n,
                        mask: b.inputMask, activation: b.inputDerivative?.activation,
                        source: b.inputDerivative?.source ?? .output, saved: b.inputDerivative?.saved,
                        workspace: workspace)
                }
            case .optimizer(let o):
                if let clipnorm = o.rule.clipnorm {
                    OptimizerRule.clipGlobalNorm(o.gradients, count: o.count, maxNorm: clipnorm)
                }
                // A large slab is memory-bound work: split across the threads.
                let chunks = (o.count + DenseTask.optimizerChunk - 1) / DenseTask.optimizerChunk
                workspace.parallel(
                    .optimizer(rule: o.rule, p: o.parameters, g: o.gradients, m1: o.moment1, m2: o.moment2,
                               count: o.count, step: optimizerStep),
                    rows: chunks, work: o.count * 64)
            }
        }
        return loss
    }

    func lossValue(_ l: LossOp, rows n: Int) -> Double {
        let count = l.outputs * n
        switch l.rule {
        case .mse:
            return Loss.mse(prediction: l.prediction, target: l.target, gradient: l.gradient, count: count)
        case .mae:
            return Loss.mae(prediction: l.prediction, target: l.target, gradient: l.gradient, count: count)
        case .huber(let delta):
            return Loss.huber(prediction: l.prediction, target: l.target, gradient: l.gradient, count: count, delta: delta)
        case .binaryCrossentropy:
            return Loss.binaryCrossentropy(prediction: l.prediction, target: l.target, gradient: l.gradient, count: count)
        case .sigmoidBinaryCrossentropy:
            return Loss.sigmoidBinaryCrossentropy(
                logits: l.logits!, target: l.target, probabilities: l.prediction, gradient: l.gradient, count: count)
        case .softmaxCrossentropy:
            return Loss.softmaxCrossentropy(
                logits: l.logits!, target: l.target, probabilities: l.prediction, gradient: l.gradient,
                classes: l.outputs, batch: n)
        case .categoricalCrossentropy:
            return Loss.categoricalCrossentropy(
                prediction: l.prediction, target: l.target, gradient: l.gradient, classes: l.outputs, batch: n)
        case .chi2:
            return Loss.chi2(prediction: l.prediction, target: l.target, sigma: l.uncertainty!, gradient: l.gradient, count: count)
        case .chi2Covariance:
            return Loss.chi2Covariance(
                prediction: l.prediction, target: l.target, inverseCovariance: l.inverseCovariance!,
                gradient: l.gradient, outputs: l.outputs, batch: n, leadingDimension: l.outputs * batchSize,
                scratch: lossScratch)
        }
    }
}

/// A plan the interpreter cannot run: an offset outside the arena, a missing
/// buffer, or a derivative the activation cannot give from the named source.
/// Plans from `Lowering` never hit these; a hand-edited plan file can.
public struct InterpreterError: Error, CustomStringConvertible, Equatable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
