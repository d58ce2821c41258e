import NNCDiagnostics
import NNCSpec

/// A constraint's weight expressions are finite at every point of its grid.
/// (Truths at the points of an observable's grid file are checked by the data
/// stage, `ObservableFiles`, at the file's line.)
public enum ExpressionDomainRule: Rule {
    public static let code: DiagnosticCode = .expressionDomain
    public static let reads = ["inputs", "training.constraints.items"]

    public static let triggering: [RuleExample] = [
        .physics([("integrand: {f: \"1\"}, over: {x: {logspace: [1.0e-6, 1.0]", "integrand: {f: \"↓log(1 - x)\"}, over: {x: {logspace: [1.0e-6, 1.0]")]),
        .physics("of: {f: \"1\"}", "of: {f: \"↓1 / (x - 0.9)\"}"),
    ]
    public static let nonTriggering: [RuleExample] = [
        .physics("integrand: {f: \"1\"}", "integrand: {f: \"x * log(x)\"}"),
        .physics("of: {f: \"1\"}", "of: {f: \"sqrt(1 - x)\"}"),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        let raw = spec.inputs.rawVariables
        var out: [Diagnostic] = []
        for c in spec.training.constraints where ConstraintGridRule.problem(c, raw: raw) == nil {
            let (s, key) = c.grid
            let (w, weightsKey) = c.weights
            guard let values = s.gridValues else { continue }
            for (output, weight) in w.terms {
                guard let i = values.firstIndex(where: { x in !weight.expression.evaluate({ _ in x }).isFinite }) else { continue }
                let x = values[i]
                let v = weight.expression.evaluate { _ in x }
                out.append(Diagnostic(
                    code, span: weight.source.span,
                    message: "the weight of '\(output.value)' in '\(weightsKey)' of '\(c.name.value)' is \(Finding.show(v)) at \(s.variable.value) = \(Finding.show(x)) (point \(i + 1) of '\(key)')",
                    label: "not finite on the grid",
                    notes: [DiagnosticNote("the grid is here", span: s.span),
                            DiagnosticNote("log and fractional powers need a value above 0, sqrt one of 0 or more, a division a non-zero divisor")]))
            }
        }
        return out
    }
}
