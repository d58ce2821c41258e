/// The per-thread scratch the GEMM kernels may use, in floats, for products
/// whose inner dimension is at most `maxInner`: the plan reserves this much
/// in the `workspace` tensor for the interpreter's own thread (the extra
/// threads of a team that splits large products each bring as much), and the
/// runtime's kernels promise to stay within it (the interpreter checks at
/// start-up). The plan does not depend on the machine's core count.
public enum KernelWorkspace {
    public static func floatsPerThread(maxInner: Int) -> Int {
        Arena.aligned(max(maxInner, 1) * 64 + 256)
    }

    /// The deepest product the GEMMs of `instructions` run on a batch of
    /// `batch` points: a forward's input width, an input gradient's output
    /// width, a transposed weight gradient's points.
    public static func maxInner(of instructions: [Instruction], batch: Int) -> Int {
        var inner = 1
        for instruction in instructions {
            switch instruction {
            case .dense(let d):
                inner = max(inner, d.inFeatures)
            case .denseBackward(let d):
                if d.inputGradient != nil { inner = max(inner, d.outFeatures) }
                if d.strategy == .transposed { inner = max(inner, d.columns.resolve(batch)) }
            default:
                break
            }
        }
        return inner
    }
}

extension GraphBuilder {
    /// Compiles the graph into a plan: differentiates the training step,
    /// fuses, and places every tensor in one arena.
    public func compile() -> Plan {
        var c = Compilation(builder: self)
        return c.run()
    }
}

/// The state of one compilation: the plan's tensors (the builder's, plus
/// every tensor the passes add) and the programs.
struct Compilation {
    let builder: GraphBuilder
    var tensors: [Tensor]
    let training: Bool

    init(builder: GraphBuilder) {
        self.builder = builder
        tensors = builder.tensors
        training = builder.mode == .training
    }

    mutating func add(_ name: String, _ role: TensorRole, rows: Int, columns: Columns) -> TensorID {
        tensors.append(Tensor(name: name, role: role, rows: rows, columns: columns,
                              count: FlopCount.mul(rows, columns.resolve(builder.batchSize))))
        return tensors.count - 1
    }

    mutating func run() -> Plan {
        let slabs = makeSlabs()
        var programs = ProgramKind.allCases.compactMap { kind in
            builder.graphs[kind].map { ProgramBuilder(kind: kind, graph: $0) }
        }
        for i in programs.indices {
            fuseLosses(&programs[i])
            assignTerms(&programs[i])
            if programs[i].kind == .train && training {
                differentiate(&programs[i], slabs: slabs)
            }
            fuseForward(&programs[i])
            if programs[i].kind == .train && training {
                fuseBackward(&programs[i])
            }
        }
        let workspace = makeWorkspace(programs)
        let host = HostTensors(
            input: builder.host.input ?? 0, target: builder.host.target, uncertainty: builder.host.uncertainty,
            inverseCovariance: builder.host.inverseCovariance, parameters: slabs.parameters, gradients: slabs.gradients,
            moment1: slabs.moment1, moment2: slabs.moment2, workspace: workspace)
        return place(programs, host: host, slabs: slabs)
    }

    // MARK: - Slabs and workspace

    struct Slabs {
        var parameters: TensorID
        var gradients: TensorID?
        var moment1: TensorID?
        var moment2: TensorID?
        /// Floats of each slab: the parameter count rounded up to the alignment.
        var count: Int
    }

    mutating func makeSlabs() -> Slabs {
        let n = builder.parameterCount
        let slab = Arena.aligned(max(n, 1))
        func make(_ name: String, _ role: TensorRole) -> TensorID {
            let id = add(name, role, rows: 1, columns: .fixed(n))
            tensors[id].count = n
            return id
        }
        var s = Slabs(parameters: make("parameters", .parameters), count: slab)
        if training {
            s.gradients = make("gradients", .gradients)
            let moments = builder.optimizer?.moments ?? 0
            if moments >= 1 { s.moment1 = make("moment1", .moment1) }
            if moments >= 2 { s.moment2 = make("moment2", .moment2) }
        }
        return s
    }

