import Foundation
import NNCDiagnostics
import NNCLowering
import NNCPlan
import NNCSpec
import Testing
@testable import NNCRuntime

/// The interpreter on plans lowered from real specs: whole-network gradients
/// against central finite differences of an independent Double reference,
/// SGD steps against that reference, and no allocation or ARC in a step.
struct InterpreterTests {
    /// A 2-5-4-3 network on a 3×3 grid (batch 9: tails in every kernel).
    static func spec(
        activations: [String], loss: String, optimizer: String = "{sgd: {learning_rate: 0.1}}",
        extra: [String] = ["", "", ""], noise: String = ""
    ) -> String {
        """
        nnc: 1
        name: t
        inputs: [a, b]
        outputs: [p, q, r]
        network:
          init: glorot_uniform
          layers:
            - {dense: 5, activation: \(activations[0])\(extra[0])}
            - {dense: 4, activation: \(activations[1])\(extra[1])}
            - {dense: 3, activation: \(activations[2])\(extra[2])}
        data:
          generate:
            truth: {p: "a", q: "b", r: "a * b"}
            a: {linspace: [0, 1], points: 3}
            b: {linspace: [0, 1], points: 3}
            \(noise)
        training:
          loss: \(loss)
          optimizer: \(optimizer)
          batch_size: full
          epochs: 1
        """
    }

    static func plan(_ text: String) throws -> Plan {
        let sources = SourceManager()
        let (spec, diagnostics) = SpecLoader.decode(text: text, path: "t.yaml", sources: sources)
        guard let spec else {
            throw InterpreterError("spec did not decode: \(diagnostics.map(\.message))")
        }
        let (plan, lowering) = Lowering.lower(spec, options: LoweringOptions())
        guard let plan else { throw InterpreterError("lowering failed: \(lowering.map(\.message))") }
        return plan
    }

    // MARK: - The Double reference

    static func activate(_ kind: ActivationKind, _ alpha: Double?, _ x: Double) -> Double {
        switch kind {
        case .linear, .softmax: return x
        case .sigmoid: return 1 / (1 + exp(-x))
        case .tanh: return tanh(x)
        case .relu: return max(x, 0)
        case .leakyReLU: return x > 0 ? x : (alpha ?? 0.01) * x
        case .elu: return x > 0 ? x : (alpha ?? 1) * expm1(x)
        case .selu: return ActivationTests.seluScale * (x > 0 ? x : ActivationTests.seluAlpha * expm1(x))
        case .softplus: return max(x, 0) + log1p(exp(-abs(x)))
        case .gelu: return 0.5 * x * (1 + erf(x / 2.0.squareRoot()))
        case .swish: return x / (1 + exp(-x))
        }
    }

    /// The loss of the network with parameters `p` on the batch, in Double.
    static func referenceLoss(plan: Plan, p: [Double], x: [Double], t: [Double], sigma: [Double]?, n: Int) -> Double {
        var a = x  // feature-major, n columns
        var features = plan.inputs.count
        var logits: [Double] = []
        for layer in plan.layers {
            var z = [Double](repeating: 0, count: layer.outFeatures * n)
            for o in 0..<layer.outFeatures {
                for b in 0..<n {
                    var s = plan.biasOffset(layer).map { p[$0 + o] } ?? 0
                    for i in 0..<features { s += p[plan.weightOffset(layer) + o * layer.inFeatures + i] * a[i * n + b] }
                    z[o * n + b] = s
                }
            }
            logits = z
            if layer.activation.kind == .softmax {
                a = ActivationTests.softmax(z, features: layer.outFeatures, batch: n)
            } else {
                a = z.map { activate(layer.activation.kind, layer.activation.alpha, $0) }
            }
            features = layer.outFeatures
        }
        let loss = plan.lossOp!
        let count = Double(a.count)
        var value: Double
        switch plan.loss! {
        case .mse: value = zip(a, t).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / count
        case .mae: value = zip(a, t).map { abs($0 - $1) }.reduce(0, +) / count
        case .huber:
            let d = loss.delta
            value = zip(a, t).map { r in abs(r.0 - r.1) < d ? 0.5 * (r.0 - r.1) * (r.0 - r.1) : d * (abs(r.0 - r.1) - 0.5 * d) }.reduce(0, +) / count
        case .binaryCrossentropy:
            if loss.rule.isFused {
                value = zip(logits, t).map { z, y in max(z, 0) - z * y + log1p(exp(-abs(z))) }.reduce(0, +) / count
            } else {
                value = zip(a, t).map { q, y in -(y * max(log(q), -100) + (1 - y) * max(log(1 - q), -100)) }.reduce(0, +) / count
            }
        case .categoricalCrossentropy:
            value = LossTests.crossentropy(logits, t, classes: plan.outputs.count, batch: n)
        case .chi2:
            value = (0..<a.count).map { ($0, a[$0] - t[$0]) }.map { i, r in r * r / (sigma![i] * sigma![i]) }.reduce(0, +) / count
        }
        for layer in plan.layers where layer.l2 != 0 {
            let w = plan.weightOffset(layer)
            value += layer.l2 * (0..<(layer.inFeatures * layer.outFeatures)).map { p[w + $0] * p[w + $0] }.reduce(0, +)
        }
        return value
    }

