import NNCDiagnostics

/// A value decoded from the spec with the source range it came from.
/// Equality and hashing ignore the range: two specs that say the same thing are equal.
public struct Located<Value>: CustomStringConvertible {
    public var value: Value
    public var span: SourceSpan

    public init(_ value: Value, span: SourceSpan) {
        self.value = value
        self.span = span
    }

    public var description: String { "\(value)" }
}

extension Located: Equatable where Value: Equatable {
    public static func == (a: Located, b: Located) -> Bool { a.value == b.value }
}

extension Located: Hashable where Value: Hashable {
    public func hash(into h: inout Hasher) { h.combine(value) }
}

extension Located: Sendable where Value: Sendable {}
