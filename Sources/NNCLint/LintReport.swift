import NNCDiagnostics

/// Everything one `nnc lint` run found, ready to render.
public struct LintReport {
    /// The spec files checked, in discovery order.
    public var files: [String]
    /// Every finding, sorted by file and position, duplicates removed.
    public var diagnostics: [Diagnostic]
    /// The text of every file a finding points into.
    public var sources: SourceManager
    /// Usage and I/O problems (missing paths, unreadable files), one message each.
    public var problems: [String]
    /// True when a `.nnc-lint.yaml` could not be used (its findings are in `diagnostics`).
    public var configurationFailed: Bool

    /// Errors found, counting those a diagnostic stands for but does not show.
    public var errorCount: Int { diagnostics.count(.error) }
    public var warningCount: Int { diagnostics.count(.warning) }
    public var noteCount: Int { diagnostics.filter { $0.severity == .note }.count }

    /// One line: "3 files linted: 1 error, 2 warnings".
    public var summary: String {
        func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        if configurationFailed {
            return "no spec linted: the lint configuration has \(count(errorCount, "error"))"
        }
        var parts = [count(errorCount, "error"), count(warningCount, "warning")]
        if noteCount > 0 { parts.append(count(noteCount, "note")) }
        return "\(count(files.count, "file")) linted: " + parts.joined(separator: ", ")
    }
}
