/// The default `text` format: the front end's compiler rendering (`TextRenderer`)
/// behind the reporter protocol.
public struct TextReporter: DiagnosticReporter {
    /// ANSI colour; the caller decides (a terminal, and `NO_COLOR` unset).
    public var color: Bool

    public init(color: Bool = false) {
        self.color = color
    }

    public func report(_ diagnostics: [Diagnostic], sources: SourceManager) -> String {
        TextRenderer(sources: sources, color: color).render(diagnostics)
    }
}