    /// Fills input, target (and σ) with seeded values; returns them in Double.
    static func fill(_ it: Interpreter, seed: UInt64, classes: Bool) -> (x: [Double], t: [Double], sigma: [Double]?) {
        let n = it.batchSize
        var g = RandomGenerator(seed: seed)
        let inputs = it.plan.inputs.count, outputs = it.plan.outputs.count
        for i in 0..<(inputs * n) { it.input[i] = Float(g.uniformDouble() * 2 - 1) }
        for i in 0..<(outputs * n) { it.target![i] = classes ? 0 : Float(g.uniformDouble()) }
        if classes {
            for b in 0..<n { it.target![Int(g.next() % UInt64(outputs)) * n + b] = 1 }
        }
        var sigma: [Double]?
        if let u = it.uncertainty {
            for i in 0..<(outputs * n) { u[i] = Float(0.5 + g.uniformDouble()) }
            sigma = (0..<(outputs * n)).map { Double(u[$0]) }
        }
        return ((0..<(inputs * n)).map { Double(it.input[$0]) }, (0..<(outputs * n)).map { Double(it.target![$0]) }, sigma)
    }

    /// Runs one step and compares its loss and gradient slab with the reference.
    static func gradientCheck(_ text: String, label: String, classes: Bool = false, kernels: KernelVariant) throws {
        let plan = try plan(text)
        let it = try Interpreter(plan: plan, kernels: kernels)
        it.initializeParameters(seed: 3)
        // Non-zero biases so that their gradients and the activations' kinks are exercised.
        for layer in plan.layers {
            if let b = plan.biasOffset(layer) { for i in 0..<layer.outFeatures { it.parameters[b + i] = Float(i % 3) * 0.1 - 0.1 } }
        }
        let (x, t, sigma) = fill(it, seed: 5, classes: classes)
        let p0 = (0..<it.parameterCount).map { Double(it.parameters[$0]) }
        let n = it.batchSize
        let loss = it.trainStep()
        let exact = referenceLoss(plan: plan, p: p0, x: x, t: t, sigma: sigma, n: n)
        #expect(abs(loss - exact) <= 1e-5 * max(1, abs(exact)), "\(label): loss \(loss) vs \(exact)")
        var fd = [Double](repeating: 0, count: p0.count)
        for i in 0..<p0.count {
            var up = p0, down = p0
            let h = 1e-6
            up[i] += h
            down[i] -= h
            fd[i] = (referenceLoss(plan: plan, p: up, x: x, t: t, sigma: sigma, n: n)
                - referenceLoss(plan: plan, p: down, x: x, t: t, sigma: sigma, n: n)) / (2 * h)
        }
        let got = (0..<p0.count).map { Double(it.gradients![$0]) }
        let scale = max(fd.map(abs).max() ?? 1, 1e-3)
        let e = maxError(got.map { $0 / scale }, fd.map { $0 / scale }, floor: 1e-2)
        print("\(kernels) \(label): loss \(loss), gradient max error \(e.error) over \(p0.count) parameters")
        #expect(e.error < 1e-4, "\(label): gradient at parameter \(e.index): \(e.index >= 0 ? got[e.index] : 0) vs \(e.index >= 0 ? fd[e.index] : 0)")
    }

