import NNCDiagnostics
import NNCSpec

/// `replicas` is between 1 and a sane cap.
///
/// Each replica is a whole independent fit; thousands of them are a typo.
public enum ReplicasRule: Rule {
    public static let code: DiagnosticCode = .replicasRange
    public static let reads = ["training.replicas"]
    public static let maxReplicas = 1024

    public static let triggering: [RuleExample] = [
        .gluon("seed: 42", "seed: 42\n  replicas: ↓0"),
        .gluon("seed: 42", "seed: 42\n  replicas: ↓5000"),
    ]
    public static let nonTriggering: [RuleExample] = [
        .gluon("seed: 42", "seed: 42\n  replicas: 1"),
        .gluon("seed: 42", "seed: 42\n  replicas: 100"),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        let r = spec.training.replicas
        guard r.value < 1 || r.value > maxReplicas else { return [] }
        return [Diagnostic(code, span: r.span, message: "'replicas' must be between 1 and \(maxReplicas), found \(r.value)",
                           label: r.value < 1 ? "expected at least 1" : "too many replicas",
                           notes: [DiagnosticNote("each replica is an independent fit with its own seed; 1 is a plain fit")])]
    }
}
