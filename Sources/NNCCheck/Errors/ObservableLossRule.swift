import NNCDiagnostics
import NNCSpec

/// Losses that cannot be combined with observables: cross-entropy, and chi2
/// with a covariance of the plain points; without plain points, a chi2 that
/// names a part of them.
public enum ObservableLossRule: Rule {
    public static let code: DiagnosticCode = .observableLoss
    public static let reads = ["training.loss", "data.observables", "data.train", "data.generate"]

    public static let triggering: [RuleExample] = [
        .physics("loss: chi2", "loss: ↓categorical_crossentropy"),
        .physics("loss: chi2", "loss: {chi2: {uncertainty: ↓dy}}"),
        .physics([("loss: chi2", "loss: {chi2: {covariance: ↓plain-cov.csv}}"),
                  ("  observables:\n", "  train: {csv: plain.csv}\n  observables:\n")],
                 files: ["plain.csv": "x,f\n0.2,1\n0.4,2\n", "plain-cov.csv": "1,0\n0,1\n"]),
    ]
    public static let nonTriggering: [RuleExample] = [
        .physics([]),
        .physics("loss: chi2", "loss: mse"),
        .physics([("loss: chi2", "loss: {chi2: {uncertainty: df}}"),
                  ("  observables:\n", "  train: {csv: plain.csv}\n  observables:\n")],
                 files: ["plain.csv": "x,f,df\n0.2,1,0.1\n0.4,2,0.1\n"]),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        guard let first = spec.data.observables.first else { return [] }
        let loss = spec.training.loss
        let here = DiagnosticNote("the observables start here", span: first.name.span)
        switch loss.value.kind {
        case .binaryCrossentropy, .categoricalCrossentropy:
            return [Diagnostic(
                code, span: loss.span, message: "\(loss.value.kind.rawValue) cannot be used with observables",
                label: "observables are fitted by χ²",
                notes: [DiagnosticNote("an observable's cost is χ² with its covariance; a classifier loss cannot be added to it"), here])]
        default:
            break
        }
        let plain: Bool
        if case .none = spec.data.source { plain = false } else { plain = true }
        switch loss.value.chi2 {
        case .covariance(let c)? where plain:
            return [Diagnostic(
                code, span: c.path.span, message: "chi2 with a covariance of the plain data points is not supported together with observables",
                label: "a second full covariance",
                notes: [DiagnosticNote("give the plain points per-point uncertainties instead: loss: {chi2: {uncertainty: COLUMN}}"), here])]
        case .covariance(let c)? where !plain:
            return [Diagnostic(
                code, span: c.path.span, message: "chi2 names a covariance of plain data points, but the spec has only observables",
                label: "no plain data points",
                notes: [DiagnosticNote("each observable has its own covariance; write just 'loss: chi2'"), here],
                fixIt: FixIt(span: loss.span, replacement: "chi2", message: "replace with 'chi2'"))]
        case .column(let c)? where !plain:
            return [Diagnostic(
                code, span: c.span, message: "chi2 names an uncertainty column of plain data points, but the spec has only observables",
                label: "no plain data points",
                notes: [DiagnosticNote("each observable has its own uncertainties; write just 'loss: chi2'"), here],
                fixIt: FixIt(span: loss.span, replacement: "chi2", message: "replace with 'chi2'"))]
        default:
            return []
        }
    }
}
