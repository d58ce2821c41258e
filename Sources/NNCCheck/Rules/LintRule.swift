import NNCDiagnostics
import NNCSpec

/// A warning rule: one rule of thumb from the theory of training, checked on a
/// decoded spec. Each rule lives in its own file with its code, its rationale
/// and examples that trigger it and examples that don't; the examples are its
/// tests (`RuleExampleTests` runs every rule's examples).
///
/// Rules report only what the checker does not: a spec the checker rejects for
/// a reason never gets a warning for the same reason.
public protocol LintRule: Sendable {
    /// The code, name, rationale and examples.
    static var description: RuleDescription { get }

    /// Every finding of this rule in the spec of `context`, each at the value that causes it.
    func check(_ context: RuleContext) -> [Diagnostic]
}

extension LintRule {
    public var description: RuleDescription { Self.description }

    /// A finding of this rule.
    func finding(
        at span: SourceSpan, _ message: String, label: String? = nil, notes: [DiagnosticNote] = []
    ) -> Diagnostic {
        Diagnostic(Self.description.code, span: span, message: message, label: label, notes: notes)
    }
}

/// What a rule is: the stable code, a short kebab-case name, one paragraph of
/// rationale (the long form with thresholds is the code's `nnc explain` text),
/// and examples. In a triggering example each `↓` marks where a finding must start.
public struct RuleDescription: Sendable {
    public var code: DiagnosticCode
    public var name: String
    public var rationale: String
    public var triggeringExamples: [WarningExample]
    public var nonTriggeringExamples: [WarningExample]

    public init(
        code: DiagnosticCode, name: String, rationale: String,
        triggeringExamples: [WarningExample], nonTriggeringExamples: [WarningExample]
    ) {
        self.code = code
        self.name = name
        self.rationale = rationale
        self.triggeringExamples = triggeringExamples
        self.nonTriggeringExamples = nonTriggeringExamples
    }
}