    @Test(arguments: KernelVariant.allCases)
    func gradientsOfEveryActivation(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        let hidden = ["sigmoid", "tanh", "relu", "{leaky_relu: {alpha: 0.2}}", "{elu: {alpha: 0.7}}", "selu", "softplus", "gelu", "swish", "linear"]
        for (i, h) in hidden.enumerated() {
            let other = hidden[(i + 3) % hidden.count]
            try Self.gradientCheck(Self.spec(activations: [h, other, "linear"], loss: "mse"), label: "\(h) / \(other) / mse", kernels: kernels)
        }
    }

    @Test(arguments: KernelVariant.allCases)
    func gradientsOfEveryLoss(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        try Self.gradientCheck(Self.spec(activations: ["tanh", "relu", "linear"], loss: "mae"), label: "mae", kernels: kernels)
        try Self.gradientCheck(Self.spec(activations: ["tanh", "tanh", "linear"], loss: "{huber: {delta: 0.3}}"), label: "huber", kernels: kernels)
        try Self.gradientCheck(Self.spec(activations: ["tanh", "gelu", "sigmoid"], loss: "binary_crossentropy"), label: "sigmoid + bce", kernels: kernels)
        try Self.gradientCheck(Self.spec(activations: ["tanh", "tanh", "softmax"], loss: "categorical_crossentropy"), label: "softmax + cce", classes: true, kernels: kernels)
        try Self.gradientCheck(Self.spec(activations: ["tanh", "swish", "linear"], loss: "chi2", noise: "noise: {absolute: 0.1}"), label: "chi2", kernels: kernels)
    }

    @Test(arguments: KernelVariant.allCases)
    func gradientsWithLayerOptions(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        try Self.gradientCheck(
            Self.spec(activations: ["tanh", "elu", "linear"], loss: "mse", extra: [", l2: 0.01", ", bias: false", ", l2: 0.1"]),
            label: "l2 and no bias", kernels: kernels)
    }

    /// Dropout: the gradient matches the reference network with the step's own masks applied.
    @Test func dropoutMasksAndGradient() throws {
        let plan = try Self.plan(Self.spec(activations: ["tanh", "tanh", "linear"], loss: "mse", extra: [", dropout: 0.3", "", ""]))
        let it = try Interpreter(plan: plan)
        it.initializeParameters(seed: 1)
        _ = Self.fill(it, seed: 2, classes: false)
        let maskBuffer = try #require(plan.tensors.first { $0.role == .dropoutMask })
        it.trainStep()
        let mask = (0..<(5 * it.batchSize)).map { it.arena[maskBuffer.offset + $0] }
        #expect(mask.allSatisfy { $0 == 0 || abs($0 - 1 / 0.7) < 1e-6 })
        #expect(mask.contains(0) && mask.contains { $0 != 0 })
        // The evaluation pass has no dropout: repeated evaluations agree.
        let e1 = it.evaluate(), e2 = it.evaluate()
        #expect(e1 == e2)
    }

    @Test func sameSeedSameWeights() throws {
        let plan = try Self.plan(Self.spec(activations: ["tanh", "relu", "linear"], loss: "mse", optimizer: "adam", extra: [", dropout: 0.2", "", ""]))
        var runs: [[Float]] = []
        for _ in 0..<2 {
            let it = try Interpreter(plan: plan)
            it.initializeParameters(seed: 42)
            for _ in 0..<20 {
                _ = Self.fill(it, seed: 7, classes: false)
                it.trainStep()
            }
            runs.append(Array(UnsafeBufferPointer(start: it.parameters, count: it.parameterCount)))
        }
        #expect(runs[0] == runs[1])
    }

