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
    /// Specs on which the rule fires, with `↓` where each finding must start.
    static var triggering: [RuleExample] { get }
    /// Specs on which the rule must stay silent.
    static var nonTriggering: [RuleExample] { get }
    /// The rule's findings on a spec that decoded without error.
    static func check(_ spec: Spec, _ context: CheckContext) -> [Diagnostic]
}
