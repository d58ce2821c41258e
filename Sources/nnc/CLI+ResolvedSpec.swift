import NNCPlan
import NNCSpec

extension CLI {
    /// The resolved spec (every default filled in) to store in the plan file,
    /// as the front end renders it (`Spec+Resolved.swift`).
    static func resolvedSpec(_ spec: Spec) -> JSONValue? {
        JSONValue(any: spec.resolvedJSONObject())
    }
}
