/// Turns all the diagnostics of one run into one output document: compiler
/// text, gcc lines, a JSON array, GitHub workflow commands or a SARIF log.
///
/// Reporters are plain values: they never print, and the same input always
/// gives the same output, so every format can be snapshot-tested.
public protocol DiagnosticReporter {
    /// Renders `diagnostics` in the order given. `sources` holds the text of
    /// the files they point into (for snippets); a missing file is not an error.
    func report(_ diagnostics: [Diagnostic], sources: SourceManager) -> String
}

/// The formats `--format` accepts, each backed by one reporter.
public enum ReportFormat: String, CaseIterable, Sendable {
    case text, gcc, json, github, sarif

    /// The reporter for this format. `color` only affects `text`.
    public func reporter(color: Bool = false) -> any DiagnosticReporter {
        switch self {
        case .text: return TextReporter(color: color)
        case .gcc: return GCCRenderer()
        case .json: return JSONRenderer()
        case .github: return GitHubRenderer()
        case .sarif: return SARIFRenderer()
        }
    }

    /// True for formats whose whole output is one machine-read document, so
    /// nothing else (a summary line) may be mixed into it on standard output.
    public var isDocument: Bool { self == .json || self == .sarif }
}

extension Diagnostic {
    /// The message, followed by the label under the carets when the label is
    /// a suggestion ("unknown activation 'tanhh'; did you mean 'tanh'?"), for
    /// formats without carets. Other labels only restate the message next to
    /// the source line, so one-line formats leave them out (JSON keeps them).
    public var messageWithLabel: String {
        guard let label, label.hasPrefix("did you mean"), !message.contains(label) else { return message }
        return "\(message); \(label)"
    }
}
