import NNCDiagnostics
import NNCSpec

/// A constraint's `over` / `at` is a fixed grid (linspace or logspace, at
/// least 2 points, low < high, logspace above 0) in the spec's one raw input.
public enum ConstraintGridRule: Rule {
    public static let code: DiagnosticCode = .constraintGrid
    public static let reads = ["inputs", "training.constraints.items"]

    public static let triggering: [RuleExample] = [
        .physics("over: {x: {logspace", "over: {↓y: {logspace"),
        .physics("at: {x: {logspace: [1.0e-5, 0.9], points: 20}}", "at: {x: {↓uniform: [1.0e-5, 0.9], points: 20}}"),
        .physics("at: {x: {logspace: [1.0e-5, 0.9], points: 20}}", "at: {x: {logspace: [1.0e-5, 0.9], points: ↓1}}"),
        .physics("over: {x: {logspace: [1.0e-6, 1.0]", "over: {x: {logspace: [↓1.0, 1.0e-6]"),
        .physics("over: {x: {logspace: [1.0e-6, 1.0]", "over: {x: {logspace: [↓0, 1.0]"),
        .physics([("inputs: [x]", "inputs: [x, q]"), ("grid: grid.csv", "grid: grid2.csv"), ("grid: grid.csv", "grid: grid2.csv"),
                  ("over: {x:", "over: {↓x:"), ("at: {x:", "at: {↓x:")],
                 files: ["grid2.csv": "x,q\n0.01,1\n0.1,1\n0.3,1\n0.5,1\n0.8,1\n"]),
    ]
    public static let nonTriggering: [RuleExample] = [
        .physics("over: {x: {logspace: [1.0e-6, 1.0], points: 400}}", "over: {x: {linspace: [0.001, 0.999], points: 2}}"),
        .physics([("inputs: [x]", "inputs: [x, \"log(x)\"]")]),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        let raw = spec.inputs.rawVariables
        return spec.training.constraints.compactMap { problem($0, raw: raw) }
    }

    /// The problem with the constraint's grid, nil when it is a fixed grid in
    /// the one raw input. Rules that evaluate something on the grid skip
    /// constraints with a problem here.
    static func problem(_ c: Constraint, raw: [String]) -> Diagnostic? {
        let (s, key) = c.grid
        let label = "'\(key)' of '\(c.name.value)'"
        if !raw.contains(s.variable.value) {
            let guess = DidYouMean.suggestion(for: s.variable.value, among: raw) ?? (raw.count == 1 ? raw[0] : nil)
            return Diagnostic(
                code, span: s.variable.span, message: "\(label) samples '\(s.variable.value)', which is not a raw input",
                label: guess.map { "did you mean '\($0)'?" } ?? "not a raw input",
                notes: [DiagnosticNote("the raw inputs are: " + raw.joined(separator: ", "))],
                fixIt: guess.map { FixIt(span: s.variable.span, replacement: $0, message: "replace with '\($0)'") })
        }
        if raw.count > 1 {
            let others = raw.filter { $0 != s.variable.value }.map { "'\($0)'" }.joined(separator: ", ")
            return Diagnostic(
                code, span: s.variable.span,
                message: "\(label) is a grid in '\(s.variable.value)', but the network also reads \(others)",
                label: "the other inputs would have no value",
                notes: [DiagnosticNote("constraints are integrals and bounds of functions of one input; the spec has the raw inputs " + raw.joined(separator: ", "))])
        }
        if s.kind.value == .uniform {
            return Diagnostic(
                code, span: s.kind.span, message: "\(label) is sampled 'uniform', at random points",
                label: "expected linspace or logspace",
                notes: [DiagnosticNote("a constraint's grid is fixed when the plan is built")],
                fixIt: FixIt(span: s.kind.span, replacement: "linspace", message: "replace with 'linspace'"))
        }
        let a = s.lower.value, b = s.upper.value
        let range = s.lower.span.union(s.upper.span)
        if !(a < b) {
            return Diagnostic(
                code, span: range, message: "the range of \(label) must have low < high, found [\(Finding.show(a)), \(Finding.show(b))]",
                label: "expected [low, high]",
                fixIt: a > b ? FixIt(span: range, replacement: "\(Finding.show(b)), \(Finding.show(a))", message: "swap the bounds") : nil)
        }
        if s.kind.value == .logspace, !(a > 0) {
            return Diagnostic(
                code, span: s.lower.span, message: "logspace for \(label) needs a positive lower bound, found \(Finding.show(a))",
                label: "expected a number above 0",
                notes: [DiagnosticNote("logspace spaces points evenly in log(x); use linspace for a range from 0")])
        }
        if s.points.value < 2 || s.points.value > RuleContext.maxGeneratedPoints {
            return Diagnostic(
                code, span: s.points.span, message: "\(label) needs from 2 to \(RuleContext.maxGeneratedPoints) points, found \(s.points.value)",
                label: s.points.value < 2 ? "at least 2" : "too many")
        }
        return nil
    }
}

extension Constraint {
    /// The grid of the constraint and the key it is written under: `over` or `at`.
    var grid: (Sampling, String) {
        switch self {
        case .sumRule(let s): return (s.over, "over")
        case .positivity(let p): return (p.at, "at")
        }
    }

    /// The output weights and their key: `integrand` or `of`.
    var weights: (OutputWeights, String) {
        switch self {
        case .sumRule(let s): return (s.integrand, "integrand")
        case .positivity(let p): return (p.of, "of")
        }
    }
}
