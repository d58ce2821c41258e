import NNCPlan

extension ParameterLayout {
    /// The named parameter tensors of a plan's slab, at the offsets lowering gave them.
    public init(plan: Plan) {
        self.init(entries: plan.parameterTensors.map { Entry(name: $0.name, shape: $0.shape, offset: $0.offset) },
                  slabCount: plan.parameters)
    }
}