    /// An interpreter told another learning rate trains bit for bit as the
    /// plan with that rate does (a search's trials share one interpreter).
    @Test func theLearningRateAsDataTrainsAsThePlanWithThatRate() throws {
        let plan = try Self.plan(Self.spec(activations: ["tanh", "sigmoid", "linear"], loss: "mse"))
        var runs: [[Float]] = []
        for (p, rate) in [(plan.withLearningRate(0.02), nil), (plan, 0.02)] as [(Plan, Double?)] {
            let it = try Interpreter(plan: p)
            it.learningRate = rate
            it.initializeParameters(seed: 42)
            for _ in 0..<5 {
                _ = Self.fill(it, seed: 7, classes: false)
                it.trainStep()
            }
            runs.append(Array(UnsafeBufferPointer(start: it.parameters, count: it.parameterCount)))
        }
        #expect(plan.optimizer?.learningRate != 0.02)
        #expect(runs[0] == runs[1])
    }

    /// Two SGD steps: the parameters follow p ← p − lr·∇L with ∇L from the reference.
    @Test func sgdStepsFollowTheReference() throws {
        let plan = try Self.plan(Self.spec(activations: ["tanh", "sigmoid", "linear"], loss: "mse"))
        let it = try Interpreter(plan: plan)
        it.initializeParameters(seed: 9)
        let (x, t, _) = Self.fill(it, seed: 10, classes: false)
        var p = (0..<it.parameterCount).map { Double(it.parameters[$0]) }
        for _ in 0..<2 {
            // Input and targets share arena space with later buffers: written before every step.
            _ = Self.fill(it, seed: 10, classes: false)
            it.trainStep()
            var next = p
            for i in 0..<p.count {
                var up = p, down = p
                up[i] += 1e-6
                down[i] -= 1e-6
                let g = (Self.referenceLoss(plan: plan, p: up, x: x, t: t, sigma: nil, n: it.batchSize)
                    - Self.referenceLoss(plan: plan, p: down, x: x, t: t, sigma: nil, n: it.batchSize)) / 2e-6
                next[i] = p[i] - 0.1 * g
            }
            p = next
        }
        let got = (0..<it.parameterCount).map { Double(it.parameters[$0]) }
        let e = maxError(got, p, floor: 0.1)
        print("sgd two steps: max difference \(e.error) at \(e.index): \(e.index >= 0 ? got[e.index] : 0) vs \(e.index >= 0 ? p[e.index] : 0); plan \(plan.optimizer.map { "\($0.kind) \($0.learningRate)" } ?? "")")
        #expect(e.error < 1e-5)
    }

    /// Threads split the products and the optimiser update by rows, and every
    /// element is computed by the same instructions on any split: training is
    /// bit-identical across thread counts within one kernel variant.
    @Test(arguments: KernelVariant.allCases)
    func trainingIsBitIdenticalAcrossThreadCounts(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        // 256-wide layers on 64 points: every product and the Adam update are
        // above the threading threshold, and the weight gradients take the transpose path.
        let plan = try Self.plan("""
            nnc: 1
            name: threads
            inputs: [a, b]
            outputs: [p, q, r]
            network:
              layers:
                - {dense: 256, activation: tanh}
                - {dense: 250, activation: relu, dropout: 0.1}
                - {dense: 3, activation: linear}
            data:
              generate:
                truth: {p: "a", q: "b", r: "a * b"}
                a: {linspace: [0, 1], points: 8}
                b: {linspace: [0, 1], points: 8}
            training:
              loss: mse
              optimizer: adam
              batch_size: full
              epochs: 1
            """)
        var runs: [[Float]] = []
        for threads in [1, 2, 3] {
            let it = try Interpreter(plan: plan, threads: threads, kernels: kernels)
            it.initializeParameters(seed: 5)
            var losses: [Float] = []
            for _ in 0..<4 {
                _ = Self.fill(it, seed: 6, classes: false)
                losses.append(Float(it.trainStep()))
            }
            runs.append(Array(UnsafeBufferPointer(start: it.parameters, count: it.parameterCount)) + losses)
        }
        print("\(kernels): \(plan.parameters) parameters after 4 steps on 1, 2 and 3 threads, identical: \(runs[0] == runs[1] && runs[0] == runs[2])")
        #expect(runs[0] == runs[1])
        #expect(runs[0] == runs[2])
    }

