import NNCDiagnostics
import NNCSpec

/// One rule that stops a build, in its own file with its examples.
///
/// The examples are the rule's tests (`NNCCheckTests` runs them all): each
/// triggering example must produce a finding with the rule's code at every
/// `↓` marker, and no non-triggering example may produce one.
public protocol ErrorRule {
    /// The rule's code; documented in `Catalogue+Check.swift`.
    static var code: DiagnosticCode { get }
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
    static func check(_ spec: Spec, _ context: CheckContext) -> [Diagnostic]
}

extension ErrorRule {
    public static var judges: [String] { [] }
}
