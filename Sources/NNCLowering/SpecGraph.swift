import NNCPlan
import NNCSpec

extension Lowering {
    /// The layer graph of `spec`: the network described once, then each
    /// program — the training step (the batch's loss, the optimiser), the
    /// evaluation and the forward pass.
    static func build(_ spec: Spec, mode: PlanMode, batch: Int, points: Int?, physics: PhysicsLayout = PhysicsLayout()) -> GraphBuilder {
        var g = GraphBuilder(
            name: spec.name.value, mode: mode, batchSize: batch, trainingPoints: points,
            inputs: spec.inputs.names, outputs: spec.outputs.names)
        var inFeatures = spec.inputs.count
        for layer in spec.network.layers {
            g.addDenseLayer(
                name: layer.name.value, inFeatures: inFeatures, units: layer.units.value,
                activation: layer.activation.value, initializer: layer.initializer.value, bias: layer.bias.value,
                dropout: layer.dropout.value, l2: layer.l2.value)
            inFeatures = layer.units.value
        }
        if let p = spec.network.preprocessing, let row = spec.inputs.names.firstIndex(of: p.input.value) {
            g.addPreprocessing(inputRow: row, smallX: (p.smallX.value.lower, p.smallX.value.upper),
                               largeX: (p.largeX.value.lower, p.largeX.value.upper), trainable: p.trainable.value)
        }
        if mode == .training && !physics.isEmpty {
            let loss = spec.training.loss.value
            let plainTraining = points ?? 0
            let plainValidation = plainValidationPoints(spec)
            let weights = buildPhysics(&g, spec: spec, layout: physics, plainTraining: plainTraining,
                                       plainValidation: plainValidation, loss: loss)
            if plainTraining > 0 {
                g.begin(.evaluate)
                let f = g.network(input: g.input(), columns: .batch)
                g.loss(loss.kind, delta: loss.delta, chi2: loss.chi2 == nil ? nil : .uncertainty, prediction: f,
                       weight: weights.validationWeight)
                g.setOutput(f)
            }
            g.optimize(with: spec.training.optimizer.value)
        } else if mode == .training {
            let loss = spec.training.loss.value
            var chi2: GraphBuilder.Chi2Input?
            switch loss.chi2 {
            case .noiseModel?, .column?: chi2 = .uncertainty
            case .covariance?: chi2 = .covariance
            case nil: chi2 = nil
            }
            for kind in [ProgramKind.train, .evaluate] {
                g.begin(kind)
                let f = g.network(input: g.input(), columns: .batch)
                g.loss(loss.kind, delta: loss.delta, chi2: chi2, prediction: f)
                g.setOutput(f)
            }
            g.optimize(with: spec.training.optimizer.value)
        }
        g.begin(.forward)
        g.setOutput(g.network(input: g.input(), columns: .batch))
        return g
    }
}

extension Lowering {
    /// Plain data points in the validation set.
    static func plainValidationPoints(_ spec: Spec) -> Int {
        let total: Int
        switch spec.data.source {
        case .generate(let g): total = g.pointCount
        case .csv(let c): total = CSVHeader.countRows(c.resolvedPath) ?? 0
        case .none: total = 0
        }
        switch spec.data.validation {
        case .fraction(let f, _)?: return Split.validationCount(total: total, fraction: f.value)
        case .csv(let c)?: return CSVHeader.countRows(c.resolvedPath) ?? 0
        case nil: return 0
        }
    }
}

extension PlanFile {
    /// The files a plan depends on, in a fixed order: the spec's own sources
    /// (the spec file and its includes), then the data files it names.
    public static func sourcePaths(of spec: Spec) -> [String] {
        var paths = spec.sources
        if case .csv(let csv) = spec.data.source { paths.append(csv.resolvedPath) }
        if case .csv(let csv)? = spec.data.validation { paths.append(csv.resolvedPath) }
        if case .covariance(let csv)? = spec.training.loss.value.chi2 { paths.append(csv.resolvedPath) }
        for o in spec.data.observables {
            paths += [o.grid.resolvedPath, o.fktable.resolvedPath]
            if case .csv(let f, _, _) = o.values { paths.append(f.resolvedPath) }
            switch o.uncertainty {
            case .covariance(let f): paths.append(f.resolvedPath)
            case .column(let f, _): paths.append(f.resolvedPath)
            }
        }
        var seen = Set<String>()
        return paths.filter { seen.insert($0).inserted }
    }
}
