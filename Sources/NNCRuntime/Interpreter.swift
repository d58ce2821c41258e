import Dispatch
import NNCPlan

/// Runs a plan's programs over one arena: the training step, the evaluation
/// and the forward pass, each the plan's own list of instructions executed
/// as it is — the same list `nnc build --dump plan` prints.
///
/// The arena is allocated once (64-byte aligned) at the plan's size and never
/// again; a step is a loop with a `switch` per instruction calling kernels on
/// raw pointers, each operand's address read from a table filled at start-up
/// — no allocation, no reference counting, no dictionary or existential
/// dispatch (`AllocationCounter` proves it in the tests).
///
/// **Layout.** Every batch tensor is feature-major: `features` rows of `n`
/// floats, element (feature f, point b) at `f·n + b`, with `n` the points of
/// the current batch (≤ `batchSize`). Write a batch of n points compactly
/// into `input` (and `target`, `uncertainty`) — or use `load` — then call
/// `trainStep(rows: n)`. Write them before **every** step and evaluation: the
/// plan lets later tensors of a program reuse their space once they are read.
/// Weights are `[out][in]` row-major and biases `[out]` (PyTorch's
/// `nn.Linear`), at the offsets of `plan.parameterTensors` in the parameter slab.
///
/// One interpreter belongs to one thread at a time; replicas use one each.
public final class Interpreter {
    public let plan: Plan
    /// Points of the largest batch the tensors hold.
    public let batchSize: Int
    /// Input and output features (kept as plain integers: reading them from
    /// `plan` inside a step would retain its arrays).
    public let inputCount: Int
    public let outputCount: Int
    public let arena: UnsafeMutablePointer<Float>
    /// Floats in the arena.
    public let arenaCount: Int
    let workspace: Workspace
    /// The address of every tensor of the plan, by id.
    let addresses: UnsafeMutablePointer<UnsafeMutablePointer<Float>>
    let train: CompiledProgram?
    let evaluation: CompiledProgram?
    let forwardPass: CompiledProgram
    let monitorPass: CompiledProgram?

    /// Draws the dropout masks; part of a checkpoint.
    public var generator: RandomGenerator
    /// Optimiser updates taken so far (Adam's bias correction uses it); part of a checkpoint.
    public var stepCount: Int = 0
    /// The optimiser's learning rate when set, instead of the plan's: plans
    /// that differ only in it (a search's trials) share one interpreter. The
    /// value is used exactly as the plan's would be (a Double, not the arena's float).
    public var learningRate: Double?
    /// The validation terms of the last run (a training step with observables
    /// measures their validation rows on the weights it starts from); 0 without any.
    public private(set) var validationLoss: Double = 0

    public let input: UnsafeMutablePointer<Float>
    /// The batch's targets; nil in an inference plan.
    public let target: UnsafeMutablePointer<Float>?
    /// chi2 per-point σ, when the loss uses them.
    public let uncertainty: UnsafeMutablePointer<Float>?
    /// chi2 with a covariance: the inverse covariance over the batch's points.
    public let inverseCovariance: UnsafeMutablePointer<Float>?
    /// The network's output after the last `trainStep`, `evaluate` or
    /// `forward`, feature-major with the rows of that run.
    public private(set) var output: UnsafeMutablePointer<Float>

    public let parameters: UnsafeMutablePointer<Float>
    public let parameterCount: Int
    /// The gradient slab of the last training step; nil in an inference plan.
    public let gradients: UnsafeMutablePointer<Float>?
    /// The optimiser's moment slabs (Adam: m and v; sgd with momentum, rmsprop,
    /// adagrad: the first only), each `parameterCount` floats.
    public let moment1: UnsafeMutablePointer<Float>?
    public let moment2: UnsafeMutablePointer<Float>?

    /// One program ready to run: its instructions (the plan's, copied as they
    /// are into memory the step loop reads without retaining anything) and
    /// where its results are.
    struct CompiledProgram {
        let instructions: UnsafeMutablePointer<Instruction>
        let count: Int
        let output: UnsafeMutablePointer<Float>
        let outputColumn: Int

