/// The resolved spec as a flat list of fields, for comparing two specs field
/// by field (a checkpoint's and a resumed run's).
extension Spec {
    /// Every leaf of the resolved spec in its YAML order, as a dotted path
    /// (`training.optimizer.adam.learning_rate`, `network.layers[1].dense`)
    /// and the value as the resolved YAML writes it. Lists of plain values
    /// are one field (`inputs` → `["x", "log(x)"]`).
    public func resolvedFields() -> [(path: String, value: String)] {
        var out: [(path: String, value: String)] = []
        Self.flatten(resolved(forJSON: false), prefix: "", into: &out)
        return out
    }

    private static func flatten(_ value: ResolvedValue, prefix: String, into out: inout [(path: String, value: String)]) {
        switch value {
        case .map(let entries, _):
            for (key, v) in entries { flatten(v, prefix: prefix.isEmpty ? key : prefix + "." + key, into: &out) }
        case .list(let items) where items.contains(where: \.isContainer):
            for (i, v) in items.enumerated() { flatten(v, prefix: prefix + "[\(i)]", into: &out) }
        case .commented(let v, let names):
            out.append((prefix, "\(v) (\(names))"))
        default:
            out.append((prefix, value.inline))
        }
    }
}

extension ResolvedValue {
    fileprivate var isContainer: Bool {
        switch self {
        case .map, .list: return true
        default: return false
        }
    }
}
