import NNCDiagnostics

/// A failure of a data, file or training step that has been described to the
/// user as diagnostics. Library code throws it; the command renders them.
public struct TrainError: Error, Sendable, CustomStringConvertible {
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
