import NNCDiagnostics
import NNCSpec

/// Every output a constraint weighs (`integrand`, `of`) is one of `outputs`.
public enum ConstraintOutputRule: Rule {
    public static let code: DiagnosticCode = .constraintOutput
    public static let reads = ["outputs", "training.constraints.items"]

    public static let triggering: [RuleExample] = [
        .physics("integrand: {f: \"1\"}", "integrand: {↓g: \"1\"}"),
        .physics("of: {f: \"1\"}", "of: {f: \"1\", ↓ff: \"x\"}"),
    ]
    public static let nonTriggering: [RuleExample] = [
        .physics([("outputs: [f]", "outputs: [f, g]"), ("{dense: 1}", "{dense: 2}"),
                  ("values: {truth: \"3 * x^0.5 * (1 - x)^3\"", "values: {truth: {f: \"x\", g: \"1 - x\"}"),
                  ("integrand: {f: \"1\"}", "integrand: {g: \"x\", f: \"x\"}")],
                 files: ["fk.csv": String(repeating: "0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1\n", count: 4)]),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        let outputs = spec.outputs.names
        var out: [Diagnostic] = []
        for c in spec.training.constraints {
            let (w, key) = c.weights
            let named = Set(w.terms.map(\.output.value))
            let unnamed = outputs.filter { !named.contains($0) }
            for (o, _) in w.terms where !outputs.contains(o.value) {
                let guess = DidYouMean.suggestion(for: o.value, among: unnamed)
                    ?? DidYouMean.suggestion(for: o.value, among: outputs)
                    ?? (outputs.count == 1 && unnamed.count == 1 ? outputs[0] : nil)
                out.append(Diagnostic(
                    code, span: o.span, message: "'\(key)' of '\(c.name.value)' weighs '\(o.value)', which is not an output",
                    label: guess.map { "did you mean '\($0)'?" } ?? "not an output",
                    notes: [DiagnosticNote("the outputs are: " + outputs.joined(separator: ", ")),
                            DiagnosticNote("'\(key)' maps outputs to weights: {\(outputs[0]): \"1\"} is the integral of \(outputs[0]) itself")],
                    fixIt: guess.map { FixIt(span: o.span, replacement: $0, message: "replace with '\($0)'") }))
            }
        }
        return out
    }
}
