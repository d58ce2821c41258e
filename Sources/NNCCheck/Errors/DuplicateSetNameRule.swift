import NNCDiagnostics
import NNCSpec

/// Data sets have distinct names, and so have constraints (defaulted names
/// `sum_rule_<i>` / `positivity_<i>` included).
public enum DuplicateSetNameRule: Rule {
    public static let code: DiagnosticCode = .duplicateSetName
    public static let reads = ["data.observables.items", "training.constraints.items"]

    public static let triggering: [RuleExample] = [
        .physics("    - name: F2-closure", "    - name: ↓F2"),
        .physics("threshold: 1.0e-6}", "threshold: 1.0e-6, name: ↓sum_rule_0}"),
    ]
    public static let nonTriggering: [RuleExample] = [
        // A data set and a constraint may share a name: they are named in different places.
        .physics("equals: 2.0, weight: 100}", "equals: 2.0, weight: 100, name: F2}"),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        duplicates(spec.data.observables.map(\.name), what: "data set", where: "observables")
            + duplicates(spec.training.constraints.map(\.name), what: "constraint", where: "constraints")
    }

    static func duplicates(_ names: [Located<String>], what: String, where list: String) -> [Diagnostic] {
        var first: [String: Located<String>] = [:]
        var out: [Diagnostic] = []
        for n in names {
            guard let earlier = first[n.value] else {
                first[n.value] = n
                continue
            }
            out.append(Diagnostic(
                code, span: n.span, message: "two \(what)s in '\(list)' are named '\(n.value)'",
                label: "duplicate name",
                notes: [DiagnosticNote("the first is here", span: earlier.span),
                        DiagnosticNote("a \(what)'s name labels it in reports" + (what == "constraint" ? " and under 'expect: {constraints: ...}'; unnamed ones are sum_rule_<i> or positivity_<i>" : ""))]))
        }
        return out
    }
}
