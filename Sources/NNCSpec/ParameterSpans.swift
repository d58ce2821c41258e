import NNCDiagnostics

/// Where each parameter of a compound value (an optimizer's `learning_rate`,
/// stopping's `patience`) was written, so a check can point at the number
/// itself. Equality and hashing ignore it, like `Located`'s span.
public struct ParameterSpans: Hashable, Sendable {
    private var spans: [String: SourceSpan] = [:]

    public init() {}

    /// The span of the value written for the spec key `key`, nil when defaulted.
    public subscript(key: String) -> SourceSpan? {
        get { spans[key] }
        set { spans[key] = newValue }
    }

    public static func == (_: ParameterSpans, _: ParameterSpans) -> Bool { true }

    public func hash(into _: inout Hasher) {}
}
