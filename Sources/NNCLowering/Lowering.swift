import NNCDiagnostics
import NNCPlan
import NNCSpec

/// Lowers a checked spec to a static plan: it reads the spec once and
/// records the layer graph through `GraphBuilder` (the network, the loss
/// terms, the optimiser); NNCPlan's `compile()` then derives the programs,
/// differentiates, fuses and places every tensor. This is the one boundary
/// between the spec and the plan.
///
/// Lowering expects a spec the checker passed, but never traps on one it did
/// not: anything it cannot plan is a diagnostic (E06xx).
public enum Lowering {
    /// The most layers lowering plans; placement is quadratic in the buffer count.
    public static let maxLayers = 1024
    /// Arenas beyond this many bytes (1 PiB) are refused before exact integer
    /// arithmetic, so no count can overflow.
    static let addressableBytes = 1_125_899_906_842_624.0

    /// Lowers `spec` for `options.mode` and the batch size the spec or options give.
    /// `plan` is nil exactly when `diagnostics` holds an error.
    public static func lower(_ spec: Spec, options: LoweringOptions) -> (plan: Plan?, diagnostics: [Diagnostic]) {
        let (graph, diagnostics) = Lowering.graph(spec, options: options)
        guard let graph else { return (nil, diagnostics) }
        let plan = graph.compile()
        if plan.arenaBytes > options.memoryBudget {
            return (nil, diagnostics + [overBudget(spec, needed: Double(plan.arenaBytes), plan: plan, budget: options.memoryBudget)])
        }
        return (plan, diagnostics)
    }

    /// The layer graph before compilation (for `--dump ir`), or the diagnostics that prevent one.
    public static func graph(_ spec: Spec, options: LoweringOptions) -> (graph: GraphBuilder?, diagnostics: [Diagnostic]) {
        let layers = spec.network.layers
        guard !layers.isEmpty else {
            return (nil, [Diagnostic(.planEmptyShape, span: spec.network.span,
                message: "the network has no layers; expected at least one dense layer",
                notes: [DiagnosticNote("add a layer such as `- dense: 1` under `network.layers`")])])
        }
        guard layers.count <= maxLayers else {
            return (nil, [Diagnostic(.planTooManyLayers, span: layers[maxLayers].span,
                message: "the network has \(layers.count) layers; nnc plans at most \(maxLayers)",
                notes: [DiagnosticNote("use fewer, wider layers")])])
        }
        guard spec.inputs.count > 0 else {
            return (nil, [Diagnostic(.planEmptyShape, span: spec.inputs.span,
                message: "the spec has no inputs; expected at least one input feature")])
        }
        if let bad = layers.first(where: { $0.units.value <= 0 }) {
            return (nil, [Diagnostic(.planEmptyShape, span: bad.units.span,
                message: "a dense layer needs a positive width, found \(bad.units.value)")])
        }
        let last = layers[layers.count - 1]
        if options.mode == .training, spec.outputs.count != last.units.value {
            return (nil, [Diagnostic(.planEmptyShape, span: last.units.span,
                message: "the last layer has \(last.units.value) units but the spec has \(spec.outputs.count) outputs; expected them to match")])
        }

        var diagnostics: [Diagnostic] = []
        var points: Int?
        let needPoints = options.mode == .training || options.batchSize == nil
        switch trainingPoints(spec) {
        case .success(let n): points = n
        case .failure(let d): if needPoints { diagnostics.append(d.diagnostic) }
        }
        var physics = PhysicsLayout()
        if options.mode == .training && (!spec.data.observables.isEmpty || !spec.training.constraints.isEmpty) {
            let (layout, problems) = PhysicsLayout.of(spec)
            diagnostics += problems
            physics = layout ?? physics
        }
        if diagnostics.hasErrors { return (nil, diagnostics) }

        var batch: Int
        if let override = options.batchSize {
            batch = override
        } else {
            switch spec.training.batchSize.value {
            case .size(let n):
                batch = n
                if options.mode == .training, let points, n > points, points > 0 {
                    return (nil, [Diagnostic(.planBatchAboveTrainingSet, span: spec.training.batchSize.span,
                        message: "batch size \(n) is above the \(points) training points",
                        notes: [DiagnosticNote("use `batch_size: full` for one batch of every training point, or a size up to \(points)")])])
                }
            case .full:
                batch = points ?? 0
            }
        }
        // Observables and constraints alone train on their fixed grids: the
        // batch of plain points may be empty (its tensors keep one column).
        if batch == 0 && !physics.isEmpty { batch = 1 }
        guard batch > 0 else {
            if let points, points == 0 {
                return (nil, [Diagnostic(.planEmptyShape, span: dataSpan(spec),
                    message: "the training set is empty; expected at least one training point",
                    notes: [DiagnosticNote("add rows to the data, or lower the validation fraction")])])
            }
            return (nil, [Diagnostic(.planEmptyShape, span: spec.training.batchSize.span,
                message: "the batch size must be positive, found \(batch)")])
        }

        if let tooBig = sizeGuard(spec, batch: batch, mode: options.mode, budget: options.memoryBudget) {
            return (nil, [tooBig])
        }
        return (build(spec, mode: options.mode, batch: batch, points: points, physics: physics), diagnostics)
    }