    /// A smaller last batch uses the first rows of every buffer, compactly.
    @Test func partialBatchMatchesAPlanOfThatSize() throws {
        let plan = try Self.plan(Self.spec(activations: ["tanh", "relu", "linear"], loss: "mse"))
        let it = try Interpreter(plan: plan)
        it.initializeParameters(seed: 4)
        let n = 5
        var g = RandomGenerator(seed: 1)
        for i in 0..<(2 * n) { it.input[i] = g.uniformFloat() }
        for i in 0..<(3 * n) { it.target![i] = g.uniformFloat() }
        let x = (0..<(2 * n)).map { Double(it.input[$0]) }, t = (0..<(3 * n)).map { Double(it.target![$0]) }
        let p0 = (0..<it.parameterCount).map { Double(it.parameters[$0]) }
        let loss = it.evaluate(rows: n)
        let exact = Self.referenceLoss(plan: plan, p: p0, x: x, t: t, sigma: nil, n: n)
        #expect(abs(loss - exact) < 1e-5 * max(1, exact))
    }

    /// A training step allocates nothing and does no reference counting
    /// (counted in a forked child, where the step's thread is the only one).
    @Test func noAllocationPerStep() throws {
        #expect(AllocationCounter.isAvailable)
        let plan = try Self.plan(Self.spec(
            activations: ["tanh", "relu", "softmax"], loss: "categorical_crossentropy", optimizer: "{adam: {clipnorm: 1.0}}",
            extra: [", dropout: 0.1", ", l2: 0.001", ""]))
        let it = try Interpreter(plan: plan)
        it.initializeParameters(seed: 1)
        _ = Self.fill(it, seed: 2, classes: true)
        it.trainStep()
        _ = it.evaluate()
        let x = Array(UnsafeBufferPointer(start: it.input, count: 2 * it.batchSize))
        let t = Array(UnsafeBufferPointer(start: it.target!, count: 3 * it.batchSize))
        let counts = try #require(AllocationCounter.measureInChildProcess {
            x.withUnsafeBufferPointer { xs in
                t.withUnsafeBufferPointer { ts in
                    for _ in 0..<200 {
                        it.load(input: xs.baseAddress!, target: ts.baseAddress, rows: it.batchSize)
                        it.trainStep()
                    }
                    for _ in 0..<20 {
                        it.load(input: xs.baseAddress!, target: ts.baseAddress, rows: it.batchSize)
                        _ = it.evaluate()
                    }
                }
            }
        })
        print("200 training steps + 20 evaluations: \(counts)")
        #expect(counts.allocations == 0)
        #if !DEBUG
        // Unoptimised code retains and releases freely; the claim is for release builds.
        #expect(counts.retains == 0 && counts.releases == 0)
        #endif
    }

    /// An inference plan's forward pass gives the training plan's outputs for the same weights.
    @Test func inferencePlanForwardMatchesTraining() throws {
        let text = Self.spec(activations: ["gelu", "tanh", "softmax"], loss: "categorical_crossentropy")
        let training = try Interpreter(plan: Self.plan(text))
        training.initializeParameters(seed: 8)
        let sources = SourceManager()
        let spec = try #require(SpecLoader.decode(text: text, path: "t.yaml", sources: sources).spec)
        let plan = try #require(Lowering.lower(spec, options: LoweringOptions(mode: .inference, batchSize: 4)).plan)
        let inference = try Interpreter(plan: plan)
        inference.parameters.update(from: training.parameters, count: training.parameterCount)
        let n = 4
        var g = RandomGenerator(seed: 3)
        let x = (0..<(2 * n)).map { _ in Float(g.uniformDouble()) }
        inference.load(input: x, target: nil, rows: n)
        inference.forward(rows: n)
        training.load(input: x, target: nil, rows: n)
        training.forward(rows: n)
        let a = Array(UnsafeBufferPointer(start: inference.output, count: 3 * n))
        let b = Array(UnsafeBufferPointer(start: training.output, count: 3 * n))
        #expect(a == b)
        // Softmax columns sum to one.
        for col in 0..<n { #expect(abs((0..<3).map { a[$0 * n + col] }.reduce(0, +) - 1) < 1e-6) }
    }

    @Test func aPlanWithAnOffsetOutsideTheArenaIsRefused() throws {
        var plan = try Self.plan(Self.spec(activations: ["tanh", "tanh", "linear"], loss: "mse"))
        if case .dense(let f) = plan.programs.train!.instructions[0] {
            plan.tensors[f.output].offset = plan.arena.count
        }
        #expect(throws: InterpreterError.self) { try Interpreter(plan: plan) }
        // A tensor id that does not exist, and a tensor too small for the kernel, are refused too.
        var missing = try Self.plan(Self.spec(activations: ["tanh", "tanh", "linear"], loss: "mse"))
        if case .dense(var f) = missing.programs.train!.instructions[0] {
            f.output = missing.tensors.count
            missing.programs.train!.instructions[0] = .dense(f)
        }
        #expect(throws: InterpreterError.self) { try Interpreter(plan: missing) }
        var small = try Self.plan(Self.spec(activations: ["tanh", "tanh", "linear"], loss: "mse"))
        if case .dense(let f) = small.programs.train!.instructions[0] { small.tensors[f.output].count = 1 }
        #expect(throws: InterpreterError.self) { try Interpreter(plan: small) }
    }

    /// No instruction reads memory no instruction wrote: with every transient
    /// float set to NaN before each run, the losses, outputs and gradients are finite.
    @Test func programsReadOnlyWhatTheyWrote() throws {
        for (text, classes) in [
            (Self.spec(activations: ["tanh", "relu", "softmax"], loss: "categorical_crossentropy", extra: [", dropout: 0.1", ", l2: 0.001", ""]), true),
            (Self.spec(activations: ["gelu", "elu", "sigmoid"], loss: "binary_crossentropy"), false),
            (Self.spec(activations: ["swish", "tanh", "linear"], loss: "chi2", noise: "noise: {absolute: 0.1}"), false),
            (Self.spec(activations: ["tanh", "tanh", "linear"], loss: "{huber: 0.5}", optimizer: "{adam: {clipnorm: 1}}"), false),
        ] {
            let plan = try Self.plan(text)
            let it = try Interpreter(plan: plan)
            it.initializeParameters(seed: 2)
            func poison() {
                for (i, t) in plan.tensors.enumerated() where t.count > 0 && !t.role.isPersistent {
                    it.tensor(i).update(repeating: .nan)
                }
            }
            poison()
            _ = Self.fill(it, seed: 3, classes: classes)
            #expect(it.trainStep().isFinite)
            let gradientsFinite = UnsafeBufferPointer(start: it.gradients!, count: it.parameterCount).allSatisfy { $0.isFinite }
            #expect(gradientsFinite)
            poison()
            _ = Self.fill(it, seed: 3, classes: classes)
            #expect(it.evaluate().isFinite)
            poison()
            _ = Self.fill(it, seed: 3, classes: classes)
            it.forward()
            let outputFinite = UnsafeBufferPointer(start: it.output, count: 3 * it.batchSize).allSatisfy { $0.isFinite }
            #expect(outputFinite)
        }
    }

    /// The interpreter runs the plan's instructions as they are: what
    /// `nnc build --dump plan` lists is what executes.
    @Test func theInterpreterRunsThePlansProgramsAsTheyAre() throws {
        for text in [
            Self.spec(activations: ["tanh", "relu", "softmax"], loss: "categorical_crossentropy", extra: [", dropout: 0.1", ", l2: 0.001", ""]),
            Self.spec(activations: ["gelu", "elu", "sigmoid"], loss: "binary_crossentropy"),
        ] {
            let plan = try Self.plan(text)
            let it = try Interpreter(plan: plan)
            #expect(it.instructions(of: .train) == plan.programs.train!.instructions)
            #expect(it.instructions(of: .evaluate) == plan.programs.evaluate!.instructions)
            #expect(it.instructions(of: .forward) == plan.programs.forward.instructions)
        }
    }
}

extension Plan {
    /// The training step's loss term (the tests' networks have one).
    var lossOp: LossOp? {
        for case .loss(let l) in programs.train?.instructions ?? [] { return l }
        return nil
    }

    func weightOffset(_ layer: PlanLayer) -> Int { parameterTensors[layer.weight].offset }
    func biasOffset(_ layer: PlanLayer) -> Int? { layer.bias.map { parameterTensors[$0].offset } }
}
