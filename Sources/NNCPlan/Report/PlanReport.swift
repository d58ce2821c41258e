/// The human-readable views of a plan: the `nnc build` table (like Caffe's
/// net construction log) and the `--dump ir` / `--dump plan` listings.
public enum PlanReport {
    /// The layer table — every node of the training step: the network's
    /// layers (on the batch's points, and on the fixed grids when there are
    /// any), the preprocessing, each fixed linear map (FK tables, sum rules,
    /// positivity) — and the totals.
    public static func table(_ plan: Plan) -> String {
        let batch = plan.trainingPoints ?? plan.batchSize
        var out = "\(plan.name): \(plan.mode.rawValue) plan, batch \(plan.batchSize)"
        let gridPoints = plan.grids.reduce(0) { max($0, $1.column + $1.points) }
        if gridPoints > 0 { out += ", \(gridPoints) fixed grid points" }
        out += "\n\n"
        var t = TextTable([
            ("node", .left), ("shape in → out", .left), ("activation", .left), ("params", .right),
            ("bytes", .right), ("FLOPs (fwd)", .right),
        ])
        let step = plan.programs.train?.instructions ?? plan.programs.forward.instructions
        // The points the network sees in a step: the grids' and the batch's.
        var columns = plan.batchSize
        for case .dense(let d) in step { columns = d.columns.resolve(gridPoints > 0 ? batch : plan.batchSize); break }
        let points = gridPoints > 0 ? "\(columns)" : "\(plan.batchSize)"
        for l in plan.layers {
            let flops = gridPoints > 0
                ? step.compactMap { i -> Int? in if case .dense(let d) = i, d.layer == l.index { return i.flops(batch: batch) } else { return nil } }
                    .reduce(0, +)
                : l.flopsForward
            t.add([
                l.name, "\(points)×\(l.inFeatures) → \(points)×\(l.outFeatures)", activationText(l),
                grouped(l.parameters), ByteSize.format(l.bytes), grouped(flops),
            ])
        }
        for instruction in step {
            switch instruction {
            case .preprocess(let q):
                t.add(["preprocessing", "\(points)×\(q.outputs) → \(points)×\(q.outputs)", "x^a (1 − x)^b",
                       grouped(2 * q.outputs), ByteSize.format(2 * q.outputs * 4), grouped(instruction.flops(batch: batch))])
            case .linearMap(let m):
                let name = plan.tensors[m.output].name
                let kind = plan.constants.first { $0.tensor == m.matrix }.map { c -> String in
                    switch c.kind {
                    case .fktable: return "FK table"
                    case .sumRuleWeights: return "integral"
                    case .positivityWeights: return "positivity"
                    default: return "linear map"
                    }
                } ?? "linear map"
                t.add([name, "\(m.outputs)×\(m.grid) → \(m.rows)", kind, "0",
                       ByteSize.format(plan.tensors[m.matrix].count * 4), grouped(instruction.flops(batch: batch))])
            default:
                break
            }
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
        var batchText = "\(plan.batchSize)"
        if let points = plan.trainingPoints { batchText += " (\(grouped(points)) training points)" }
        totals.append(("batch size", batchText))
        if let o = plan.optimizer, let loss = plan.loss {
            totals.append(("training", "\(loss.rawValue) loss, \(o.kind.rawValue) (learning rate \(Plan.number(o.learningRate)))"))
        }
        let width = totals.map(\.0.count).max() ?? 0
        for (k, v) in totals { out += k + String(repeating: " ", count: width - k.count) + "  " + v + "\n" }
        return out
    }

    static func activationText(_ l: PlanLayer) -> String {
        var s = Plan.text(l.activation)
        if l.dropout > 0 { s += ", dropout \(Plan.number(l.dropout))" }
        if l.bias == nil { s += ", no bias" }
        if l.l2 > 0 { s += ", l2 \(Plan.number(l.l2))" }
        return s
    }

    /// A tensor's shape as listings write it: `25×B` for a batch tensor, `25×256` for a fixed one.
    static func shape(_ t: Tensor) -> String {
        let c = t.columns
        let columns = c.batched ? (c.fixed > 0 ? "\(c.fixed)+B" : "B") : "\(c.fixed)"
        return "\(t.rows)×\(columns)"
    }

    /// The layer graph as lowering built it, before the programs are derived
    /// and fused: its tensors and forward instructions, and the parameters.
    public static func ir(_ g: GraphBuilder) -> String {
        var out = "ir: \(g.name) (\(g.mode.rawValue), batch \(g.batchSize))\n"
        out += "inputs: \(g.inputs.joined(separator: ", "))\n"
        out += "outputs: \(g.outputs.joined(separator: ", "))\n\nparameters (slab offset + floats):\n"
        var p = TextTable([("name", .left), ("shape", .left), ("slab", .right), ("init", .left)])
        for t in g.parameterTensors {
            var initText: String
            switch t.initializer {
            case .zeros: initText = "zeros"
            case .uniform(let lo, let hi): initText = "uniform(\(Plan.number(lo)), \(Plan.number(hi)))"
            case .weights(let i):
                initText = i.kind.rawValue
                if let s = i.scale { initText += "(\(Plan.number(s)))" }
            }
            p.add([t.name, t.shape.map(String.init).joined(separator: "×"), "\(t.offset)+\(t.count)", initText])
        }
        out += p.render(indent: "  ")
        let name = { (id: TensorID) -> String in
            id < 0 ? "(slot)" : "\(g.tensors[id].name)[\(shape(g.tensors[id]))]"
        }
        for kind in ProgramKind.allCases {
            guard let graph = g.graphs[kind] else { continue }
            out += "\n\(kind.rawValue) graph (forward, unfused; B = the batch's points):\n"
            for (i, instruction) in graph.instructions.enumerated() {
                out += "  \(pad(i, 3)) \(instruction.listing(name))\n"
            }
        }
        if !g.constants.isEmpty {
            out += "\nconstants (filled once a fit):\n"
            for c in g.constants { out += "  \(c.name) [\(shape(g.tensors[c.tensor]))]\n" }
        }
        if let o = g.optimizer {
            out += "\noptimizer: \(o.kind.rawValue), learning rate \(Plan.number(o.learningRate)), \(o.moments) moment slab(s)\n"
        }
        return out
    }

    /// The placed arena and every program with its operands' offsets.
    public static func placed(_ plan: Plan) -> String {
        let a = plan.arena
        var out = "plan: \(plan.name) (\(plan.mode.rawValue), batch \(plan.batchSize))\n"
        out += "arena: \(grouped(a.count)) floats (\(ByteSize.format(plan.arenaBytes))), every buffer aligned to 64 bytes\n"
        out += "transient region: \(grouped(a.transientCount)) floats placed, lower bound \(grouped(a.transientLowerBound)), unshared \(grouped(a.transientUnshared))\n\nregions:\n"
        var r = TextTable([("region", .left), ("offset", .right), ("floats", .right)])
        for region in a.regions { r.add([region.kind.rawValue, grouped(region.offset), grouped(region.count)]) }
        out += r.render(indent: "  ")
        out += "\ntensors (live: steps of the timeline — the programs in order, each followed by a read-back step):\n"
        var b = TextTable([("offset", .right), ("end", .right), ("live", .left), ("name", .left), ("role", .left), ("shape", .left)])
        let order = plan.tensors.indices.filter { plan.tensors[$0].count > 0 }
            .sorted { (plan.tensors[$0].offset, $0) < (plan.tensors[$1].offset, $1) }
        for i in order {
            let t = plan.tensors[i]
            b.add([grouped(t.offset), grouped(t.offset + t.count), "[\(t.first), \(t.last)]", t.name, t.role.rawValue, shape(t)])
        }
        out += b.render(indent: "  ")
        var step = 0
        for (name, program) in plan.programList {
            out += "\nprogram \(name) (\(program.instructions.count) instructions, from step \(step)):\n"
            out += listing(program, plan: plan, indent: "  ")
            step += program.instructions.count + 1
        }
        return out
    }

    /// A program's instructions, one a line, operands as `name@offset`.
    public static func listing(_ program: Program, plan: Plan, indent: String = "") -> String {
        let name = { (id: TensorID) -> String in "\(plan.tensors[id].name)@\(plan.tensors[id].offset)" }
        var out = ""
        for (i, instruction) in program.instructions.enumerated() {
            out += "\(indent)\(pad(i, 3)) \(instruction.listing(name))\n"
        }
        return out
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: " ", count: max(width - s.count, 0)) + s
    }
}
