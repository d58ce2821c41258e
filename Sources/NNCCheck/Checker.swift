import NNCDiagnostics
import NNCSpec

/// Runs every rule over a decoded spec.
public enum Checker {
    /// Every error rule, in code order. A new rule is one file in `Errors/` and one line here.
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
        SamplingInputRule.self,
        SamplingMissingRule.self,
        LayerNameRule.self,
    ]

    /// The errors that stop a build (range and cross-field rules), unsorted.
    public static func errors(in spec: Spec) -> [Diagnostic] {
        let context = CheckContext(spec: spec)
        return rules.flatMap { $0.check(spec, context) }
    }
}