    /// A failure to count training points, carried as a diagnostic.
    struct PointsError: Error {
        var diagnostic: Diagnostic
    }

    /// The points the training set holds after the validation split.
    static func trainingPoints(_ spec: Spec) -> Result<Int, PointsError> {
        let total: Int
        switch spec.data.source {
        case .generate(let g):
            // The product saturates: a grid this large is refused by the memory budget.
            total = g.sampling.reduce(1) { FlopCount.mul($0, max($1.points.value, 0)) }
        case .csv(let csv):
            guard let rows = CSVHeader.countRows(csv.resolvedPath) else {
                return .failure(PointsError(diagnostic: Diagnostic(.planDataUnreadable, span: csv.path.span,
                    message: "cannot read '\(csv.path.value)' to count the training points",
                    notes: [DiagnosticNote("expected a readable CSV file at \(csv.resolvedPath)")])))
            }
            total = rows
        case .none:
            total = 0
        }
        switch spec.data.validation {
        case .fraction(let f, _)?: return .success(Split.trainCount(total: total, fraction: f.value))
        case .csv?, nil: return .success(total)
        }
    }

    static func dataSpan(_ spec: Spec) -> SourceSpan {
        switch spec.data.source {
        case .generate(let g): return g.span
        case .csv(let c): return c.path.span
        case .none: return spec.data.span
        }
    }

    /// Refuses, before exact integer arithmetic, a plan whose unshared size is
    /// beyond what nnc addresses (so no count below can overflow). Smaller plans
    /// are placed exactly and compared with the budget afterwards.
    static func sizeGuard(_ spec: Spec, batch: Int, mode: PlanMode, budget: Int) -> Diagnostic? {
        let b = Double(batch)
        var widths = [Double(spec.inputs.count)]
        widths += spec.network.layers.map { Double($0.units.value) }
        var parameters = 0.0
        for i in 1..<widths.count { parameters += widths[i] * (widths[i - 1] + 1) }
        let slabs = mode == .training ? 2.0 + Double(spec.training.optimizer.value.moments) : 1.0
        let out = widths[widths.count - 1]
        var covariance = 0.0
        if case .covariance? = spec.training.loss.value.chi2, mode == .training { covariance = (b * out) * (b * out) }
        let transient = b * widths.reduce(0, +) * 5 + b * out * 2 + out + Double(widths.count * 6 + 8) * 16 + covariance
        let unshared = (parameters * slabs + transient) * 4
        guard unshared > addressableBytes else { return nil }
        // Any placement holds the slabs and at least the widest batch buffer.
        let lowerBound = (parameters * slabs + b * (widths.max() ?? 1) + covariance) * 4
        let neededText = lowerBound > Double(budget)
            ? "at least \(ByteSize.format(lowerBound))" : "more than \(ByteSize.format(addressableBytes))"
        return budgetDiagnostic(spec, neededText: neededText, parameterBytes: parameters * slabs * 4,
            activationBytes: lowerBound - parameters * slabs * 4, budget: budget, splitKnown: false)
    }

    static func overBudget(_ spec: Spec, needed: Double, plan: Plan, budget: Int) -> Diagnostic {
        budgetDiagnostic(spec, neededText: ByteSize.format(needed),
            parameterBytes: Double(plan.memory.parameters + plan.memory.optimizerState),
            activationBytes: Double(plan.memory.activations), budget: budget, splitKnown: true, plan: plan)
    }

    /// E0601 at what makes the plan big: the batch size when the batch buffers
    /// dominate, else the widest layer.
    static func budgetDiagnostic(
        _ spec: Spec, neededText: String, parameterBytes: Double, activationBytes: Double, budget: Int,
        splitKnown: Bool, plan: Plan? = nil
    ) -> Diagnostic {
        var notes: [DiagnosticNote] = []
        if let plan {
            notes.append(DiagnosticNote(
                "parameters \(ByteSize.format(plan.memory.parameters)), optimiser state \(ByteSize.format(plan.memory.optimizerState)), activations \(ByteSize.format(plan.memory.activations))"))
        }
        let span: SourceSpan
        let label: String
        if activationBytes >= parameterBytes {
            span = spec.training.batchSize.span
            label = "the batch makes the activations \(splitKnown ? "" : "at least ")\(ByteSize.format(activationBytes))"
            notes.append(DiagnosticNote("lower `batch_size`, or raise the budget (nnc build --max-memory SIZE)"))
        } else {
            let widest = spec.network.layers.indices.max { a, b in
                let la = spec.network.layers, w = { (i: Int) in Double(la[i].units.value) * Double(i == 0 ? spec.inputs.count : la[i - 1].units.value) }
                return w(a) < w(b)
            } ?? 0
            let layer = spec.network.layers[widest]
            span = layer.units.span
            label = "the widest layer, '\(layer.name.value)'; parameters and optimiser state take \(ByteSize.format(parameterBytes))"
            notes.append(DiagnosticNote("narrow the layer, or raise the budget (nnc build --max-memory SIZE)"))
        }
        return Diagnostic(.planOverBudget, span: span,
            message: "the plan needs \(neededText) of memory but the budget is \(ByteSize.format(budget))",
            label: label, notes: notes)
    }
}
