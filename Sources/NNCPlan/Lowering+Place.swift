extension Lowering {
    /// Places a layer graph in one arena: the slabs first, then the transient
    /// buffers by the heap simulator; emits the programs with the final offsets.
    public static func place(_ g: LayerGraph) -> Plan {
        let slab = g.slabCount
        let training = g.mode == .training
        let moments = training ? (g.optimizer?.moments ?? 0) : 0
        let base: ProgramEmitter.SlabBase = (
            parameters: 0, gradients: slab,
            moment1: moments >= 1 ? 2 * slab : nil, moment2: moments >= 2 ? 3 * slab : nil)
        let transientBase = slab * g.slabs

        let items = g.buffers.map {
            HeapPlacer.Item(size: Arena.aligned($0.count), first: $0.first, last: $0.last)
        }
        let (relative, extent) = HeapPlacer.place(items)
        var transients = g.buffers
        for i in transients.indices { transients[i].offset = transientBase + relative[i] }

        let (program, evaluation) = ProgramEmitter.emit(g, slabBase: base) { id, _ in transients[id].offset }

        let whole = (0, g.scheduleLength)
        var buffers: [Buffer] = [
            Buffer(name: "parameters", role: .parameters, layer: nil, offset: 0, count: g.parameters,
                rows: 1, columns: g.parameters, first: whole.0, last: whole.1),
        ]
        var regions = [Region(kind: .parameters, offset: 0, count: slab)]
        if training {
            buffers.append(Buffer(name: "gradients", role: .gradients, layer: nil, offset: base.gradients,
                count: g.parameters, rows: 1, columns: g.parameters, first: whole.0, last: whole.1))
            regions.append(Region(kind: .gradients, offset: base.gradients, count: slab))
            if let m = base.moment1 {
                buffers.append(Buffer(name: "moment1", role: .moment1, layer: nil, offset: m, count: g.parameters,
                    rows: 1, columns: g.parameters, first: whole.0, last: whole.1))
                regions.append(Region(kind: .moment1, offset: m, count: slab))
            }
            if let m = base.moment2 {
                buffers.append(Buffer(name: "moment2", role: .moment2, layer: nil, offset: m, count: g.parameters,
                    rows: 1, columns: g.parameters, first: whole.0, last: whole.1))
                regions.append(Region(kind: .moment2, offset: m, count: slab))
            }
        }
        regions.append(Region(kind: .transient, offset: transientBase, count: extent))
        buffers += transients.sorted { $0.offset != $1.offset ? $0.offset < $1.offset : $0.name < $1.name }

        let arena = Arena(
            count: transientBase + extent, regions: regions, buffers: buffers, transientCount: extent,
            transientLowerBound: HeapPlacer.lowerBound(items), transientUnshared: items.reduce(0) { $0 + $1.size },
            scheduleLength: g.scheduleLength)
        let memory = MemorySplit(
            parameters: slab * 4, optimizerState: slab * (g.slabs - 1) * 4, activations: extent * 4)
        return Plan(
            name: g.name, mode: g.mode, batchSize: g.batchSize, trainingPoints: g.trainingPoints, inputs: g.inputs,
            outputs: g.outputs, layers: g.layers, parameters: g.parameters, loss: g.loss, optimizer: g.optimizer,
            arena: arena, program: program, evaluationProgram: evaluation, arenaBytes: arena.bytes, memory: memory,
            flopsForward: g.flopsForward, flopsPerStep: g.flopsPerStep)
    }
}