        init(_ program: Program, addresses: UnsafeMutablePointer<UnsafeMutablePointer<Float>>) {
            count = program.instructions.count
            instructions = .allocate(capacity: max(1, count))
            instructions.initialize(from: program.instructions, count: count)
            output = addresses[program.output]
            outputColumn = program.outputColumn
        }

        func deallocate() {
            instructions.deinitialize(count: count)
            instructions.deallocate()
        }
    }

    /// Prepares the arena and the programs after checking the plan
    /// (`Plan.validate`); the parameters are then set with
    /// `initializeParameters(seed:)` or written into `parameters`. `threads`
    /// > 1 splits large products across that many threads; `kernels` (one this
    /// CPU supports) is the kernel variant the products run.
    public init(plan: Plan, threads: Int = 1, kernels: KernelVariant = .best) throws {
        do {
            try plan.validate()
        } catch let e as PlanError {
            throw InterpreterError(e.description)
        }
        self.plan = plan
        batchSize = plan.batchSize
        inputCount = plan.inputs.count
        outputCount = plan.outputs.count
        arenaCount = Arena.aligned(max(plan.arena.count, 1))
        let raw = UnsafeMutableRawPointer.allocate(byteCount: arenaCount * 4, alignment: 64)
        arena = raw.bindMemory(to: Float.self, capacity: arenaCount)
        arena.initialize(repeating: 0, count: arenaCount)
        addresses = .allocate(capacity: max(1, plan.tensors.count))
        for (i, t) in plan.tensors.enumerated() { addresses[i] = arena + t.offset }

        let w = plan.tensors[plan.host.workspace]
        workspace = Workspace(
            base: addresses[plan.host.workspace], scratchPerThread: w.count, threads: threads, kernels: kernels)
        let needed = plan.maxInnerDimension
        guard workspace.fits(inner: needed) else {
            workspace.deallocate()
            addresses.deallocate()
            raw.deallocate()
            throw InterpreterError(
                "the plan's workspace has \(w.count) floats a thread; these kernels need \(GEMM.scratchCount(k: needed, kernels: kernels)) for products of depth \(needed) (build the plan again with this nnc)")
        }

        let addresses = self.addresses
        train = plan.programs.train.map { CompiledProgram($0, addresses: addresses) }
        evaluation = plan.programs.evaluate.map { CompiledProgram($0, addresses: addresses) }
        forwardPass = CompiledProgram(plan.programs.forward, addresses: addresses)
        monitorPass = plan.programs.monitor.map { CompiledProgram($0, addresses: addresses) }
        output = forwardPass.output
        for c in plan.constants {
            if case .scalar(let v) = c.kind { addresses[c.tensor].pointee = Float(v) }
        }
        input = addresses[plan.host.input]
        target = plan.host.target.map { addresses[$0] }
        uncertainty = plan.host.uncertainty.map { addresses[$0] }
        inverseCovariance = plan.host.inverseCovariance.map { addresses[$0] }
        parameters = addresses[plan.host.parameters]
        parameterCount = plan.parameters
        gradients = plan.host.gradients.map { addresses[$0] }
        moment1 = plan.host.moment1.map { addresses[$0] }
        moment2 = plan.host.moment2.map { addresses[$0] }
        generator = RandomGenerator(seed: 0)
    }

    deinit {
        train?.deallocate()
        evaluation?.deallocate()
        forwardPass.deallocate()
        monitorPass?.deallocate()
        workspace.deallocate()
        addresses.deallocate()
        UnsafeMutableRawPointer(arena).deallocate()
    }

    /// The instructions this interpreter runs for a program, read back from
    /// the memory its step loop executes: the plan's list, unchanged.
    public func instructions(of kind: ProgramKind) -> [Instruction] {
        let p: CompiledProgram?
        switch kind {
        case .train: p = train
        case .evaluate: p = evaluation
        case .forward: p = forwardPass
        case .monitor: p = monitorPass
        }
        guard let p else { return [] }
        return Array(UnsafeBufferPointer(start: p.instructions, count: p.count))
    }

