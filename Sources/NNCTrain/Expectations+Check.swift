import NNCDiagnostics
import NNCSpec

extension Expectations {
    /// A diagnostic at each `expect:` entry whose figure, measured from the
    /// finished run, is outside its condition (E0721), or that the run could
    /// not measure. Figures over replicas are means over the complete replicas
    /// (finished or stopped early; not failed, interrupted or not started).
    public func check(_ summary: RunSummary) -> [Diagnostic] {
        entries.compactMap { e in
            let value = Self.measure(e.metric.value, summary)
            let condition = e.condition.value
            guard let value else {
                return Diagnostic(
                    .expectationNotMet, span: e.metric.span,
                    message: "the run did not measure \(e.metric.value.key), which expect: asks to be \(condition.phrase)",
                    notes: [DiagnosticNote("closure figures need observables made from a truth and two or more replicas; best_val_loss needs a validation set")])
            }
            guard !condition.holds(value) else { return nil }
            return Diagnostic(
                .expectationNotMet, span: e.condition.span,
                message: "\(e.metric.value.key) is \(Self.show(value)), expected \(condition.phrase)",
                label: "measured \(Self.show(value))",
                notes: [DiagnosticNote(Self.basis(e.metric.value, summary))])
        }
    }

    /// The value of `metric` in the run; nil when the run has none.
    public static func measure(_ metric: ExpectMetric, _ summary: RunSummary) -> Double? {
        let kept = summary.complete
        func mean(_ values: [Double]) -> Double? {
            values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
        }
        switch metric {
        case .bestValidationLoss: return mean(kept.compactMap(\.bestValidationLoss))
        case .finalTrainLoss: return mean(kept.compactMap(\.finalTrainLoss))
        case .accuracy: return mean(kept.compactMap { $0.weightsValidationAccuracy ?? $0.finalValidationAccuracy ?? $0.finalTrainAccuracy })
        case .constraint(let name): return mean(kept.compactMap { $0.constraints?[name] })
        case .closure(let figure):
            guard let c = summary.closure else { return nil }
            switch figure {
            case .bias: return c.bias
            case .variance: return c.variance
            case .biasVarianceRatio: return c.biasVarianceRatio
            case .xi1Sigma: return c.xi1Sigma
            case .chi2ToTruth: return c.chi2ToTruth
            }
        }
    }

    static func basis(_ metric: ExpectMetric, _ summary: RunSummary) -> String {
        let kept = summary.complete.count
        switch metric {
        case .closure(let f):
            return "closure over \(summary.closure?.points ?? 0) data points and \(summary.closure?.replicas ?? 0) replicas (\(f.rawValue))"
        default:
            return kept == 1 ? "measured on the one fit" : "the mean over \(kept) replicas"
        }
    }

    static func show(_ v: Double) -> String {
        if v.isNaN { return "nan" }
        let text = String(format: "%.6g", v)
        return text
    }
}
