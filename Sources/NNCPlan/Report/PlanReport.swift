import NNCSpec

/// The human-readable views of a plan: the `nnc build` table (like Caffe's net
/// construction log) and the `--dump ir` / `--dump plan` listings.
public enum PlanReport {
    /// The layer table and the totals.
    public static func table(_ plan: Plan) -> String {
        var out = "\(plan.name): \(plan.mode.rawValue) plan, batch \(plan.batchSize)\n\n"
        var t = TextTable([
            ("layer", .left), ("shape in → out", .left), ("activation", .left), ("params", .right),
            ("bytes", .right), ("FLOPs (fwd)", .right),
        ])
        for l in plan.layers {
            t.add([
                l.name, "\(plan.batchSize)×\(l.inFeatures) → \(plan.batchSize)×\(l.outFeatures)", activationText(l),
                grouped(l.parameters), ByteSize.format(l.bytes), grouped(l.flopsForward),
            ])
        }
        out += t.render()
        out += "\n"
        let m = plan.memory
        var totals: [(String, String)] = [
            ("parameters", grouped(plan.parameters)),
            ("arena", "\(ByteSize.format(plan.arenaBytes)): parameters \(ByteSize.format(m.parameters)), optimiser state \(ByteSize.format(m.optimizerState)), activations \(ByteSize.format(m.activations))"),
            ("activations", "\(ByteSize.format(plan.arena.transientCount * 4)) placed, lower bound \(ByteSize.format(plan.arena.transientLowerBound * 4)), unshared \(ByteSize.format(plan.arena.transientUnshared * 4))"),
        ]
        if plan.mode == .training {
            totals.append(("FLOPs per step", "\(grouped(plan.flopsPerStep)) (forward \(grouped(plan.flopsForward)))"))
        } else {
            totals.append(("FLOPs per pass", grouped(plan.flopsForward)))
        }
        var batch = "\(plan.batchSize)"
        if let points = plan.trainingPoints { batch += " (\(grouped(points)) training points)" }
        totals.append(("batch size", batch))
        if let o = plan.optimizer, let loss = plan.loss {
            totals.append(("training", "\(loss.kind.rawValue) loss, \(o.kind.rawValue) (learning rate \(number(o.learningRate)))"))
        }
        let width = totals.map(\.0.count).max() ?? 0
        for (k, v) in totals { out += k + String(repeating: " ", count: width - k.count) + "  " + v + "\n" }
        return out
    }

    static func activationText(_ l: PlanLayer) -> String {
        var s = l.activation.rawValue
        if let a = l.alpha { s += "(\(number(a)))" }
        if l.dropout > 0 { s += ", dropout \(number(l.dropout))" }
        if !l.bias { s += ", no bias" }
        if l.l2 > 0 { s += ", l2 \(number(l.l2))" }
        return s
    }

    /// Shortest round-trip form of a double: `0.1`, `1e-05`, `20`.
    static func number(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
        return "\(d)"
    }

    /// The layer graph before placement: layers, the schedule and every
    /// buffer with its shape and live interval.
    public static func ir(_ g: LayerGraph) -> String {
        var out = "ir: \(g.name) (\(g.mode.rawValue), batch \(g.batchSize))\n"
        out += "inputs: \(g.inputs.joined(separator: ", "))\n"
        out += "outputs: \(g.outputs.joined(separator: ", "))\n\nlayers:\n"
        var t = TextTable([
            ("#", .right), ("name", .left), ("in → out", .left), ("activation", .left), ("derivative", .left),
            ("init", .left), ("weight @slab", .right), ("bias @slab", .right),
        ])
        for (i, l) in g.layers.enumerated() {
            var initText = l.initializer.rawValue
            if let s = l.initializerScale { initText += "(\(number(s)))" }
            t.add([
                "\(i)", l.name, "\(l.inFeatures) → \(l.outFeatures)", activationText(l),
                g.mode == .training ? g.derivatives[i].rawValue : "-", initText,
                "\(l.weightOffset)+\(l.weightCount)", l.biasOffset.map { "\($0)+\(l.biasCount)" } ?? "-",
            ])
        }
        out += t.render(indent: "  ")
        if let loss = g.loss {
            out += "\nloss: \(loss.kind.rawValue)"
            if let d = loss.delta { out += " (delta \(number(d)))" }
            if let u = loss.uncertainties { out += " (uncertainties: \(u.rawValue))" }
            if loss.fusedWithActivation { out += ", fused with the output activation" }
            out += "\n"
        }
        if let o = g.optimizer {
            out += "optimizer: \(o.kind.rawValue), learning rate \(number(o.learningRate)), \(o.moments) moment slab(s)\n"
        }
        out += "parameters: \(grouped(g.parameters)) in \(g.slabs) slab(s) of \(grouped(g.slabCount)) floats\n"
        out += "\nschedule (\(g.scheduleLength) steps; step \(g.scheduleLength) = read back after the step):\n"
        for (i, s) in g.schedule.enumerated() { out += "  \(pad(i, 3)) \(s)\n" }
        out += "\nbuffers before placement:\n"
        var b = TextTable([("name", .left), ("role", .left), ("shape", .left), ("floats", .right), ("live", .left)])
        for buffer in g.buffers {
            b.add([buffer.name, buffer.role.rawValue, "\(buffer.rows)×\(buffer.columns)", grouped(buffer.count),
                "[\(buffer.first), \(buffer.last)]"])
        }
        out += b.render(indent: "  ")
        return out
    }

