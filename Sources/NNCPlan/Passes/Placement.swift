extension Compilation {
    /// Places every tensor in one arena and assembles the plan.
    ///
    /// The timeline is every program's instructions one after the other, each
    /// program followed by one step at which the host reads its results (the
    /// loss value, the output). Layout: the slabs (parameters, gradients,
    /// moments; views at their offsets inside them), then the persistent
    /// region (host-written tensors and the workspace, one after another),
    /// then the transient region, where each tensor gets the interval
    /// [first, last] of the steps that touch it and the heap simulator
    /// places them largest first at the lowest aligned offset free over
    /// their interval — so the programs' tensors share space with each other.
    mutating func place(_ programs: [ProgramBuilder], host: HostTensors, slabs: Slabs) -> Plan {
        var first = [Int](repeating: Int.max, count: tensors.count)
        var last = [Int](repeating: Int.min, count: tensors.count)
        func touch(_ t: TensorID, _ step: Int) {
            first[t] = min(first[t], step)
            last[t] = max(last[t], step)
        }
        var step = 0
        var built: [ProgramKind: Program] = [:]
        for p in programs {
            for instruction in p.instructions {
                for t in instruction.reads + instruction.writes { touch(t, step) }
                step += 1
            }
            touch(p.output, step)
            if let loss = p.loss { touch(loss, step) }
            if let v = p.validationLoss { touch(v, step) }
            for m in p.monitors { touch(m.tensor, step) }
            step += 1
            built[p.kind] = Program(instructions: p.instructions, output: p.output, outputColumn: p.outputColumn,
                                    loss: p.loss, validationLoss: p.validationLoss, monitors: p.monitors)
        }
        let timeline = step

        // Slabs and their views.
        let slab = slabs.count
        let slabIDs = [slabs.parameters, slabs.gradients, slabs.moment1, slabs.moment2].compactMap { $0 }
        var regions: [Region] = []
        for (k, id) in slabIDs.enumerated() {
            tensors[id].offset = k * slab
            regions.append(Region(kind: RegionKind(rawValue: tensors[id].role.rawValue) ?? .parameters, offset: k * slab, count: slab))
        }
        let gradientBase = slabs.gradients.map { tensors[$0].offset } ?? 0
        for i in tensors.indices where tensors[i].role.isView {
            if tensors[i].role == .parameterGradient { tensors[i].offset += gradientBase }
        }
        for i in tensors.indices where tensors[i].role.isSlab || tensors[i].role.isView || tensors[i].role.isPersistent {
            first[i] = 0
            last[i] = max(timeline - 1, 0)
        }

        // The persistent region.
        var offset = slabIDs.count * slab
        let persistentBase = offset
        for i in tensors.indices where tensors[i].role.isPersistent && !tensors[i].role.isSlab && !tensors[i].role.isView {
            tensors[i].offset = offset
            offset += Arena.aligned(tensors[i].count)
        }
        let persistent = offset - persistentBase
        regions.append(Region(kind: .persistent, offset: persistentBase, count: persistent))

        // The transient region: only tensors some program touches take space.
        let transient = tensors.indices.filter { !tensors[$0].role.isPersistent && first[$0] <= last[$0] }
        let items = transient.map { HeapPlacer.Item(size: Arena.aligned(tensors[$0].count), first: first[$0], last: last[$0]) }
        let (relative, extent) = HeapPlacer.place(items)
        let transientBase = offset
        for (k, i) in transient.enumerated() { tensors[i].offset = transientBase + relative[k] }
        regions.append(Region(kind: .transient, offset: transientBase, count: extent))
        for i in tensors.indices {
            if first[i] <= last[i] {
                tensors[i].first = first[i]
                tensors[i].last = last[i]
            } else {
                // Never touched (a pre-activation the fused epilogue no longer writes): no space.
                tensors[i].first = -1
                tensors[i].last = -1
                tensors[i].offset = 0
                tensors[i].count = 0
            }
        }

        let arena = Arena(
            count: transientBase + extent, regions: regions, transientCount: extent,
            transientLowerBound: HeapPlacer.lowerBound(items), transientUnshared: items.reduce(0) { $0 + $1.size },
            timelineLength: timeline)
        let memory = MemorySplit(
            parameters: slab * 4, optimizerState: slab * (slabIDs.count - 1) * 4, activations: (persistent + extent) * 4)

        // Per-layer bytes: parameters in every slab, and the layer's own tensors of the training step.
        var layers = builder.layers
        let trainProgram = built[.train] ?? built[.forward]!
        let touchedByStep = Set(trainProgram.instructions.flatMap { $0.reads + $0.writes })
        for i in layers.indices {
            let prefix = layers[i].name + "."
            let own = tensors.indices.filter {
                touchedByStep.contains($0) && !tensors[$0].role.isPersistent && tensors[$0].name.hasPrefix(prefix)
            }
            layers[i].bytes = (layers[i].parameters * slabIDs.count + own.reduce(0) { $0 + tensors[$1].count }) * 4
        }
        // The network's forward pass: its layers on the batch, and on the fixed grids when there are any.
        var flopsForward = FlopCount.sum(layers.map(\.flopsForward))
        if !builder.grids.isEmpty, let step = built[.train] {
            flopsForward = FlopCount.sum(step.instructions.compactMap { i -> Int? in
                if case .dense = i { return i.flops(batch: builder.trainingPoints ?? builder.batchSize) }
                return nil
            })
        }
        let flopsPerStep = training
            ? FlopCount.sum((built[.train]?.instructions ?? []).map { $0.flops(batch: builder.batchSize) })
            : flopsForward

        return Plan(
            name: builder.name, mode: builder.mode, batchSize: builder.batchSize, trainingPoints: builder.trainingPoints,
            inputs: builder.inputs, outputs: builder.outputs, layers: layers,
            parameterTensors: builder.parameterTensors, parameters: builder.parameterCount,
            loss: training ? builder.loss : nil, optimizer: training ? builder.optimizer : nil, tensors: tensors,
            host: host, constants: builder.constants, states: builder.states, grids: builder.grids,
            trainableParameters: builder.trainableCount,
            programs: Programs(train: built[.train], evaluate: built[.evaluate], forward: built[.forward]!,
                               monitor: built[.monitor]),
            arena: arena, memory: memory, flopsForward: flopsForward, flopsPerStep: flopsPerStep)
    }
}
