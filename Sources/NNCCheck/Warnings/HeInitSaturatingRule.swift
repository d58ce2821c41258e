import NNCDiagnostics
import NNCSpec

/// W0102: He initialisation on a sigmoid or tanh layer.
///
/// He et al. (2015) scale weights by 2/fan_in because ReLU zeroes half of its
/// inputs; sigmoid and tanh zero nothing, so the factor 2 only inflates the
/// pre-activations and pushes units into their flat tails (for tanh it puts the
/// network on the chaotic side of the order-to-chaos transition, Poole et al. 2016).
/// Glorot (or LeCun) scaling is the one derived for them.
public enum HeInitSaturatingRule: Rule {
    public static let code: DiagnosticCode = .heInitSaturating
    public static let name = "he-init-saturating"
    public static let rationale = """
        He initialisation doubles the weight variance to make up for ReLU zeroing half its \
        inputs; with sigmoid or tanh nothing is zeroed, so the layer starts with inflated \
        pre-activations and saturated units. Use glorot_* or lecun_normal.
        """
    public static let reads = ["network.layers.*.activation", "network.layers.*.init"]

    public static let triggering: [RuleExample] = [
        RuleExample(network: """
            layers:
              - {dense: 16, activation: tanh, init: ↓he_normal}
              - {dense: 1}
            """),
        // A network-wide init is reported once, where it is written.
        RuleExample(network: """
            init: ↓he_uniform
            layers:
              - {dense: 16, activation: tanh}
              - {dense: 16, activation: sigmoid}
              - {dense: 1}
            """),
    ]
    public static let nonTriggering: [RuleExample] = [
        RuleExample(network: """
            init: he_normal
            layers:
              - {dense: 16, activation: relu}
              - {dense: 16, activation: tanh, init: glorot_normal}
              - {dense: 1}
            """),
        RuleExample(network: """
            layers:
              - {dense: 16, activation: tanh, init: glorot_uniform}
              - {dense: 1, init: he_normal}
            """),
    ]

    public static func check(_ spec: Spec, _ context: RuleContext) -> [Diagnostic] {
        let mismatched = context.spec.network.layers.filter {
            let k = $0.initializer.value.kind
            return (k == .heNormal || k == .heUniform) && $0.activation.value.kind.isSaturating
        }
        return mismatched.groupedByInitializerSpan().map { span, layers in
            let initName = layers[0].initializer.value.kind.rawValue
            let activations = Set(layers.map { $0.activation.value.kind.rawValue }).sorted()
            let names = layers.map(\.quotedName)
            var notes = layers.map {
                DiagnosticNote(
                    "layer \($0.quotedName) uses \($0.activation.value.kind.rawValue)", span: $0.activation.span)
            }
            notes.append(
                DiagnosticNote(
                    "He scaling (variance 2/fan_in) is derived for relu, which zeroes half its inputs; sigmoid and tanh zero none, so the factor 2 only drives units into saturation"
                ))
            let glorot = initName == "he_uniform" ? "glorot_uniform" : "glorot_normal"
            notes.append(DiagnosticNote("use \(glorot) (or lecun_normal) for \(activations.prose) layers"))
            let layerWord = layers.count == 1 ? "layer" : "layers"
            return finding(
                at: span,
                "\(initName) initialisation of \(activations.prose) \(layerWord) \(names.prose): He scaling is meant for relu",
                label: "expected glorot_* or lecun_normal for \(activations.prose)",
                notes: notes)
        }
    }
}
