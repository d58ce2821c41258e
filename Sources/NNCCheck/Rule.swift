import NNCDiagnostics
import NNCSpec

/// One rule over the typed spec, in its own file with its examples: an error
/// that stops a build (`Errors/`, E03xx–E04xx) or a warning that lint reports
/// (`Warnings/`, W0xxx). Its severity is its code's.
///
/// The examples are the rule's tests (`RuleExampleTests` runs them all): a
/// triggering example gives findings of the rule's code exactly at its `↓`
/// markers, a non-triggering example none, and every example is otherwise a
/// valid spec. A rule is listed once in `Checker.rules`; a test checks that
/// every rule file is.
public protocol Rule {
    /// The rule's code; documented in the catalogue.
    static var code: DiagnosticCode { get }
    /// A short kebab-case name ("output-dropout").
    static var name: String { get }
    /// One paragraph on why the rule exists; the long form with thresholds is
    /// the code's `nnc explain` text.
    static var rationale: String { get }
    /// Every part of the spec the rule reads, as `SpecPoison` paths (`*` for
    /// every layer, `last` for the last one). When a part failed to decode the
    /// rule does not run (or, for one layer of `*`, its findings in that layer
    /// are dropped): it would be judging a stand-in, not what the user wrote.
    static var reads: [String] { get }
    /// Parts the rule's findings declare wrong (`*`: the layer a finding is
    /// in). Rules after it that read them are skipped, so one bad value is
    /// reported once: a width of 0 is not also an output-width mismatch.
    static var judges: [String] { get }
    /// Specs on which the rule fires, with `↓` where each finding must start.
    static var triggering: [RuleExample] { get }
    /// Specs on which the rule must stay silent.
    static var nonTriggering: [RuleExample] { get }
    /// The rule's findings on a spec whose parts in `reads` decoded without error.
    static func check(_ spec: Spec, _ context: RuleContext) -> [Diagnostic]
}

extension Rule {
    /// Errors for `E` codes, warnings for `W` codes.
    public static var severity: Severity { code.defaultSeverity }

    public static var judges: [String] { [] }

    /// The type's name without "Rule", in kebab case: `OutputWidthRule` is "output-width".
    public static var name: String {
        var words = String(describing: Self.self)
        if words.hasSuffix("Rule") { words.removeLast(4) }
        var out = ""
        for (i, c) in words.enumerated() {
            if c.isUppercase && i > 0 { out += "-" }
            out += c.lowercased()
        }
        return out
    }

    /// The catalogue's title of the code.
    public static var rationale: String { code.info?.title ?? "" }

    /// A finding of this rule at `span`.
    static func finding(
        at span: SourceSpan, _ message: String, label: String? = nil, notes: [DiagnosticNote] = [], fixIt: FixIt? = nil
    ) -> Diagnostic {
        Diagnostic(code, span: span, message: message, label: label, notes: notes, fixIt: fixIt)
    }
}
