import NNCPlan

extension ParameterLayout {
    /// The tensors of a plan's parameter slab, at the offsets lowering gave them.
    public init(plan: Plan) {
        var entries: [Entry] = []
        for layer in plan.layers {
            entries.append(Entry(name: layer.name + ".weight", shape: [layer.outFeatures, layer.inFeatures], offset: layer.weightOffset))
            if let b = layer.biasOffset {
                entries.append(Entry(name: layer.name + ".bias", shape: [layer.outFeatures], offset: b))
            }
        }
        self.init(entries: entries, slabCount: plan.parameters)
    }
}
