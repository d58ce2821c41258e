/// Renders diagnostics like a compiler: `file:line:col: error[E0201]: message`,
/// the source line, carets under the span, the label, notes and fix-its.
public struct TextRenderer {
    public var sources: SourceManager
    /// ANSI colour; the caller decides (terminal and no NO_COLOR).
    public var color: Bool

    public init(sources: SourceManager, color: Bool = false) {
        self.sources = sources
        self.color = color
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        "\(diagnostic.span.file):\(diagnostic.span.start): \(diagnostic.severity.rawValue)[\(diagnostic.code)]: \(diagnostic.message)\n"  // STUB
    }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(render).joined()
    }
}