    /// The memory of the tensor called `name` (a constant or a state to fill,
    /// a monitor to read), `count` floats; nil when the plan has none.
    public func tensor(named name: String) -> UnsafeMutableBufferPointer<Float>? {
        guard let i = plan.tensors.firstIndex(where: { $0.name == name }) else { return nil }
        return UnsafeMutableBufferPointer(start: addresses[i], count: plan.tensors[i].count)
    }

    /// The memory of tensor `id`.
    public func tensor(_ id: TensorID) -> UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(start: addresses[id], count: plan.tensors[id].count)
    }

    /// Whether the plan has a monitor program (observables or constraints).
    public var hasMonitor: Bool { monitorPass != nil }

    /// Fills every weight with its initialiser and zeroes the other
    /// parameters, the optimiser state and the step count. The weights draw
    /// from `RandomGenerator(seed:)` tensor by tensor in slab order; dropout
    /// masks from its stream 0.
    public func initializeParameters(seed: UInt64) {
        var g = RandomGenerator(seed: seed)
        generator = g.stream(0)
        parameters.update(repeating: 0, count: parameterCount)
        for t in plan.parameterTensors {
            switch t.initializer {
            case .weights(let initializer):
                initializer.fill(parameters + t.offset, inputs: t.shape.last ?? 1, outputs: t.shape.first ?? 1, generator: &g)
            case .uniform(let lower, let upper):
                for i in 0..<t.count { parameters[t.offset + i] = Float(lower + (upper - lower) * g.uniformDouble()) }
            case .zeros:
                break
            }
        }
        resetOptimizerState()
    }

    /// Zeroes the moments and the step count (a fresh optimiser on the current weights).
    public func resetOptimizerState() {
        moment1?.update(repeating: 0, count: parameterCount)
        moment2?.update(repeating: 0, count: parameterCount)
        stepCount = 0
    }

    /// The named parameter tensors inside the parameter slab.
    public var tensors: [(name: String, offset: Int, shape: [Int])] {
        plan.parameterTensors.map { ($0.name, $0.offset, $0.shape) }
    }

    /// Copies n points into the batch tensors. Each source is feature-major
    /// with n columns (element (f, b) at f·n + b), as the tensors are.
    public func load(
        input x: UnsafePointer<Float>, target t: UnsafePointer<Float>?, uncertainty s: UnsafePointer<Float>? = nil,
        rows n: Int
    ) {
        let rows = min(n, batchSize)
        input.update(from: x, count: inputCount * rows)
        if let t, let target { target.update(from: t, count: outputCount * rows) }
        if let s, let uncertainty { uncertainty.update(from: s, count: outputCount * rows) }
    }

    /// One training step on the first `rows` points of the batch tensors
    /// (default: the full batch): forward, loss, backward, optimiser update.
    /// Returns the batch's loss before the update (every term, penalties included).
    @discardableResult
    public func trainStep(rows: Int? = nil) -> Double {
        guard let train else { return 0 }
        stepCount += 1
        output = train.output
        return run(train.instructions, train.count, rows: min(rows ?? batchSize, batchSize), optimizerStep: stepCount)
    }

    /// The loss on the first `rows` points without dropout or update (the
    /// data loss only, without penalties); the outputs are left in `output`.
    public func evaluate(rows: Int? = nil) -> Double {
        guard let evaluation else { return 0 }
        output = evaluation.output
        return run(evaluation.instructions, evaluation.count, rows: min(rows ?? batchSize, batchSize), optimizerStep: stepCount)
    }

    /// The forward pass without dropout on the first `rows` points of `input`; results in `output`.
    public func forward(rows: Int? = nil) {
        output = forwardPass.output
        _ = run(forwardPass.instructions, forwardPass.count, rows: min(rows ?? batchSize, batchSize), optimizerStep: stepCount)
    }

    /// The monitor program on the fixed grids: the observables' theory
    /// values, their validation χ² (returned; 0 without validation points),
    /// the constraints' values — read them through the program's monitors.
    @discardableResult
    public func monitor() -> Double {
        guard let monitorPass else { return 0 }
        return run(monitorPass.instructions, monitorPass.count, rows: 0, optimizerStep: stepCount)
    }

    /// Times each instruction of the training step over `steps` steps (after
    /// one untimed step), loading nothing: write the batch tensors first. Returns
    /// one entry per instruction, in program order, with the mean seconds.
    /// For `nnc bench --profile`; the timer calls make it slower than `trainStep`.
    public func profileTrainStep(steps: Int, rows: Int? = nil, reload: () -> Void = {}) -> [(name: String, seconds: Double)] {
        guard let train else { return [] }
        let n = min(rows ?? batchSize, batchSize)
        var totals = [Double](repeating: 0, count: train.count)
        for s in 0...max(steps, 1) {
            reload()
            stepCount += 1
            for k in 0..<train.count {
                let t0 = DispatchTime.now().uptimeNanoseconds
                _ = run(train.instructions + k, 1, rows: n, optimizerStep: stepCount)
                if s > 0 { totals[k] += Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9 }
            }
        }
        let name = { (id: TensorID) in self.plan.tensors[id].name }
        return (0..<train.count).map { (train.instructions[$0].listing(name), totals[$0] / Double(max(steps, 1))) }
    }

    /// Executes one instruction list over n points; returns the sum of the
    /// loss terms it computed (0 without any), accumulated in Double.
    func run(_ program: UnsafeMutablePointer<Instruction>, _ count: Int, rows n: Int, optimizerStep: Int) -> Double {
        let a = addresses
        let kernels = workspace.kernels
        var loss = 0.0
        var validation = 0.0
        defer { validationLoss = validation }
        for k in 0..<count {
            switch program[k] {
            case .dense(let d):
                Dense.forward(
                    y: a[d.output], z: d.preactivation.map { a[$0] }, x: a[d.input], w: a[d.weight],
                    b: d.bias.map { UnsafePointer(a[$0]) }, inputs: d.inFeatures, outputs: d.outFeatures,
                    batch: d.columns.resolve(n), activation: d.activation, workspace: workspace)
            case .activation(let o):
                o.activation.forward(a[o.input], a[o.output], features: o.features, batch: o.columns.resolve(n), kernels: kernels)
            case .dropout(let d):
                let elements = d.features * d.columns.resolve(n)
                generator.dropoutMask(a[d.mask], count: elements, rate: Float(d.rate))
                Vector.map2(a[d.input], a[d.mask], a[d.output], elements) { Activation.multiply($0, $1) }
            case .loss(let l):
                let value = lossValue(l, rows: n)
                a[l.value][l.slot] = Float(value)
                if l.validation { validation += value } else { loss += value }
            case .penalty(let p):
                let value = Loss.l2Penalty(weights: a[p.weight], gradient: nil, count: p.count, l2: Float(p.l2), kernels: kernels)
                a[p.value][p.slot] = Float(value)
                loss += value
            case .sum(let s):
                var total: Float = 0
                for i in 0..<s.count { total += a[s.terms][i] }
                a[s.total].pointee = total
            case .activationBackward(let b):
                let g = a[b.gradient]
                b.activation.backward(g, from: b.source, a[b.saved], g, features: b.features, batch: b.columns.resolve(n), kernels: kernels)
            case .mask(let m):
                let g = a[m.gradient]
                Vector.map2(g, a[m.mask], g, m.features * m.columns.resolve(n)) { Activation.multiply($0, $1) }
            case .denseBackward(let b):
                let c = b.columns.resolve(n)
                let dZ = UnsafePointer(a[b.gradient])
                Dense.backwardParameters(
                    dW: a[b.weightGradient], db: b.biasGradient.map { a[$0] }, dZ: dZ, x: a[b.input], w: a[b.weight],
                    l2: Float(b.l2), inputs: b.inFeatures, outputs: b.outFeatures, batch: c,
                    transposed: b.transposed.map { a[$0] }, workspace: workspace)
                if let dX = b.inputGradient {
                    Dense.backwardInput(
                        dX: a[dX], dZ: dZ, w: a[b.weight], inputs: b.inFeatures, outputs: b.outFeatures, batch: c,
                        mask: b.inputMask.map { UnsafePointer(a[$0]) }, activation: b.inputActivation,
                        source: b.inputSource, saved: b.inputSaved.map { UnsafePointer(a[$0]) }, workspace: workspace)
                }
            case .concat(let c):
                let total = c.fixedColumns + n
                for r in 0..<c.rows {
                    (a[c.output] + r * total).update(from: a[c.fixed] + r * c.fixedColumns, count: c.fixedColumns)
                    (a[c.output] + r * total + c.fixedColumns).update(from: a[c.batch] + r * n, count: n)
                }
            case .zero(let z):
                a[z.tensor].update(repeating: 0, count: z.rows * z.columns.resolve(n))
            case .clamp(let c):
                let p = a[c.parameter], lo = Float(c.lower), hi = Float(c.upper)
                for i in 0..<c.count { p[i] = min(max(p[i], lo), hi) }
            case .preprocess(let q):
                Preprocess.forward(
                    x: a[q.x] + q.inputRow * q.columns.resolve(n), a: a[q.a], b: a[q.b], input: a[q.input],
                    factor: a[q.factor], logs: a[q.logs], y: a[q.output], outputs: q.outputs, columns: q.columns.resolve(n),
                    kernels: kernels)
            case .preprocessBackward(let q):
                Preprocess.backward(
                    gradient: a[q.gradient], y: a[q.output], factor: a[q.factor], logs: a[q.logs],
                    aGradient: q.aGradient.map { a[$0] }, bGradient: q.bGradient.map { a[$0] }, outputs: q.outputs,
                    columns: q.columns.resolve(n), kernels: kernels)
            case .linearMap(let m):
                LinearMap.forward(
                    y: a[m.output], matrix: a[m.matrix], input: a[m.input], rows: m.rows, rowOffset: m.rowOffset,
                    outputs: m.outputs, grid: m.grid, column: m.column, stride: m.columns.resolve(n), kernels: kernels)
            case .linearMapBackward(let m):
                LinearMap.backward(
                    inputGradient: a[m.inputGradient], matrix: a[m.matrix], gradient: a[m.gradient], rows: m.rows,
                    rowOffset: m.rowOffset, outputs: m.outputs, grid: m.grid, column: m.column,
                    stride: m.columns.resolve(n), kernels: kernels)
            case .optimizer(let o):
                let g = a[o.gradients]
                if let clipnorm = o.optimizer.clipnorm {
                    Optimizer.clipGlobalNorm(g, count: o.count, maxNorm: clipnorm, kernels: kernels)
                }
                let rate = o.learningRate.map { Double(a[$0].pointee) } ?? learningRate ?? o.optimizer.learningRate
                // A large slab is memory-bound work: split across the threads.
                let chunks = (o.count + DenseTask.optimizerChunk - 1) / DenseTask.optimizerChunk
                workspace.parallel(
                    .optimizer(rule: o.optimizer, p: a[o.parameters], g: g, m1: o.moment1.map { a[$0] },
                               m2: o.moment2.map { a[$0] }, count: o.count, step: optimizerStep, learningRate: rate),
                    rows: chunks, work: o.count * 64)
            }
        }
        return loss
    }

    /// One loss term's value (its mean times its weight and multiplier) and,
    /// when the instruction asks, its gradient.
    func lossValue(_ l: LossOp, rows n: Int) -> Double {
        let a = addresses
        let points = l.points.resolve(n)
        let stride = l.columns.resolve(n)
        var value: Double
        if l.outputs > 1 && stride != points {
            // Rows of the batch's points inside longer rows (fixed grids first):
            // an elementwise loss row by row, its mean over every output.
            value = 0
            for o in 0..<l.outputs {
                value += lossKernel(l, prediction: a[l.prediction] + o * stride + l.column,
                                    target: a[l.target] + o * points, sigma: l.uncertainty.map { a[$0] + o * points },
                                    gradient: l.gradient.map { a[$0] + o * stride + l.column }, points: points, outputs: 1)
            }
            value /= Double(l.outputs)
            if let g = l.gradient {
                let scale = 1 / Float(l.outputs)
                for o in 0..<l.outputs {
                    let row = a[g] + o * stride + l.column
                    Vector.map(row, row, points) { $0 * scale }
                }
            }
        } else {
            value = lossKernel(l, prediction: a[l.prediction] + l.column, target: a[l.target],
                               sigma: l.uncertainty.map { a[$0] }, gradient: l.gradient.map { a[$0] + l.column },
                               points: points, outputs: l.outputs)
        }
        var scale = l.weight
        if let m = l.multiplier { scale *= Double(a[m].pointee) }
        guard scale != 1 else { return value }
        if let g = l.gradient {
            let s = Float(scale)
            if l.outputs == 1 || stride == points {
                let row = a[g] + l.column
                Vector.map(row, row, l.outputs * points) { $0 * s }
            } else {
                for o in 0..<l.outputs {
                    let row = a[g] + o * stride + l.column
                    Vector.map(row, row, points) { $0 * s }
                }
            }
        }
        return value * scale
    }

    /// The loss of `points` points of `outputs` contiguous rows.
    func lossKernel(
        _ l: LossOp, prediction: UnsafeMutablePointer<Float>, target t: UnsafeMutablePointer<Float>,
        sigma: UnsafeMutablePointer<Float>?, gradient: UnsafeMutablePointer<Float>?, points: Int, outputs: Int
    ) -> Double {
        let a = addresses
        let kernels = workspace.kernels
        let count = outputs * points
        let target = UnsafePointer(t)
        switch l.rule {
        case .mse:
            return Loss.mse(prediction: prediction, target: target, gradient: gradient, count: count, kernels: kernels)
        case .mae:
            return Loss.mae(prediction: prediction, target: target, gradient: gradient, count: count, kernels: kernels)
        case .huber:
            return Loss.huber(prediction: prediction, target: target, gradient: gradient, count: count, delta: Float(l.delta), kernels: kernels)
        case .binaryCrossentropy:
            return Loss.binaryCrossentropy(prediction: prediction, target: target, gradient: gradient, count: count, kernels: kernels)
        case .sigmoidBinaryCrossentropy:
            return Loss.sigmoidBinaryCrossentropy(
                logits: a[l.logits ?? l.prediction] + l.column, target: target, probabilities: prediction,
                gradient: gradient, count: count, kernels: kernels)
        case .softmaxCrossentropy:
            return Loss.softmaxCrossentropy(
                logits: a[l.logits ?? l.prediction] + l.column, target: target, probabilities: prediction,
                gradient: gradient, classes: outputs, batch: points, kernels: kernels)
        case .categoricalCrossentropy:
            return Loss.categoricalCrossentropy(
                prediction: prediction, target: target, gradient: gradient, classes: outputs, batch: points, kernels: kernels)
        case .chi2:
            return Loss.chi2(prediction: prediction, target: target, sigma: sigma ?? t, gradient: gradient, count: count, kernels: kernels)
        case .chi2Covariance:
            return Loss.chi2Covariance(
                prediction: prediction, target: target, inverseCovariance: a[l.inverseCovariance ?? l.target],
                gradient: gradient, outputs: outputs, batch: points, leadingDimension: l.covarianceLeading,
                scratch: a[l.scratch], kernels: kernels)
        case .positivity:
            return Loss.positivity(values: prediction, gradient: gradient, count: count, kernels: kernels)
        }
    }
}

/// A plan the interpreter cannot run: an operand outside the arena or a
/// shape its kernels do not take (`Plan.validate` names the instruction).
/// Plans from lowering never hit these; a hand-edited plan file can.
public struct InterpreterError: Error, CustomStringConvertible, Equatable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
