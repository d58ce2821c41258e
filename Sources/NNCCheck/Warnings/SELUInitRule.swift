import NNCDiagnostics
import NNCSpec

/// W0105: a selu layer not initialised with `lecun_normal`.
///
/// SELU's self-normalising property (Klambauer et al. 2017) — activations
/// converge to zero mean and unit variance layer after layer — is proved for
/// weights of variance 1/fan_in, which is `lecun_normal`. With other scales
/// selu is just an elu with odd constants.
public enum SELUInitRule: Rule {
    public static let code: DiagnosticCode = .seluWithoutLecun
    public static let name = "selu-init"
    public static let rationale = """
        selu keeps activations normalised only with weights of variance 1/fan_in \
        (lecun_normal); with any other initialiser its constants lose their purpose.
        """
    public static let reads = ["network.layers.*.activation", "network.layers.*.init"]

    public static let triggering: [RuleExample] = [
        RuleExample(network: """
            layers:
              - {dense: 16, activation: selu, init: ↓he_normal}
              - {dense: 1}
            """)
    ]
    public static let nonTriggering: [RuleExample] = [
        RuleExample(network: """
            init: lecun_normal
            layers:
              - {dense: 16, activation: selu}
              - {dense: 16, activation: selu}
              - {dense: 1, init: glorot_uniform}
            """)
    ]

    public static func check(_ spec: Spec, _ context: RuleContext) -> [Diagnostic] {
        let mismatched = context.spec.network.layers.filter {
            $0.activation.value.kind == .selu && $0.initializer.value.kind != .lecunNormal
        }
        return mismatched.groupedByInitializerSpan().map { span, layers in
            let word = layers.count == 1 ? "layer" : "layers"
            return finding(
                at: span,
                "\(layers[0].initializer.value.kind.rawValue) initialisation of selu \(word) \(layers.map(\.quotedName).prose): selu self-normalises only with lecun_normal",
                label: "expected lecun_normal",
                notes: [DiagnosticNote("selu's constants are derived for weights of variance 1/fan_in (Klambauer et al. 2017)")])
        }
    }
}
