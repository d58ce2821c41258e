/// How serious a finding is. Errors stop a build; warnings are reported by lint.
public enum Severity: String, Sendable, Codable, Comparable, CaseIterable {
    case note
    case warning
    case error

    private var rank: Int {
        switch self {
        case .note: return 0
        case .warning: return 1
        case .error: return 2
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A secondary message attached to a diagnostic, optionally pointing elsewhere.
public struct DiagnosticNote: Hashable, Sendable, Codable {
    public var message: String
    public var span: SourceSpan?

    public init(_ message: String, span: SourceSpan? = nil) {
        self.message = message
        self.span = span
    }
}

/// A suggested edit: replace the text of `span` by `replacement`.
public struct FixIt: Hashable, Sendable, Codable {
    public var span: SourceSpan
    public var replacement: String
    /// What the fix does, for humans ("replace 'tanhh' with 'tanh'").
    public var message: String

    public init(span: SourceSpan, replacement: String, message: String) {
        self.span = span
        self.replacement = replacement
        self.message = message
    }
}

/// One problem found in a user's input, as plain data. Every stage produces
/// these; `NNCDiagnostics` renders them in exactly one place.
public struct Diagnostic: Hashable, Sendable, Codable {
    public var code: DiagnosticCode
    public var severity: Severity
    public var span: SourceSpan
    public var message: String
    /// Short text printed under the carets ("did you mean 'tanh'?").
    public var label: String?
    public var notes: [DiagnosticNote]
    public var fixIt: FixIt?

    public init(
        _ code: DiagnosticCode,
        severity: Severity? = nil,
        span: SourceSpan,
        message: String,
        label: String? = nil,
        notes: [DiagnosticNote] = [],
        fixIt: FixIt? = nil
    ) {
        self.code = code
        self.severity = severity ?? code.defaultSeverity
        self.span = span
        self.message = message
        self.label = label
        self.notes = notes
        self.fixIt = fixIt
    }

    /// Position order, then code, so output is stable whatever order stages ran in.
    public static func ordered(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        if a.span != b.span { return a.span < b.span }
        if a.code != b.code { return a.code.rawValue < b.code.rawValue }
        return a.message < b.message
    }
}

extension Array where Element == Diagnostic {
    /// Sorted by position, duplicates removed.
    public func sortedForOutput() -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        return sorted(by: Diagnostic.ordered).filter { seen.insert($0).inserted }
    }

    public var hasErrors: Bool { contains { $0.severity == .error } }
}
