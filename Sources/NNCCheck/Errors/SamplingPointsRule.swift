import NNCDiagnostics
import NNCSpec

/// Each generated input has at least 2 points, and the grid (the product of
/// the per-input counts) stays below `RuleContext.maxGeneratedPoints`.
public enum SamplingPointsRule: Rule {
    public static let code: DiagnosticCode = .samplingPointsRange
    public static let reads = ["data.generate.sampling"]

    public static let triggering: [RuleExample] = [
        .gluon("points: 200", "points: ↓1"),
        .gluon("points: 200", "points: ↓100000000"),
        .gluon([("inputs: [x]", "inputs: [x, z]"),
                ("points: 200}", "points: 5000}\n    z: {linspace: [0, 1], points: ↓5000}")]),
    ]
    public static let nonTriggering: [RuleExample] = [
        .gluon("points: 200", "points: 2"),
        .gluon([("inputs: [x]", "inputs: [x, z]"),
                ("points: 200}", "points: 100}\n    z: {linspace: [0, 1], points: 100}")]),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        guard case .generate(let g) = spec.data.source else { return [] }
        var out: [Diagnostic] = []
        for s in g.sampling where s.points.value < 2 || s.points.value > RuleContext.maxGeneratedPoints {
            out.append(Diagnostic(code, span: s.points.span,
                                  message: "'\(s.variable.value)' must be sampled at 2 to \(RuleContext.maxGeneratedPoints) points, found \(s.points.value)",
                                  label: s.points.value < 2 ? "expected at least 2" : "too many points"))
        }
        if out.isEmpty, g.sampling.count > 1, RuleContext.gridSize(g) == nil, let last = g.sampling.last {
            let counts = g.sampling.map { "\($0.points.value)" }.joined(separator: " x ")
            out.append(Diagnostic(code, span: last.points.span,
                                  message: "the grid of generated points (\(counts)) is above the limit of \(RuleContext.maxGeneratedPoints)",
                                  label: "the grid is too large",
                                  notes: [DiagnosticNote("with several inputs the points are the Cartesian grid of each input's samples")]))
        }
        return out
    }
}
