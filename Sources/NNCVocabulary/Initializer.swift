/// The weight initialisers of spec version 1; the formulas follow Keras's
/// (the normal ones truncated at two standard deviations).
public enum InitializerKind: String, VocabularyWord, Codable {
    case zeros
    case randomUniform = "random_uniform"
    case randomNormal = "random_normal"
    case glorotUniform = "glorot_uniform"
    case glorotNormal = "glorot_normal"
    case heUniform = "he_uniform"
    case heNormal = "he_normal"
    case lecunNormal = "lecun_normal"

    public static let noun = "initializer"

    public var parameters: [WordParameter] {
        switch self {
        case .randomUniform:
            return [WordParameter("limit", default: 0.05, range: .positive,
                summary: "Weights are uniform in [-limit, limit] (default 0.05).")]
        case .randomNormal:
            return [WordParameter("stddev", default: 0.05, range: .positive,
                summary: "Standard deviation of the normal weights (default 0.05).")]
        default:
            return []
        }
    }
}

/// An initialiser with its parameter resolved: `he_normal`, `{random_normal: {stddev: 0.05}}`.
public struct Initializer: Equatable, Hashable, Sendable, Codable {
    public var kind: InitializerKind
    /// `limit` of random_uniform or `stddev` of random_normal (defaults filled in); nil for the rest.
    public var scale: Double?

    public init(_ kind: InitializerKind, scale: Double? = nil) {
        self.kind = kind
        let parameter = kind.shorthandParameter
        self.scale = parameter == nil ? nil : (scale ?? parameter?.defaultValue)
    }

    /// The name of the scale parameter (`limit` or `stddev`), for words that take one.
    public var scaleName: String? { kind.shorthandParameter?.name }
}
