import NNCDiagnostics

/// A node of the located YAML tree: a mapping, a sequence or a scalar, with
/// the span of the whole node (start and end). Aliases are already resolved
/// (an alias node is a copy of its anchor's node, carrying the alias's span in
/// `aliasSpan`), and `<<` merge keys are already applied.
public struct Node: Sendable, CustomStringConvertible {
    public indirect enum Kind: Sendable {
        case scalar(Scalar)
        case mapping([MappingEntry])
        case sequence([Node])
    }

    public var kind: Kind
    /// Where the node's text is, start inclusive, end exclusive.
    public var span: SourceSpan
    /// The node's explicit tag (`!!str`, `!custom`), if any.
    public var tag: String?
    /// Where an alias (`*name`) that produced this node was written, if it came from one.
    public var aliasSpan: SourceSpan?

    public init(kind: Kind, span: SourceSpan, tag: String? = nil, aliasSpan: SourceSpan? = nil) {
        self.kind = kind
        self.span = span
        self.tag = tag
        self.aliasSpan = aliasSpan
    }

    /// The span to point at when reporting on this node: the alias if it came from one.
    public var reportSpan: SourceSpan { aliasSpan ?? span }

    public var scalar: Scalar? {
        if case .scalar(let s) = kind { return s }
        return nil
    }

    public var mapping: [MappingEntry]? {
        if case .mapping(let m) = kind { return m }
        return nil
    }

    public var sequence: [Node]? {
        if case .sequence(let s) = kind { return s }
        return nil
    }

    /// "a mapping", "a sequence", "a string", "a number", ... for messages.
    public var kindDescription: String {
        switch kind {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let s): return s.kindDescription
        }
    }

    /// The value for a scalar key in a mapping node (first match).
    public subscript(key: String) -> Node? {
        mapping?.first { $0.key.scalar?.value == key }?.value
    }

    public var description: String {
        switch kind {
        case .scalar(let s): return s.value
        case .sequence(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .mapping(let entries):
            return "{" + entries.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}

/// One `key: value` pair of a mapping, in source order.
public struct MappingEntry: Sendable {
    public var key: Node
    public var value: Node

    public init(key: Node, value: Node) {
        self.key = key
        self.value = value
    }
}

/// A scalar exactly as written: the text and how it was quoted. Typing is
/// left to the decoder, which knows what each place in the schema wants.
public struct Scalar: Sendable, Hashable {
    public enum Style: String, Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    public var value: String
    public var style: Style

    public init(_ value: String, style: Style = .plain) {
        self.value = value
        self.style = style
    }

    /// True for a plain scalar that YAML 1.2 core schema reads as null (`~`, `null`, empty).
    public var isNull: Bool {
        style == .plain && ["", "~", "null", "Null", "NULL"].contains(value)
    }

    /// What the scalar would be read as by a schema-less YAML reader, for messages.
    public var kindDescription: String {
        guard style == .plain else { return "a string" }
        if isNull { return "null" }
        if ["true", "false", "True", "False", "TRUE", "FALSE", "yes", "no", "on", "off"].contains(value) {
            return "a boolean"
        }
        if Int(value) != nil { return "an integer" }
        if Double(value) != nil { return "a number" }
        return "a string"
    }
}

/// The result of parsing one file: the root (nil when the file is empty or
/// unreadable as YAML) and every problem found on the way.
public struct ParsedDocument: Sendable {
    public var file: SourceFile
    public var root: Node?
    public var diagnostics: [Diagnostic]

    public init(file: SourceFile, root: Node?, diagnostics: [Diagnostic]) {
        self.file = file
        self.root = root
        self.diagnostics = diagnostics
    }
}
