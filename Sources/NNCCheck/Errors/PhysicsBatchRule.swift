import NNCDiagnostics
import NNCSpec

/// Observables and constraints are full-batch costs: `batch_size: full`.
public enum PhysicsBatchRule: Rule {
    public static let code: DiagnosticCode = .physicsMiniBatch
    public static let reads = ["training.batch_size", "data.observables", "training.constraints"]

    public static let triggering: [RuleExample] = [
        .physics("batch_size: full", "batch_size: ↓32"),
        .gluon([("batch_size: full", "batch_size: ↓32"),
                ("  seed: 42\n", "  seed: 42\n  constraints:\n    - positivity: {of: {xg: \"1\"}, at: {x: {logspace: [1.0e-3, 0.9], points: 20}}}\n")]),
    ]
    public static let nonTriggering: [RuleExample] = [
        .physics([]),
        .gluon("batch_size: full", "batch_size: 32"),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        let b = spec.training.batchSize
        guard case .size(let n) = b.value else { return [] }
        let observables = spec.data.observables.count
        let constraints = spec.training.constraints.count
        guard observables + constraints > 0 else { return [] }
        var what: [String] = []
        if observables > 0 { what.append(Finding.plural(observables, "observable")) }
        if constraints > 0 { what.append(Finding.plural(constraints, "constraint")) }
        return [Diagnostic(
            code, span: b.span, message: "the spec has \(what.joined(separator: " and ")), which need 'batch_size: full', found \(n)",
            label: "expected 'full'",
            notes: [DiagnosticNote("an observable's χ² couples all its points through the covariance, and a sum rule integrates over its whole grid: both are costs of the whole fit")],
            fixIt: FixIt(span: b.span, replacement: "full", message: "replace with 'full'"))]
    }
}
