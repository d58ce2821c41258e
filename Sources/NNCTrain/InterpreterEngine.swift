import NNCPlan
import NNCRuntime

/// The runtime's interpreter as the training loop's engine: one arena, its
/// batch buffers filled straight from the data set (both feature-major).
public struct InterpreterEngine: TrainingEngine {
    public let interpreter: Interpreter
    /// Samples of the last load, the stride of the output buffer.
    var rows = 0

    /// `threads` > 1 lets the interpreter split large products (a single fit);
    /// replicas use one thread each.
    public init(plan: Plan, threads: Int = 1) throws {
        interpreter = try Interpreter(plan: plan, threads: threads)
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

    public mutating func setMultipliers(_ multipliers: [Int: Double]) {
        for s in interpreter.plan.states {
            if case .positivityMultiplier(let c) = s.kind, let v = multipliers[c] {
                interpreter.tensor(s.tensor)[0] = Float(v)
            }
        }
    }

    public mutating func monitor() -> MonitorResult {
        let loss = interpreter.monitor()
        return MonitorResult(validationLoss: loss, values: values(of: interpreter.plan.programs.monitor))
    }

    public func stepMonitor() -> MonitorResult {
        MonitorResult(validationLoss: interpreter.validationLoss, values: values(of: interpreter.plan.programs.train))
    }

    /// A program's monitors after it ran.
    func values(of program: Program?) -> [String: [Float]] {
        var values: [String: [Float]] = [:]
        for m in program?.monitors ?? [] { values[m.name] = Array(interpreter.tensor(m.tensor)) }
        return values
    }
}
