import NNCDiagnostics
import NNCSpec

/// With preprocessing, every constraint grid point in its input lies where
/// x^a (1 − x)^b is defined: (0, 1), an end only where its factor vanishes.
/// (The observables' grid files are checked by the data stage, `ObservableFiles`.)
public enum PreprocessingDomainRule: Rule {
    public static let code: DiagnosticCode = .preprocessingDomain
    public static let reads = ["inputs", "network.preprocessing", "training.constraints.items"]

    public static let triggering: [RuleExample] = [
        .physics("over: {x: {logspace: [1.0e-6, 1.0]", "over: {x: {linspace: [↓0, 1.0]"),
        .physics("at: {x: {logspace: [1.0e-5, 0.9]", "at: {x: {logspace: [1.0e-5, ↓1.5]"),
        .physics([("large_x: [2.0, 5.0]", "large_x: [0.0, 5.0]"), ("over: {x: {logspace: [1.0e-6, 1.0]", "over: {x: {logspace: [1.0e-6, ↓1.0]")]),
    ]
    public static let nonTriggering: [RuleExample] = [
        // x = 1 where (1 − x)^b vanishes for every b in [2, 5].
        .physics([]),
        .physics([("small_x: [0.0, 0.5]", "small_x: [0.1, 0.5]"), ("over: {x: {logspace: [1.0e-6, 1.0]", "over: {x: {linspace: [0, 1.0]")]),
        .physics("  preprocessing: {input: x, small_x: [0.0, 0.5], large_x: [2.0, 5.0], trainable: true}\n", ""),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        guard let p = spec.network.preprocessing else { return [] }
        let raw = spec.inputs.rawVariables
        var out: [Diagnostic] = []
        for c in spec.training.constraints where ConstraintGridRule.problem(c, raw: raw) == nil {
            let (s, key) = c.grid
            guard s.variable.value == p.input.value, let values = s.gridValues,
                  let bad = values.firstIndex(where: { !p.admits($0) })
            else { continue }
            let x = values[bad]
            let span = bad == 0 ? s.lower.span : (bad == values.count - 1 ? s.upper.span : s.lower.span.union(s.upper.span))
            out.append(Diagnostic(
                code, span: span,
                message: "point \(bad + 1) of '\(key)' of '\(c.name.value)' is \(p.input.value) = \(Finding.show(x)), outside the preprocessing domain \(p.domainText)",
                label: "x^a (1 − x)^b is not defined here",
                notes: [DiagnosticNote(Self.reason(x, p)),
                        DiagnosticNote("the preprocessing is declared here", span: p.span)]))
        }
        return out
    }

    /// Why the factors fail at `x`, for a note.
    static func reason(_ x: Double, _ p: Preprocessing) -> String {
        if x == 0 { return "at x = 0, x^a is 1 for a = 0 (in small_x \(interval(p.smallX.value))) and its derivative in a, x^a·log(x), is infinite" }
        if x == 1 { return "at x = 1, (1 − x)^b is 1 for b = 0 or infinite for b < 0 (large_x \(interval(p.largeX.value))), and its derivative in b is infinite" }
        return x < 0 ? "x^a of a negative x is not a real number" : "(1 − x)^b of x > 1 is not a real number"
    }

    static func interval(_ r: ClosedInterval) -> String { "[\(Finding.show(r.lower)), \(Finding.show(r.upper))]" }
}
