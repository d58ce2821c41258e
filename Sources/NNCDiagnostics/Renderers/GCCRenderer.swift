/// The `gcc` format: one line per finding, `file:line:col: severity: message [CODE]`,
/// the form editors and CI log parsers (Vim's quickfix, Emacs compile mode,
/// problem matchers) already understand. Notes are left out: one finding, one line.
public struct GCCRenderer: DiagnosticReporter {
    public init() {}

    public func report(_ diagnostics: [Diagnostic], sources: SourceManager) -> String {
        var out = ""
        for d in diagnostics {
            out += "\(d.span.file):\(d.span.start.line):\(d.span.start.column): "
            out += "\(d.severity.rawValue): \(Self.oneLine(d.messageWithLabel))\(d.omittedNote.map { " (\($0))" } ?? "") [\(d.code)]\n"
        }
        return out
    }

    /// Keeps a finding on one line whatever its message holds.
    static func oneLine(_ text: String) -> String {
        var out = ""
        for ch in text.unicodeScalars {
            if ch == "\n" || ch == "\r" {
                if !out.hasSuffix(" ") { out += " " }
            } else {
                out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
