import NNCDiagnostics
import NNCSpec

/// W0104: a hidden layer initialised with `zeros` where that can never recover.
///
/// A zero-initialised hidden layer has identical units. If the layer after it
/// also starts at zero, every unit receives the same gradient at every step and
/// they stay copies of each other for ever: the symmetry is never broken. If
/// the layer is relu, every unit sits at 0 where the slope is 0 and the layer
/// never gets a gradient at all. (A zero layer followed by random weights, with
/// a non-zero slope at 0, does recover: the next layer's weights differ per unit.)
public enum ZerosHiddenInitRule: Rule {
    public static let code: DiagnosticCode = .zerosHiddenInit
    public static let name = "zeros-hidden-init"
    public static let rationale = """
        Units of a zero-initialised hidden layer are identical; when the next layer also \
        starts at zero they get identical gradients and stay identical, and a zero relu \
        layer gets no gradient at all. Random initialisation breaks the symmetry.
        """
    public static let reads = ["network.layers.*.activation", "network.layers.*.init", "network.layers.*.dense"]

    public static let triggering: [RuleExample] = [
        RuleExample(network: """
            init: ↓zeros
            layers:
              - {dense: 16, activation: tanh}
              - {dense: 1}
            """),
        RuleExample(network: """
            layers:
              - {dense: 16, activation: relu, init: ↓zeros}
              - {dense: 1, init: glorot_uniform}
            """),
    ]
    public static let nonTriggering: [RuleExample] = [
        // Zero output layer: the hidden units differ, so its weights learn apart.
        RuleExample(network: """
            layers:
              - {dense: 16, activation: tanh}
              - {dense: 1, init: zeros}
            """),
        // Zero tanh layer before random weights: the next layer's weights differ per unit.
        RuleExample(network: """
            layers:
              - {dense: 16, activation: tanh, init: zeros}
              - {dense: 1, init: glorot_uniform}
            """),
    ]

    public static func check(_ spec: Spec, _ context: RuleContext) -> [Diagnostic] {
        let layers = context.spec.network.layers
        var stuck: [(layer: Layer, dead: Bool, reason: String)] = []
        for (i, layer) in layers.enumerated().dropLast() where layer.initializer.value.kind == .zeros {
            let next = layers[i + 1]
            if layer.activation.value.kind == .relu {
                stuck.append(
                    (layer, true, "relu of a zero input is 0 with slope 0, so \(layer.quotedName) never gets a gradient"))
            } else if next.initializer.value.kind == .zeros && layer.units.value > 1 {
                stuck.append(
                    (
                        layer, false,
                        "\(next.quotedName) after it starts at zero too, so the \(layer.units.value) units of \(layer.quotedName) get identical gradients and stay identical"
                    ))
            }
        }
        return stuck.map(\.layer).groupedByInitializerSpan().map { span, group in
            let mine = stuck.filter { s in group.contains { $0.name.value == s.layer.name.value } }
            let names = group.map(\.quotedName).prose
            let word = group.count == 1 ? "layer" : "layers"
            let consequence: String
            if mine.allSatisfy(\.dead) {
                consequence = "a zero relu layer never gets a gradient"
            } else if mine.allSatisfy({ !$0.dead }) {
                consequence = "the symmetry between its units is never broken"
            } else {
                consequence = "they never leave their zero start"
            }
            return finding(
                at: span,
                "zeros initialisation of hidden \(word) \(names): \(consequence)",
                label: "expected a random initialiser such as glorot_uniform or he_normal",
                notes: mine.map { DiagnosticNote($0.reason) } + [
                    DiagnosticNote("zeros is fine for the output layer; hidden layers need random weights")
                ])
        }
    }
}
