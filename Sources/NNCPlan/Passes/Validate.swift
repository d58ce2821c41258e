/// Why a plan cannot run, naming the tensor or the instruction.
public struct PlanError: Error, CustomStringConvertible, Equatable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

extension Plan {
    /// Checks that every tensor lies inside the arena and every instruction's
    /// operands exist and hold what its kernel touches on a full batch. A plan
    /// from lowering always passes; a hand-edited plan file may not, and is
    /// refused here, before any kernel runs.
    public func validate() throws {
        guard batchSize > 0 else { throw PlanError("the plan's batch size is \(batchSize); expected at least 1") }
        for (i, t) in tensors.enumerated() {
            guard t.offset >= 0, t.count >= 0, t.offset <= arena.count - t.count else {
                throw PlanError("tensor \(i) '\(t.name)' at offset \(t.offset) (\(t.count) floats) lies outside the arena of \(arena.count) floats")
            }
        }
        func check(_ id: TensorID, _ what: @autoclosure () -> String) throws {
            guard tensors.indices.contains(id) else {
                throw PlanError("\(what()) names tensor \(id); the plan has \(tensors.count)")
            }
        }
        let host = self.host
        for (id, what) in [(host.input, "input"), (host.parameters, "parameters"), (host.workspace, "workspace")] {
            try check(id, "the host's \(what)")
        }
        for id in [host.target, host.uncertainty, host.inverseCovariance, host.gradients, host.moment1, host.moment2] {
            if let id { try check(id, "a host tensor") }
        }
        guard tensors[host.parameters].count >= parameters else {
            throw PlanError("the parameter slab holds \(tensors[host.parameters].count) floats; the plan has \(parameters) parameters")
        }
        for (name, program) in programList {
            try check(program.output, "the \(name) program's output")
            if let loss = program.loss { try check(loss, "the \(name) program's loss") }
            for (k, instruction) in program.instructions.enumerated() {
                let at = "instruction \(k) (\(instruction.name)) of the \(name) program"
                for id in instruction.reads + instruction.writes { try check(id, at) }
                for (id, floats) in instruction.footprint(batch: batchSize) {
                    guard floats >= 0, tensors[id].count >= floats else {
                        throw PlanError("\(at) needs \(floats) floats in '\(tensors[id].name)', which holds \(tensors[id].count)")
                    }
                }
            }
        }
    }

    /// The deepest product any GEMM of the plan runs (a layer's width, or the
    /// batch's columns for a weight gradient): the workspace is sized for it.
    public var maxInnerDimension: Int {
        KernelWorkspace.maxInner(of: programList.flatMap(\.program.instructions), batch: batchSize)
    }
}
