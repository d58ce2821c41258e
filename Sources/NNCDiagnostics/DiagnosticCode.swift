/// A stable diagnostic code such as `E0201` or `W0301`. Codes are never reused.
///
/// Each code is written once, as a named constant beside its catalogue entry
/// (`DiagnosticCode.unknownActivation`); everything else uses the name.
///
/// Ranges (each stage owns one; its entries live in `Catalogue+<Stage>.swift`):
/// - E00xx: files and YAML syntax (NNCSyntax)
/// - E01xx: spec structure: missing / unknown keys, wrong types, includes (NNCSpec)
/// - E02xx: vocabulary: activations, initialisers, losses, optimisers (NNCSpec)
/// - E03xx: values out of range (NNCCheck)
/// - E04xx: cross-field rules (NNCCheck)
/// - E05xx: data files and the truth expression (NNCSpec, NNCCheck)
/// - E06xx: lowering and resources (NNCPlan)
/// - E07xx: run-time input: weights, checkpoints, training (NNCTrain)
/// - E08xx: hyperparameter search: the hyperopt block (NNCSpec, NNCCheck), the study store (NNCStudy)
/// - E10xx: physics: observables, constraints, preprocessing, expect (NNCSpec, NNCCheck)
/// - W0xxx: lint warnings (NNCCheck rules), W09xx: lint's own findings (NNCLint)
public struct DiagnosticCode: Hashable, Sendable, Codable, Comparable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public var rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public init(from decoder: Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    public var description: String { rawValue }

    public static func < (a: DiagnosticCode, b: DiagnosticCode) -> Bool { a.rawValue < b.rawValue }

    /// Errors for `E` codes, warnings for `W` codes.
    public var defaultSeverity: Severity { rawValue.hasPrefix("W") ? .warning : .error }

    /// The catalogue entry, if the code is documented.
    public var info: CodeInfo? { Catalogue.entry(for: self) }
}

/// The long form of a code, shown by `nnc explain CODE` and in SARIF rules.
public struct CodeInfo: Sendable {
    public var code: DiagnosticCode
    /// One line: what the code is about ("unknown activation").
    public var title: String
    /// Several paragraphs: what went wrong, why it matters, an example and the fix.
    public var explanation: String

    public init(_ code: DiagnosticCode, _ title: String, _ explanation: String) {
        self.code = code
        self.title = title
        self.explanation = explanation
    }
}

/// Every documented code. Each stage contributes its entries from its own file
/// (`Catalogue+Syntax.swift`, ...) through a static array listed in `sections`.
public enum Catalogue {
    public static var all: [CodeInfo] {
        sections.flatMap { $0 }.sorted { $0.code < $1.code }
    }

    public static func entry(for code: DiagnosticCode) -> CodeInfo? {
        index[code]
    }

    private static let index: [DiagnosticCode: CodeInfo] = {
        var d: [DiagnosticCode: CodeInfo] = [:]
        for e in sections.joined() { d[e.code] = e }
        return d
    }()
}
