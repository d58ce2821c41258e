import NNCDiagnostics
import NNCSpec

/// Runs every rule over a decoded spec.
public enum Checker {
    /// Every error rule, in code order: the range rules (E03xx) run before the
    /// cross-field rules (E04xx), so a value a range rule judges wrong is not
    /// judged again by a rule that compares it (see `ErrorRule.judges`).
    /// A new rule is one file in `Errors/` and one line here.
    public static let rules: [any ErrorRule.Type] = [
        LayerWidthRule.self,
        LearningRateRule.self,
        DropoutRule.self,
        L2Rule.self,
        EpochsRule.self,
        BatchSizeRule.self,
        StoppingRule.self,
        ReplicasRule.self,
        SamplingPointsRule.self,
        SamplingRangeRule.self,
        NoiseRule.self,
        ValidationFractionRule.self,
        OptimizerParameterRule.self,
        WordParameterRule.self,
        OutputWidthRule.self,
        SoftmaxHiddenRule.self,
        SoftmaxLossRule.self,
        CategoricalOutputRule.self,
        SingleClassRule.self,
        BinaryOutputRule.self,
        StoppingValidationRule.self,
        Chi2SourceRule.self,
        CovarianceBatchRule.self,
        SamplingInputRule.self,
        SamplingMissingRule.self,
        LayerNameRule.self,
        // hyperopt (E08xx)
        HyperoptRangeRule.self,
        GridSamplerRule.self,
        HyperoptPathRule.self,
        HyperoptValueRule.self,
    ]

    /// The errors that stop a build (range and cross-field rules), unsorted.
    public static func errors(in spec: Spec) -> [Diagnostic] {
        errors(in: spec, poison: SpecPoison())
    }

    /// The errors in a spec recovered from decoding errors: rules that read a
    /// poisoned part are skipped (see `ErrorRule.reads`), so only problems
    /// independent of the decoding errors are reported.
    public static func errors(in recovered: RecoveredSpec) -> [Diagnostic] {
        errors(in: recovered.spec, poison: recovered.poison)
    }

    static func errors(in spec: Spec, poison: SpecPoison) -> [Diagnostic] {
        if poison.everything { return [] }
        let context = CheckContext(spec: spec, poison: poison)
        var filter = PoisonFilter(poison: poison, spec: spec)
        var out: [Diagnostic] = []
        for rule in rules {
            let verdict = filter.verdict(reads: rule.reads)
            if verdict == .skip { continue }
            let findings = filter.keep(rule.check(spec, context), verdict)
            out += findings
            filter.poison(rule.judges, by: findings)
        }
        return out
    }
}
