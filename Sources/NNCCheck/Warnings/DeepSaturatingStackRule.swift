import NNCDiagnostics
import NNCSpec

/// W0101: many hidden layers with saturating activations (sigmoid, tanh).
///
/// Backpropagation multiplies the gradient by the activation's slope once per
/// layer. sigmoid's slope is at most 1/4, tanh's at most 1 and much less once
/// units leave the origin, so the first layers of a deep saturating stack get
/// almost no gradient (Hochreiter 1991; Glorot & Bengio 2010). Thresholds: 4
/// hidden sigmoid/tanh layers, or 3 sigmoid ones (at least 1/64 of the gradient lost).
public enum DeepSaturatingStackRule: Rule {
    /// Hidden sigmoid or tanh layers from which the stack counts as deep.
    public static let saturatingThreshold = 4
    /// Hidden sigmoid layers from which the stack counts as deep (slope ≤ 1/4 each).
    public static let sigmoidThreshold = 3

    public static let code: DiagnosticCode = .deepSaturatingStack
    public static let name = "deep-saturating-stack"
    public static let rationale = """
        Each sigmoid or tanh layer multiplies the back-propagated gradient by its slope \
        (at most 1/4 for sigmoid, at most 1 for tanh, far less once units saturate), so \
        in a deep stack the first layers hardly learn: the gradient vanishes.
        """
    public static let reads = ["network.layers.*.activation"]

    public static let triggering: [RuleExample] = [
        RuleExample(network: """
            layers:
              - {dense: 16, activation: ↓tanh}
              - {dense: 16, activation: tanh}
              - {dense: 16, activation: tanh}
              - {dense: 16, activation: tanh}
              - {dense: 1, activation: linear}
            """),
        RuleExample(network: """
            layers:
              - {dense: 16, activation: relu}
              - dense: 16
                activation: ↓sigmoid
              - {dense: 16, activation: sigmoid}
              - {dense: 16, activation: sigmoid}
              - {dense: 1}
            """),
    ]
    public static let nonTriggering: [RuleExample] = [
        RuleExample(network: """
            layers:
              - {dense: 25, activation: tanh}
              - {dense: 20, activation: tanh}
              - {dense: 1, activation: linear}
            """),
        // Three tanh layers and a sigmoid output: the output layer is not hidden.
        RuleExample(network: """
            layers:
              - {dense: 16, activation: tanh}
              - {dense: 16, activation: tanh}
              - {dense: 16, activation: tanh}
              - {dense: 1, activation: sigmoid}
            """, data: """
            generate:
              truth: "0.5 + 0.3 * sin(3 * x)"
              x: {linspace: [0, 1], points: 200}
              seed: 1
            validation: {fraction: 0.25, seed: 2}
            """),
        RuleExample(network: """
            layers:
              - {dense: 32, activation: relu}
              - {dense: 32, activation: relu}
              - {dense: 32, activation: relu}
              - {dense: 32, activation: relu}
              - {dense: 1}
            """),
    ]

    public static func check(_ spec: Spec, _ context: RuleContext) -> [Diagnostic] {
        let saturating = context.hiddenLayers.filter { $0.activation.value.kind.isSaturating }
        let sigmoids = saturating.filter { $0.activation.value.kind == .sigmoid }
        guard saturating.count >= Self.saturatingThreshold || sigmoids.count >= Self.sigmoidThreshold,
            let first = saturating.first
        else { return [] }
        let kinds = Set(saturating.map { $0.activation.value.kind.rawValue }).sorted().joined(separator: "/")
        let bound: String
        if sigmoids.count >= Self.sigmoidThreshold {
            let factor = 1 << (2 * sigmoids.count)
            bound = "sigmoid's slope is at most 1/4, so \(sigmoids.count) sigmoid layers shrink the gradient at least \(factor)-fold"
        } else {
            bound = "each saturating layer shrinks the gradient by its slope, which is far below 1 once units leave the origin"
        }
        var notes = saturating.dropFirst().map {
            DiagnosticNote("layer \($0.quotedName) is \($0.activation.value.kind.rawValue) too", span: $0.activation.span)
        }
        notes.append(DiagnosticNote(bound))
        notes.append(
            DiagnosticNote(
                "use relu, gelu, swish or elu for the hidden layers (with he_normal), or fewer saturating layers"))
        return [
            finding(
                at: first.activation.span,
                "\(saturating.count) hidden layers use saturating activations (\(kinds)): gradients vanish before they reach layer \(first.quotedName)",
                label: "first of \(saturating.count) saturating hidden layers",
                notes: notes)
        ]
    }
}
