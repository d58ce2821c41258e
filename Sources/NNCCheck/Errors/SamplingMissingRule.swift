import NNCDiagnostics
import NNCSpec

/// Every raw input has a sampling under `generate`.
///
/// Generated data needs a value of every input at every point; an input
/// without a sampling has none.
public enum SamplingMissingRule: Rule {
    public static let code: DiagnosticCode = .inputWithoutSampling
    public static let reads = ["inputs", "data.generate.sampling"]

    public static let triggering: [RuleExample] = [
        .gluon([("inputs: [x]", "inputs: [x, z]"), ("truth: \"x^-0.1", "↓truth: \"x^-0.1")]),
        .gluon([("inputs: [x]", "inputs: [x, \"log(t)\"]"), ("truth: \"x^-0.1 * (1 - x)^5\"", "↓truth: \"t\"")]),
    ]
    public static let nonTriggering: [RuleExample] = [
        .gluon([("inputs: [x]", "inputs: [x, \"log(x)\"]")]),
        // The misspelt sampling is SamplingInputRule's finding alone.
        .gluon("    x: {logspace", "    X: {logspace"),
        .gluon("    x: {logspace", "    z: {logspace"),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        guard case .generate(let g) = spec.data.source else { return [] }
        let raw = spec.inputs.rawVariables
        var sampled = Set(g.sampling.map(\.variable.value))
        // A misspelt sampling ('X' for 'x') is reported once, by SamplingInputRule, with the fix.
        let strays = g.sampling.filter { !raw.contains($0.variable.value) }
        let unsampled = raw.filter { !sampled.contains($0) }
        for s in strays {
            if let meant = DidYouMean.suggestion(for: s.variable.value, among: unsampled) { sampled.insert(meant) }
        }
        if strays.count == 1, unsampled.count == 1 { sampled.insert(unsampled[0]) }
        let missing = raw.filter { !sampled.contains($0) }
        guard !missing.isEmpty else { return [] }
        let list = missing.map { "'\($0)'" }.joined(separator: ", ")
        return [Diagnostic(code, span: SourceSpan(file: g.span.file, start: g.span.start, end: g.span.start),
                           message: "no sampling for the input\(missing.count > 1 ? "s" : "") \(list) in 'generate'",
                           label: "every input needs a sampling",
                           notes: missing.map { DiagnosticNote("add: \($0): {linspace: [0, 1], points: 100}") })]
    }
}