    /// The kernels' packing scratch, sized for the deepest product any
    /// program runs.
    mutating func makeWorkspace(_ programs: [ProgramBuilder]) -> TensorID {
        let inner = KernelWorkspace.maxInner(of: programs.flatMap(\.instructions), batch: builder.batchSize)
        let perThread = KernelWorkspace.floatsPerThread(maxInner: inner)
        let id = add("workspace", .workspace, rows: 1, columns: .fixed(perThread))
        return id
    }

    // MARK: - Loss fusion

    /// A cross-entropy loss on the output of the activation it pairs with
    /// (sigmoid with binary, softmax with categorical), where nothing else
    /// reads that output, is computed from the logits: stable, and its
    /// gradient is the gradient at the logits, so the activation's own
    /// derivative is never taken.
    mutating func fuseLosses(_ p: inout ProgramBuilder) {
        var i = 0
        while i < p.instructions.count {
            guard case .loss(var l) = p.instructions[i],
                  l.rule == .binaryCrossentropy || l.rule == .categoricalCrossentropy,
                  let a = p.producer(of: l.prediction, before: i),
                  case .activation(let act) = p.instructions[a],
                  act.activation.kind == (l.rule == .binaryCrossentropy ? .sigmoid : .softmax),
                  p.readers(of: l.prediction) == [i]
            else {
                i += 1
                continue
            }
            l.rule = l.rule == .binaryCrossentropy ? .sigmoidBinaryCrossentropy : .softmaxCrossentropy
            l.logits = act.input
            p.instructions[i] = .loss(l)
            p.instructions.remove(at: a)
            i = a
        }
    }

    // MARK: - Loss terms

    /// Gives each loss term and penalty its slot: with one term it writes
    /// the loss value directly; with several, each writes a slot of
    /// `loss.terms` and a `sum` after the last adds them up.
    mutating func assignTerms(_ p: inout ProgramBuilder) {
        func isValidation(_ i: Int) -> Bool {
            if case .loss(let l) = p.instructions[i] { return l.validation }
            return false
        }
        let all = p.instructions.indices.filter {
            switch p.instructions[$0] {
            case .loss, .penalty: return true
            default: return false
            }
        }
        var sums: [(at: Int, sum: SumOp)] = []
        let validation = all.filter(isValidation)
        if !validation.isEmpty {
            p.validationLoss = assign(&p, validation, name: "loss.validation", sums: &sums)
        }
        let cost = all.filter { !isValidation($0) }
        if !cost.isEmpty {
            p.loss = assign(&p, cost, name: "loss", sums: &sums)
        }
        // Each sum after its last term, inserted from the end so the indices hold.
        for s in sums.sorted(by: { $0.at > $1.at }) { p.instructions.insert(.sum(s.sum), at: s.at) }
    }

    /// Gives the terms at `indices` their slots of one sum; returns its value tensor.
    mutating func assign(_ p: inout ProgramBuilder, _ indices: [Int], name: String,
                         sums: inout [(at: Int, sum: SumOp)]) -> TensorID {
        let value = add(p.kind.prefix + name + ".value", .lossValue, rows: 1, columns: .fixed(1))
        let terms = indices.count == 1
            ? value : add(p.kind.prefix + name + ".terms", .lossTerms, rows: 1, columns: .fixed(indices.count))
        for (slot, i) in indices.enumerated() {
            switch p.instructions[i] {
            case .loss(var l):
                l.value = terms
                l.slot = slot
                p.instructions[i] = .loss(l)
            case .penalty(var q):
                q.value = terms
                q.slot = slot
                p.instructions[i] = .penalty(q)
            default:
                break
            }
        }
        if indices.count > 1 {
            sums.append((indices.last! + 1, SumOp(count: indices.count, terms: terms, total: value)))
        }
        return value
    }
}
