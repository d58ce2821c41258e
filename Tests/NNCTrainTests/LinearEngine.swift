import NNCTrain

/// A linear model `y = W x + b` trained by SGD with momentum on MSE: a small,
/// exactly understood engine for testing the training loop without the
/// interpreter. Each step also draws from its generator (scaling the gradient
/// by 1 ± 1%, like a dropout mask would consume randomness), so resuming must
/// restore the generator to reproduce a run.
final class LinearEngineStorage {
    let parameters: UnsafeMutableBufferPointer<Float>
    let velocity: UnsafeMutableBufferPointer<Float>
    var x: [Float]
    var y: [Float]
    var predictions: [Float]
    var lastCount = 0

    init(parameters: Int, inputs: Int, outputs: Int, capacity: Int) {
        self.parameters = .allocate(capacity: parameters)
        self.parameters.initialize(repeating: 0)
        velocity = .allocate(capacity: parameters)
        velocity.initialize(repeating: 0)
        x = [Float](repeating: 0, count: inputs * capacity)
        y = [Float](repeating: 0, count: outputs * capacity)
        predictions = [Float](repeating: 0, count: outputs * capacity)
    }

    deinit {
        parameters.deallocate()
        velocity.deallocate()
    }
}

struct LinearEngine: TrainingEngine {
    let inputs: Int
    let outputs: Int
    let batchCapacity: Int
    var learningRate: Float
    var momentum: Float = 0.9
    let storage: LinearEngineStorage
    let parameterPointer: UnsafeMutableBufferPointer<Float>
    let velocityPointer: UnsafeMutableBufferPointer<Float>
    var optimizerSteps = 0
    var rng = [UInt64](repeating: 1, count: 4)

    init(inputs: Int, outputs: Int, capacity: Int, learningRate: Float) {
        self.inputs = inputs
        self.outputs = outputs
        batchCapacity = capacity
        self.learningRate = learningRate
        storage = LinearEngineStorage(parameters: outputs * inputs + outputs, inputs: inputs, outputs: outputs, capacity: capacity)
        parameterPointer = storage.parameters
        velocityPointer = storage.velocity
    }

    mutating func setLearningRate(_ rate: Double) { learningRate = Float(rate) }

    var layout: ParameterLayout {
        ParameterLayout(entries: [
            .init(name: "lin.weight", shape: [outputs, inputs], offset: 0),
            .init(name: "lin.bias", shape: [outputs], offset: outputs * inputs),
        ], slabCount: outputs * inputs + outputs)
    }

    var parameters: UnsafeMutableBufferPointer<Float> { parameterPointer }
    var moments: [UnsafeMutableBufferPointer<Float>] { [velocityPointer] }
    var generatorState: [UInt64] {
        get { rng }
        set { rng = newValue }
    }

    mutating func next() -> Double {
        // xorshift on the first word keeps the test engine independent of nnc's generator.
        var s = rng[0]
        s ^= s << 13
        s ^= s >> 7
        s ^= s << 17
        rng[0] = s
        return Double(s >> 11) * 0x1p-53
    }

    mutating func initialize(seed: UInt64) {
        rng = [seed | 1, 2, 3, 4]
        for i in 0..<parameters.count { parameters[i] = i < outputs * inputs ? Float(next() - 0.5) : 0 }
        for i in 0..<velocityPointer.count { velocityPointer[i] = 0 }
        optimizerSteps = 0
    }

    mutating func load(_ data: DataSet, indices: ArraySlice<Int>) {
        storage.x.withUnsafeMutableBufferPointer { x in
            storage.y.withUnsafeMutableBufferPointer { y in
                data.gather(indices, x: x.baseAddress!, y: y.baseAddress!)
            }
        }
    }

    func predict(count: Int) {
        storage.lastCount = count
        for k in 0..<count {
            for o in 0..<outputs {
                var s = parameters[outputs * inputs + o]
                for f in 0..<inputs { s += parameters[o * inputs + f] * storage.x[f * count + k] }
                storage.predictions[o * count + k] = s
            }
        }
    }

    func loss(count: Int) -> Float {
        var sum: Float = 0
        for o in 0..<outputs {
            for k in 0..<count {
                let r = storage.predictions[o * count + k] - storage.y[o * count + k]
                sum += r * r
            }
        }
        return sum / Float(count * outputs)
    }

    mutating func trainStep(count: Int) -> Double {
        predict(count: count)
        let l = loss(count: count)
        let scale = Float(1 + 0.02 * (next() - 0.5))
        for o in 0..<outputs {
            var gb: Float = 0
            var gw = [Float](repeating: 0, count: inputs)
            for k in 0..<count {
                let r = 2 * (storage.predictions[o * count + k] - storage.y[o * count + k]) / Float(count * outputs)
                gb += r
                for f in 0..<inputs { gw[f] += r * storage.x[f * count + k] }
            }
            for f in 0..<inputs {
                let i = o * inputs + f
                velocityPointer[i] = momentum * velocityPointer[i] + gw[f] * scale
                parameters[i] -= learningRate * velocityPointer[i]
            }
            let ib = outputs * inputs + o
            velocityPointer[ib] = momentum * velocityPointer[ib] + gb * scale
            parameters[ib] -= learningRate * velocityPointer[ib]
        }
        optimizerSteps += 1
        return Double(l)
    }

    mutating func evaluate(count: Int) -> Double {
        predict(count: count)
        return Double(loss(count: count))
    }

    mutating func forward(count: Int) {
        predict(count: count)
    }

    func output(_ o: Int, point k: Int) -> Float {
        storage.predictions[o * storage.lastCount + k]
    }
}
