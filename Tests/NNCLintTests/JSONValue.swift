import Foundation
import NNCSyntax

/// A JSON value, for the schema tests: the schema document and specs
/// converted from YAML both become these, so types are never ambiguous.
indirect enum JSONValue: Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// From the Swift values `JSONSerialization` accepts (as `SpecSchema.document` builds them).
    init(any value: Any) {
        switch value {
        case is NSNull: self = .null
        case let b as Bool where type(of: value) == Bool.self: self = .bool(b)
        case let i as Int: self = .int(i)
        case let d as Double: self = .double(d)
        case let s as String: self = .string(s)
        case let a as [Any]: self = .array(a.map { JSONValue(any: $0) })
        case let o as [String: Any]: self = .object(o.mapValues { JSONValue(any: $0) })
        default: self = .string("\(value)")
        }
    }

    /// From a located YAML node, typing plain scalars by the YAML 1.2 core
    /// schema, as the YAML language server reads them.
    init(yaml node: Node) {
        switch node.kind {
        case .mapping(let entries):
            var o: [String: JSONValue] = [:]
            for e in entries { o[e.key.scalar?.value ?? e.key.description] = JSONValue(yaml: e.value) }
            self = .object(o)
        case .sequence(let items):
            self = .array(items.map { JSONValue(yaml: $0) })
        case .scalar(let s):
            self = s.style == .plain ? Self.core(s.value) : .string(s.value)
        }
    }

    static func core(_ text: String) -> JSONValue {
        if ["", "~", "null", "Null", "NULL"].contains(text) { return .null }
        if ["true", "True", "TRUE"].contains(text) { return .bool(true) }
        if ["false", "False", "FALSE"].contains(text) { return .bool(false) }
        if text.range(of: #"^[-+]?[0-9]+$"#, options: .regularExpression) != nil, let i = Int(text) { return .int(i) }
        if text.range(of: #"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$"#, options: .regularExpression) != nil,
            let d = Double(text)
        {
            return .double(d)
        }
        if [".inf", ".Inf", ".INF", "+.inf"].contains(text) { return .double(.infinity) }
        if ["-.inf", "-.Inf", "-.INF"].contains(text) { return .double(-.infinity) }
        if [".nan", ".NaN", ".NAN"].contains(text) { return .double(.nan) }
        return .string(text)
    }

    var number: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }
}
