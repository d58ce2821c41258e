import NNCPlan
import NNCRuntime

/// The runtime's interpreter as the training loop's engine: one arena, its
/// batch buffers filled straight from the data set (both feature-major).
public struct InterpreterEngine: TrainingEngine {
    public let interpreter: Interpreter
    /// Samples of the last load, the stride of the output buffer.
    var rows = 0
    /// Each positivity constraint's multiplier in the arena, by constraint index.
    let multipliers: [(constraint: Int, value: UnsafeMutablePointer<Float>)]

    /// `threads` > 1 lets the interpreter split large products (a single fit);
    /// replicas use one thread each.
    public init(plan: Plan, threads: Int = 1) throws {
        let interpreter = try Interpreter(plan: plan, threads: threads)
        self.interpreter = interpreter
        multipliers = plan.states.compactMap { s in
            guard case .positivityMultiplier(let c) = s.kind else { return nil }
            return (c, interpreter.tensor(s.tensor).baseAddress!)
        }
    }

    public var batchCapacity: Int { interpreter.batchSize }

    public var parameters: UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(start: interpreter.parameters, count: interpreter.parameterCount)
    }

    public var moments: [UnsafeMutableBufferPointer<Float>] {
        [interpreter.moment1, interpreter.moment2].compactMap { p in
            p.map { UnsafeMutableBufferPointer(start: $0, count: interpreter.parameterCount) }
        }
    }

    public var optimizerSteps: Int {
        get { interpreter.stepCount }
        set { interpreter.stepCount = newValue }
    }

    public var generatorState: [UInt64] {
        get { interpreter.generator.stateWords }
        set {
            if let g = RandomGenerator(state: newValue) { interpreter.generator = g }
        }
    }

    public mutating func initialize(seed: UInt64) {
        interpreter.initializeParameters(seed: seed)
    }

    public mutating func load(_ data: DataSet, indices: ArraySlice<Int>) {
        data.gather(indices, x: interpreter.input, y: interpreter.target, sigma: interpreter.uncertainty)
        // chi2 with a covariance: the inverse covariance of exactly these points
        // (training or validation block), copied in place; the load checks full batches.
        if let covariance = data.covariance, let buffer = interpreter.inverseCovariance,
           indices.count <= interpreter.batchSize {
            covariance.write(indices, outputs: data.outputCount, into: buffer,
                             leadingDimension: interpreter.outputCount * interpreter.batchSize)
        }
        rows = indices.count
    }

    public mutating func trainStep(count: Int) -> Double {
        interpreter.trainStep(rows: count)
    }

    public mutating func evaluate(count: Int) -> Double {
        rows = count
        return interpreter.evaluate(rows: count)
    }

    public mutating func forward(count: Int) {
        rows = count
        interpreter.forward(rows: count)
    }

    public func output(_ o: Int, point k: Int) -> Float {
        interpreter.output[o * rows + k]
    }

    public var hasFixedGrids: Bool { interpreter.hasMonitor }

    public mutating func prepare(physics: PhysicsData, values: [[Double]]) {
        let it = interpreter
        physics.fill(plan: it.plan, values: values) { it.tensor(named: $0) }
    }

    public mutating func setLearningRate(_ rate: Double) {
        interpreter.learningRate = rate
    }

    public mutating func setMultiplier(_ value: Double, constraint: Int) {
        for m in multipliers where m.constraint == constraint { m.value.pointee = Float(value) }
    }

    public mutating func monitor() -> MonitorResult {
        let loss = interpreter.monitor()
        var values: [String: [Float]] = [:]
        for m in interpreter.plan.programs.monitor?.monitors ?? [] { values[m.name] = Array(interpreter.tensor(m.tensor)) }
        return MonitorResult(validationLoss: loss, values: values)
    }

    public var stepValidationLoss: Double { interpreter.validationLoss }

    public func stepMonitor(named name: String) -> UnsafeBufferPointer<Float>? {
        guard let m = interpreter.plan.programs.train?.monitors.first(where: { $0.name == name }) else { return nil }
        return UnsafeBufferPointer(interpreter.tensor(m.tensor))
    }
}
