import NNCPlan
import NNCSpec

extension Lowering {
    /// The layer graph of `spec`: the network described once, then each
    /// program — the training step (the batch's loss, the optimiser), the
    /// evaluation and the forward pass.
    static func build(_ spec: Spec, mode: PlanMode, batch: Int, points: Int?) -> GraphBuilder {
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
        if mode == .training {
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

extension PlanFile {
    /// The files a plan depends on, in a fixed order: the spec's own sources
    /// (the spec file and its includes), then the data files it names.
    public static func sourcePaths(of spec: Spec) -> [String] {
        var paths = spec.sources
        if case .csv(let csv) = spec.data.source { paths.append(csv.resolvedPath) }
        if case .csv(let csv)? = spec.data.validation { paths.append(csv.resolvedPath) }
        if case .covariance(let csv)? = spec.training.loss.value.chi2 { paths.append(csv.resolvedPath) }
        var seen = Set<String>()
        return paths.filter { seen.insert($0).inserted }
    }
}
