import Foundation

/// Any JSON value, for the resolved spec embedded in a plan file: written with
/// sorted keys like the rest of the file. A whole number written from a double
/// (`1.0`) reads back as `.int`; use `doubleValue` to read any number.
public enum JSONValue: Codable, Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Converts what `JSONSerialization` or a hand-built `[String: Any]` holds; nil for anything else.
    public init?(any value: Any) {
        switch value {
        case is NSNull: self = .null
        case let v as JSONValue: self = v
        case let v as Bool where type(of: value) == Bool.self: self = .bool(v)
        case let v as Int: self = .int(v)
        case let v as Double: self = .double(v)
        case let v as String: self = .string(v)
        case let v as [Any]:
            var items: [JSONValue] = []
            for item in v {
                guard let j = JSONValue(any: item) else { return nil }
                items.append(j)
            }
            self = .array(items)
        case let v as [String: Any]:
            var members: [String: JSONValue] = [:]
            for (k, item) in v {
                guard let j = JSONValue(any: item) else { return nil }
                members[k] = j
            }
            self = .object(members)
        default: return nil
        }
    }

    /// The value of `.int` or `.double` as a double; nil for the rest.
    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    /// The member `key` of an object; nil for the rest.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: Decoder) throws {
        if let c = try? decoder.container(keyedBy: Key.self) {
            var members: [String: JSONValue] = [:]
            for key in c.allKeys { members[key.stringValue] = try c.decode(JSONValue.self, forKey: key) }
            self = .object(members)
        } else if var c = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !c.isAtEnd { items.append(try c.decode(JSONValue.self)) }
            self = .array(items)
        } else {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() {
                self = .null
            } else if let b = try? c.decode(Bool.self) {
                self = .bool(b)
            } else if let i = try? c.decode(Int.self) {
                self = .int(i)
            } else if let d = try? c.decode(Double.self) {
                self = .double(d)
            } else {
                self = .string(try c.decode(String.self))
            }
        }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .null:
            var c = encoder.singleValueContainer()
            try c.encodeNil()
        case .bool(let b):
            var c = encoder.singleValueContainer()
            try c.encode(b)
        case .int(let i):
            var c = encoder.singleValueContainer()
            try c.encode(i)
        case .double(let d):
            var c = encoder.singleValueContainer()
            try c.encode(d)
        case .string(let s):
            var c = encoder.singleValueContainer()
            try c.encode(s)
        case .array(let items):
            var c = encoder.unkeyedContainer()
            for item in items { try c.encode(item) }
        case .object(let members):
            var c = encoder.container(keyedBy: Key.self)
            for (k, v) in members { try c.encode(v, forKey: Key(stringValue: k)) }
        }
    }
}
