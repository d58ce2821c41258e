import NNCDiagnostics
import NNCSyntax

/// A value being decoded, with the key it was found under (for messages and
/// for pointing at `key:` when the value itself is empty).
struct Field {
    /// The key as the schema names it ("learning_rate"), or the list's name for an item.
    var name: String
    /// The span of the key, when the value came from a mapping entry.
    var keySpan: SourceSpan?
    var node: Node

    /// Where to point when the value is missing: the key, else the value.
    var anchor: SourceSpan { keySpan ?? node.reportSpan }

    /// The span of `key: value` (or of the value alone).
    var entrySpan: SourceSpan {
        guard let keySpan, keySpan.file == node.reportSpan.file else { return node.reportSpan }
        return keySpan.union(node.reportSpan)
    }
}

/// The entries of a mapping that passed the key checks, by key, in source order.
struct Fields {
    var entries: [String: Field] = [:]
    var order: [String] = []
    /// The span of the whole mapping node.
    var span: SourceSpan
    /// Where to report a key that is missing: the key that holds this mapping.
    var anchor: SourceSpan
    /// Known keys that an unknown key here was probably meant to be: a check
    /// that needs one of them stays silent, the unknown key already says it.
    var meant: Set<String> = []

    subscript(key: String) -> Field? { entries[key] }

    func has(_ key: String) -> Bool { entries[key] != nil }
}
