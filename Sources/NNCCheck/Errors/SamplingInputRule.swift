import NNCDiagnostics
import NNCSpec

/// Each sampling under `generate` belongs to a raw input.
///
/// A key of `generate` other than truth, noise and seed samples the input of
/// that name; a name that is not an input is a typo or a leftover.
public enum SamplingInputRule: Rule {
    public static let code: DiagnosticCode = .samplingNotInput
    public static let reads = ["inputs", "data.generate.sampling"]

    public static let triggering: [RuleExample] = [
        .gluon("points: 200}", "points: 200}\n    ↓z: {linspace: [0, 1], points: 10}"),
        .gluon("    x: {logspace", "    ↓z: {logspace"),
    ]
    public static let nonTriggering: [RuleExample] = [
        .gluon([("inputs: [x]", "inputs: [x, z]"), ("points: 200}", "points: 200}\n    z: {linspace: [0, 1], points: 10}")]),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        guard case .generate(let g) = spec.data.source else { return [] }
        let raw = spec.inputs.rawVariables
        let strays = g.sampling.filter { !raw.contains($0.variable.value) }
        let unsampled = raw.filter { r in !g.sampling.contains { $0.variable.value == r } }
        return strays.map { s in
            // One stray sampling and one input without one: the same name, misspelt.
            let guess = DidYouMean.suggestion(for: s.variable.value, among: unsampled)
                ?? (strays.count == 1 && unsampled.count == 1 ? unsampled[0] : nil)
            return Diagnostic(code, span: s.variable.span, message: "'\(s.variable.value)' is sampled, but it is not an input",
                              label: guess.map { "did you mean '\($0)'?" } ?? "not an input",
                              notes: [DiagnosticNote("the inputs are: " + raw.joined(separator: ", "))],
                              fixIt: guess.map { FixIt(span: s.variable.span, replacement: $0, message: "replace with '\($0)'") })
        }
    }
}
