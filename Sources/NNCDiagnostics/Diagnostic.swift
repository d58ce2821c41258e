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
    /// Further problems of the same file that were counted but not kept (a
    /// reader stops collecting after a few, since one systematic mistake
    /// repeats on every row). Counts include them, so "13 errors" stays true
    /// when only 10 are shown.
    public var omitted: Int

    public init(
        _ code: DiagnosticCode,
        severity: Severity? = nil,
        span: SourceSpan,
        message: String,
        label: String? = nil,
        notes: [DiagnosticNote] = [],
        fixIt: FixIt? = nil,
        omitted: Int = 0
    ) {
        self.code = code
        self.severity = severity ?? code.defaultSeverity
        self.span = span
        self.message = message
        self.label = label
        self.notes = notes
        self.fixIt = fixIt
        self.omitted = omitted
    }

    /// How many problems this diagnostic counts for: itself and those it stands for.
    public var count: Int { 1 + omitted }

    /// "3 more problems in 'd.csv' not shown", when this diagnostic stands for others.
    public var omittedNote: String? {
        guard omitted > 0 else { return nil }
        return "\(omitted) more problem\(omitted == 1 ? "" : "s") in '\(span.file)' not shown"
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

    /// The number of problems of `severity`, counting those a diagnostic stands for but does not show.
    public func count(_ severity: Severity) -> Int {
        reduce(0) { $0 + ($1.severity == severity ? $1.count : 0) }
    }
}
