/// A failure that has been described to the user as diagnostics: reading a
/// data file, a weights file, training. Library code throws it; the command
/// renders the diagnostics and maps them to an exit code.
public struct DiagnosticError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public init(_ diagnostic: Diagnostic) {
        self.diagnostics = [diagnostic]
    }

    public var description: String {
        diagnostics.map { "\($0.span): \($0.code): \($0.message)" }.joined(separator: "\n")
    }
}
