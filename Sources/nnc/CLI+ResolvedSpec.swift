import NNCPlan
import NNCSpec

extension CLI {
    /// The resolved spec (every default filled in) to store in the plan file.
    ///
    /// RESOLVED-SPEC SPOT: the front end's `Spec+Resolved.swift` renders it; until
    /// that has landed, plan files are written with `"spec": null`.
    static func resolvedSpec(_ spec: Spec) -> JSONValue? {
        nil
    }
}
