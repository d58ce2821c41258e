import NNCDiagnostics
import NNCSpec

/// chi2 knows where its uncertainties come from.
///
/// chi2 = sum(((y - f) / sigma)^2) needs a sigma per point: from the noise
/// model of generated data (`loss: chi2` with `noise` above 0), from a column
/// of the training CSV (`{chi2: {uncertainty: dy}}`), or from a covariance
/// matrix (`{chi2: {covariance: cov.csv}}`).
public enum Chi2SourceRule: Rule {
    public static let code: DiagnosticCode = .chi2WithoutUncertainties
    public static let reads = ["training.loss", "data.generate.noise", "data.train"]

    public static let triggering: [RuleExample] = [
        .gluon([("noise: {relative: 0.05}", "noise: {relative: 0}"), ("loss: mse", "loss: ↓chi2")]),
        .gluon([("    noise: {relative: 0.05}\n", ""), ("loss: mse", "loss: ↓chi2")]),
        .gluon("loss: mse", "loss: {chi2: {uncertainty: ↓dxg}}"),
        .classifier([("loss: categorical_crossentropy", "loss: ↓chi2"), ("activation: softmax", "activation: linear")]),
    ]
    public static let nonTriggering: [RuleExample] = [
        .gluon("loss: mse", "loss: chi2"),
        .classifier([("loss: categorical_crossentropy", "loss: {chi2: {uncertainty: a}}"), ("activation: softmax", "activation: linear")]),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        let loss = spec.training.loss
        guard let source = loss.value.chi2 else { return [] }
        switch (source, spec.data.source) {
        case (.noiseModel, .csv):
            return [Diagnostic(code, span: loss.span, message: "chi2 on CSV data needs the uncertainty of each point",
                               label: "no uncertainties given",
                               notes: [DiagnosticNote("name the column that holds them: loss: {chi2: {uncertainty: dy}}"),
                                       DiagnosticNote("or give a covariance matrix: loss: {chi2: {covariance: cov.csv}}")])]
        case (.noiseModel, .generate(let g)):
            guard let noise = g.noise, noise.value.scale > 0 else {
                return [Diagnostic(code, span: loss.span, message: "chi2 on generated data divides by the noise, but the data has no noise",
                                   label: "sigma would be 0",
                                   notes: [DiagnosticNote("add noise under generate: noise: {relative: 0.05}"),
                                           DiagnosticNote("or use mse for exact pseudo-data")])]
            }
            return []
        case (.column(let c), .generate):
            return [Diagnostic(code, span: c.span, message: "chi2 takes the uncertainties from the column '\(c.value)', but the data is generated",
                               label: "generated data has no columns",
                               notes: [DiagnosticNote("with generated data, chi2 uses the noise model: write just 'loss: chi2'")],
                               fixIt: FixIt(span: loss.span, replacement: "chi2", message: "replace with 'chi2'"))]
        default:
            return []
        }
    }
}
