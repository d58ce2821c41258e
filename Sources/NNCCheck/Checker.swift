import NNCDiagnostics
import NNCSpec

/// Runs every rule over a decoded spec.
public enum Checker {
    /// Every rule, errors then warnings, each in code order: the range rules
    /// (E03xx) run before the cross-field rules (E04xx), so a value a range
    /// rule judges wrong is not judged again by a rule that compares it (see
    /// `Rule.judges`). A new rule is one file in `Errors/` or `Warnings/` and
    /// one line here (physics rules, E10xx, are in `Physics/`); a test checks
    /// that every rule file is listed.
    public static let rules: [any Rule.Type] = [
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
        // Physics (E10xx): observables, constraints, preprocessing, expect.
        ContradictoryRangeRule.self,
        PreprocessingInputRule.self,
        PreprocessingDomainRule.self,
        ConstraintOutputRule.self,
        DuplicateSetNameRule.self,
        PhysicsValueRule.self,
        MultiplierScheduleRule.self,
        ExpectFigureRule.self,
        PhysicsBatchRule.self,
        ObservableValidationRule.self,
        ObservableLossRule.self,
        ExpressionDomainRule.self,
        ConstraintGridRule.self,

        DeepSaturatingStackRule.self,
        HeInitSaturatingRule.self,
        GlorotDeepReLURule.self,
        ZerosHiddenInitRule.self,
        SELUInitRule.self,
        BoundedOutputRegressionRule.self,
        OutputDropoutRule.self,
        LearningRateRangeRule.self,
        EpochRangeRule.self,
        LargeBatchRule.self,
        OverparameterisedRule.self,
    ]

    /// The rule with `code`, if there is one.
    public static func rule(for code: DiagnosticCode) -> (any Rule.Type)? {
        rules.first { $0.code == code }
    }

    /// The errors that stop a build (range and cross-field rules), unsorted.
    public static func errors(in spec: Spec) -> [Diagnostic] {
        errors(in: spec, poison: SpecPoison())
    }

    /// The errors in a spec recovered from decoding errors: rules that read a
    /// poisoned part are skipped (see `Rule.reads`), so only problems
    /// independent of the decoding errors are reported.
    public static func errors(in recovered: RecoveredSpec) -> [Diagnostic] {
        errors(in: recovered.spec, poison: recovered.poison)
    }

    static func errors(in spec: Spec, poison: SpecPoison) -> [Diagnostic] {
        if poison.everything { return [] }
        let context = RuleContext(spec: spec, poison: poison)
        var filter = PoisonFilter(poison: poison, spec: spec)
        var out: [Diagnostic] = []
        for rule in rules where rule.severity == .error {
            let verdict = filter.verdict(reads: rule.reads)
            if verdict == .skip { continue }
            let findings = filter.keep(rule.check(spec, context), verdict)
            out += findings
            filter.poison(rule.judges, by: findings)
        }
        return out
    }

    /// The error rules that read a part of the spec at `changed` (paths as
    /// `Rule.reads` and `SpecPoison` name them; a rule reads a part when one
    /// path is a prefix of the other, as for poison). For a spec that passed
    /// `errors(in:)` and then changed only there — a search's trial that
    /// differs from an earlier one in its optimiser's numbers — these find
    /// every error it can have (`errors(in:by:)`). Worth keeping for many
    /// specs that change at the same place: matching the paths costs more
    /// than the rules.
    public static func errorRules(reading changed: [String], in spec: Spec) -> [any Rule.Type] {
        var marked = SpecPoison()
        for path in changed { marked.insert(path, span: spec.span) }
        let touched = PoisonFilter(poison: marked, spec: spec)
        return rules.filter { $0.severity == .error && touched.verdict(reads: $0.reads) != .run }
    }

    /// The findings of `rules` on `spec`, judged with `context` (by default
    /// the spec's own; a caller that changed a spec where `rules` read, and
    /// nothing the context's facts come from, may pass the earlier spec's).
    public static func errors(in spec: Spec, by rules: [any Rule.Type], context: RuleContext? = nil) -> [Diagnostic] {
        let context = context ?? RuleContext(spec: spec)
        return rules.flatMap { $0.check(spec, context) }
    }

    /// The warnings of lint's rules of thumb on a spec without errors (a rule
    /// of thumb about an invalid value would be noise), with what `context`
    /// knows about the data. Unsorted.
    public static func warnings(in context: RuleContext) -> [Diagnostic] {
        rules.filter { $0.severity == .warning }.flatMap { $0.check(context.spec, context) }
    }

    /// The warnings on `spec`, with what the spec alone tells about its data.
    public static func warnings(in spec: Spec) -> [Diagnostic] {
        warnings(in: RuleContext(spec: spec))
    }
}
