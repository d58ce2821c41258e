import NNCDiagnostics
import NNCSpec

/// W0103: Glorot initialisation in a deep stack of ReLU layers.
///
/// Glorot scaling keeps the signal's variance for a unit-slope activation;
/// ReLU zeroes half of it, so with Glorot weights the variance halves at every
/// ReLU layer, forward and backward (He et al. 2015). From 5 hidden ReLU
/// layers on, the last hidden layer's signal is below 1/32 of the input's
/// variance and plain SGD's effective step shrinks as much.
public enum GlorotDeepReLURule: Rule {
    /// Hidden ReLU-family layers with Glorot weights from which the rule fires.
    public static let depthThreshold = 5

    public static let code: DiagnosticCode = .glorotDeepReLU
    public static let name = "glorot-deep-relu"
    public static let rationale = """
        With Glorot weights every ReLU layer halves the variance of the signal going \
        forward and of the gradient going back; in a deep ReLU stack the output starts \
        near zero and learning is slow. He initialisation is derived for ReLU.
        """
    public static let reads = ["network.layers.*.activation", "network.layers.*.init"]

    public static let triggering: [RuleExample] = [
        RuleExample(network: """
            init: ↓glorot_uniform
            layers:
              - {dense: 32, activation: relu}
              - {dense: 32, activation: relu}
              - {dense: 32, activation: relu}
              - {dense: 32, activation: leaky_relu}
              - {dense: 32, activation: relu}
              - {dense: 1}
            """)
    ]
    public static let nonTriggering: [RuleExample] = [
        RuleExample(network: """
            init: he_normal
            layers:
              - {dense: 32, activation: relu}
              - {dense: 32, activation: relu}
              - {dense: 32, activation: relu}
              - {dense: 32, activation: relu}
              - {dense: 32, activation: relu}
              - {dense: 1, init: glorot_uniform}
            """),
        // Shallow: two halvings are harmless.
        RuleExample(network: """
            init: glorot_normal
            layers:
              - {dense: 32, activation: relu}
              - {dense: 32, activation: relu}
              - {dense: 1}
            """),
    ]

    public static func check(_ spec: Spec, _ context: RuleContext) -> [Diagnostic] {
        let relu = context.hiddenLayers.filter {
            $0.activation.value.kind == .relu || $0.activation.value.kind == .leakyReLU
        }
        let glorot = relu.filter {
            $0.initializer.value.kind == .glorotUniform || $0.initializer.value.kind == .glorotNormal
        }
        guard glorot.count >= Self.depthThreshold else { return [] }
        let factor = 1 << glorot.count
        return glorot.groupedByInitializerSpan().map { span, layers in
            let initName = layers[0].initializer.value.kind.rawValue
            let he = initName == "glorot_uniform" ? "he_uniform" : "he_normal"
            return finding(
                at: span,
                "\(initName) initialisation in a stack of \(glorot.count) hidden relu layers: the signal shrinks about \(factor)-fold in variance by the last one",
                label: "expected \(he) for relu layers",
                notes: [
                    DiagnosticNote("layers initialised here: \(layers.map(\.quotedName).prose)"),
                    DiagnosticNote(
                        "Glorot scaling assumes an activation that keeps the variance; relu zeroes half of it at every layer"
                    ),
                    DiagnosticNote("use \(he), derived for relu (He et al. 2015)"),
                ])
        }
    }
}