    /// The placed arena and both programs with their offsets.
    public static func placed(_ plan: Plan) -> String {
        let a = plan.arena
        var out = "plan: \(plan.name) (\(plan.mode.rawValue), batch \(plan.batchSize))\n"
        out += "arena: \(grouped(a.count)) floats (\(ByteSize.format(plan.arenaBytes))), every buffer aligned to 64 bytes\n"
        out += "transient region: \(grouped(a.transientCount)) floats placed, lower bound \(grouped(a.transientLowerBound)), unshared \(grouped(a.transientUnshared))\n\nregions:\n"
        var r = TextTable([("region", .left), ("offset", .right), ("floats", .right)])
        for region in a.regions { r.add([region.kind.rawValue, grouped(region.offset), grouped(region.count)]) }
        out += r.render(indent: "  ")
        out += "\nbuffers:\n"
        var b = TextTable([("offset", .right), ("end", .right), ("live", .left), ("name", .left), ("role", .left), ("shape", .left)])
        for buffer in a.buffers {
            b.add([grouped(buffer.offset), grouped(buffer.offset + buffer.count), "[\(buffer.first), \(buffer.last)]",
                buffer.name, buffer.role.rawValue, "\(buffer.rows)×\(buffer.columns)"])
        }
        out += b.render(indent: "  ")
        out += "\nprogram (\(plan.mode == .training ? "one training step" : "one forward pass")):\n"
        for (i, s) in plan.program.enumerated() { out += "  \(pad(i, 3)) \(s.listing)\n" }
        if !plan.evaluationProgram.isEmpty {
            out += "\nevaluation program (forward without dropout, loss value only):\n"
            for (i, s) in plan.evaluationProgram.enumerated() { out += "  \(pad(i, 3)) \(s.listing)\n" }
        }
        return out
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: " ", count: max(width - s.count, 0)) + s
    }
}

extension Step {
    /// One line: the operation, its layer and every operand's arena offset.
    public var listing: String {
        func opt(_ name: String, _ v: Int?) -> String { v.map { " \(name)@\($0)" } ?? "" }
        switch self {
        case .denseForward(let s):
            return "dense_forward     layer \(s.layer) \(s.inFeatures)→\(s.outFeatures) \(s.activation.rawValue):"
                + " input@\(s.input) weight@\(s.weight)\(opt("bias", s.bias))\(opt("preactivation", s.preactivation)) output@\(s.output)"
        case .dropoutForward(let s):
            return "dropout_forward   layer \(s.layer) rate \(PlanReport.number(s.rate)): input@\(s.input) mask@\(s.mask) output@\(s.output)"
        case .loss(let s):
            return "loss              \(s.kind.rawValue)\(s.fused ? " (fused)" : ""): prediction@\(s.prediction)\(opt("logits", s.logits))"
                + " target@\(s.target)\(opt("uncertainty", s.uncertainty))\(opt("inverse_covariance", s.inverseCovariance))"
                + "\(opt("gradient", s.gradient)) scratch@\(s.scratch) value@\(s.value)"
        case .dropoutBackward(let s):
            return "dropout_backward  layer \(s.layer): mask@\(s.mask) gradient@\(s.gradient)"
        case .denseBackward(let s):
            return "dense_backward    layer \(s.layer) \(s.inFeatures)→\(s.outFeatures) \(s.activation.rawValue) (derivative: \(s.derivative.rawValue)):"
                + " input@\(s.input)\(opt("output", s.output))\(opt("preactivation", s.preactivation)) gradient@\(s.gradient)"
                + " weight@\(s.weight) weight_gradient@\(s.weightGradient)\(opt("bias_gradient", s.biasGradient))"
                + (s.inputGradient.map { " input_gradient@\($0)" } ?? " (no input gradient)")
        case .optimizerStep(let s):
            return "optimizer_step    \(s.kind.rawValue) over \(s.count) parameters: parameters@\(s.parameters) gradients@\(s.gradients)"
                + "\(opt("moment1", s.moment1))\(opt("moment2", s.moment2))"
        }
    }
}
