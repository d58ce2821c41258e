import NNCDiagnostics
import NNCSpec

/// W0401: far more parameters than training values, and nothing to stop the
/// network from fitting the noise.
///
/// A network with more free parameters than target values can interpolate
/// every training point, noise included. Gradient descent's preference for
/// smooth functions delays this, so a moderate excess is usually harmless;
/// from 10 parameters per target value on, the noise is within reach of an
/// ordinary epoch budget. Early stopping, dropout, L2 or adamw's weight decay
/// each keep the fit from following it.
public enum OverparameterisedRule: Rule {
    /// Parameters per training target value from which the rule fires.
    public static let ratio = 10

    public static let code: DiagnosticCode = .overparameterised
    public static let name = "overparameterised-unregularised"
    public static let rationale = """
        With more than ten parameters per training target and no early stopping, dropout, \
        L2 or weight decay, the network will fit the noise instead of the function.
        """
    public static let reads = ["inputs", "outputs", "network.layers.*.dense", "network.layers.*.bias", "network.layers.*.dropout", "network.layers.*.l2", "training.stopping", "training.optimizer", "data.train", "data.generate.sampling", "data.validation"]

    public static let triggering: [RuleExample] = [
        // 1-64-64-1: 4,353 parameters for 30 training points.
        RuleExample(
            network: """
                layers:
                  - {dense: 64, activation: tanh}
                  - {dense: ↓64, activation: tanh}
                  - {dense: 1}
                """,
            data: """
                generate:
                  truth: "sin(3 * x)"
                  x: {linspace: [0, 1], points: 40}
                  noise: {absolute: 0.05}
                  seed: 1
                validation: {fraction: 0.25, seed: 2}
                """,
            training: """
                loss: mse
                optimizer: adam
                epochs: 20000
                """)
    ]
    public static let nonTriggering: [RuleExample] = [
        // The same network with early stopping.
        RuleExample(
            network: """
                layers:
                  - {dense: 64, activation: tanh}
                  - {dense: 64, activation: tanh}
                  - {dense: 1}
                """,
            data: """
                generate:
                  truth: "sin(3 * x)"
                  x: {linspace: [0, 1], points: 40}
                  noise: {absolute: 0.05}
                  seed: 1
                validation: {fraction: 0.25, seed: 2}
                """,
            training: """
                loss: mse
                optimizer: adam
                epochs: 20000
                stopping: {patience: 1000}
                """),
        // Same again with L2 on the big layer.
        RuleExample(
            network: """
                layers:
                  - {dense: 64, activation: tanh}
                  - {dense: 64, activation: tanh, l2: 1.0e-4}
                  - {dense: 1}
                """,
            data: """
                generate:
                  truth: "sin(3 * x)"
                  x: {linspace: [0, 1], points: 40}
                  noise: {absolute: 0.05}
                  seed: 1
                validation: {fraction: 0.25, seed: 2}
                """,
            training: """
                loss: mse
                optimizer: adam
                epochs: 20000
                """),
    ]

    public static func check(_ spec: Spec, _ context: RuleContext) -> [Diagnostic] {
        let spec = context.spec
        guard let points = context.trainingPoints, points > 0 else { return [] }
        let layers = spec.network.layers
        let regularised =
            spec.training.stopping != nil
            || spec.training.optimizer.value.weightDecay > 0
            || layers.contains { $0.dropout.value > 0 || $0.l2.value > 0 }
        guard !regularised else { return [] }
        let values = points * max(spec.outputs.count, 1)
        let parameters = context.parameterCount
        guard parameters > Self.ratio * values else { return [] }
        let counts = context.parameterCounts
        guard let biggest = counts.indices.max(by: { counts[$0] < counts[$1] }) else { return [] }
        let layer = layers[biggest]
        let perValue = Double(parameters) / Double(values)
        return [
            finding(
                at: layer.units.span,
                "\(parameters) parameters for \(values) training values (\(Self.format(perValue)) per value) and no regularisation: the network will fit the noise",
                label: "layer \(layer.quotedName) holds \(counts[biggest]) parameters",
                notes: [
                    DiagnosticNote(
                        "add early stopping (stopping: {patience: ...}), dropout or l2, or use a smaller network"),
                ])
        ]
    }

    static func format(_ x: Double) -> String {
        x >= 100 ? String(Int(x.rounded())) : String(Double(Int(x * 10)) / 10)
    }
}
