/// One optimiser update over the first `count` floats of the parameter slab
/// (the trainable parameters), with the gradient and moment slabs at the same
/// relative offsets — one vector loop. With `clipnorm` the gradient slab is
/// first scaled so its L2 norm is at most it. The step counter (Adam's bias
/// correction) is the interpreter's state; with `learningRate`, the rate is
/// read from that one-float state tensor (a schedule the host writes) instead
/// of `optimizer.learningRate`.
public struct OptimizerOp: Operation {
    public static let name = "optimizer"
    public var optimizer: Optimizer
    public var count: Int
    public var parameters: TensorID
    public var gradients: TensorID
    public var moment1: TensorID?
    public var moment2: TensorID?
    public var learningRate: TensorID?

    public init(optimizer: Optimizer, count: Int, parameters: TensorID, gradients: TensorID, moment1: TensorID?,
                moment2: TensorID?, learningRate: TensorID?) {
        self.optimizer = optimizer
        self.count = count
        self.parameters = parameters
        self.gradients = gradients
        self.moment1 = moment1
        self.moment2 = moment2
        self.learningRate = learningRate
    }

    public var reads: [TensorID] { [parameters, gradients] + [moment1, moment2, learningRate].compactMap { $0 } }
    public var writes: [TensorID] { [parameters] + [moment1, moment2, optimizer.clipnorm == nil ? nil : gradients].compactMap { $0 } }

    public func flops(batch _: Int) -> Int { FlopCount.optimizer(optimizer, parameters: count) }

    public func mapTensors(_ f: (TensorID) -> TensorID) -> OptimizerOp {
        var o = self
        o.parameters = f(parameters); o.gradients = f(gradients); o.moment1 = moment1.map(f); o.moment2 = moment2.map(f)
        o.learningRate = learningRate.map(f)
        return o
    }

    public func footprint(batch _: Int) -> [(TensorID, Int)] {
        var out = [(parameters, count), (gradients, count)]
        for t in [moment1, moment2] { if let t { out.append((t, count)) } }
        if let learningRate { out.append((learningRate, 1)) }
        return out
    }

    public func describe(_ t: (TensorID) -> String) -> String {
        var s = "\(optimizer.kind.rawValue) over \(count) parameters (learning rate \(Plan.number(optimizer.learningRate))"
        if let c = optimizer.clipnorm { s += ", clipnorm \(Plan.number(c))" }
        s += "):" + Self.operand("parameters", parameters, t) + Self.operand("gradients", gradients, t)
            + Self.operand("moment1", moment1, t) + Self.operand("moment2", moment2, t)
            + Self.operand("learning_rate", learningRate, t)
        return s
    }
}

extension Plan {
    /// The plan with `rate` as its optimiser's learning rate (the plan's own
    /// and every optimizer instruction's). Plans equal once their rate is set
    /// alike differ only in the rate, which an interpreter can take as data.
    public func withLearningRate(_ rate: Double) -> Plan {
        var plan = self
        plan.optimizer?.learningRate = rate
        func set(_ program: Program?) -> Program? {
            guard var program else { return nil }
            for i in program.instructions.indices {
                if case .optimizer(var o) = program.instructions[i] {
                    o.optimizer.learningRate = rate
                    program.instructions[i] = .optimizer(o)
                }
            }
            return program
        }
        plan.programs.train = set(plan.programs.train)
        plan.programs.evaluate = set(plan.programs.evaluate)
        plan.programs.forward = set(plan.programs.forward)!
        plan.programs.monitor = set(plan.programs.monitor)
        return plan
    }
}
