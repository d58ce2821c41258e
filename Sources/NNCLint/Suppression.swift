import NNCDiagnostics

/// One suppression comment of a spec: `# nnc: disable-next-line W0301 -- reason`
/// or, for the whole file, `# nnc: disable W0301, W0302 -- reason`.
public struct Suppression: Sendable, Equatable {
    public enum Scope: Sendable, Equatable {
        /// Applies to findings that start on `line` (the next line that is
        /// neither blank nor only a comment); nil when there is no such line.
        case nextLine(Int?)
        /// Applies to findings anywhere in the file.
        case file
    }

    /// A code the comment suppresses, with where it is written in the comment.
    public struct Entry: Sendable, Equatable {
        public var code: DiagnosticCode
        public var span: SourceSpan
    }

    public var scope: Scope
    /// The codes that take effect (known warning codes only; the scanner
    /// reports the rest).
    public var entries: [Entry]
    /// The text after `--`, trimmed; nil or empty when missing.
    public var reason: String?
    /// The whole comment, from `#` to the end of the line.
    public var span: SourceSpan

    /// Whether this suppression hides `diagnostic`.
    public func covers(_ diagnostic: Diagnostic, code: DiagnosticCode) -> Bool {
        guard diagnostic.span.file == span.file, diagnostic.code == code else { return false }
        switch scope {
        case .file: return true
        case .nextLine(let line): return line == diagnostic.span.start.line
        }
    }

    /// Codes a comment may suppress: warnings of the rules, not errors and not
    /// lint's own findings about suppressions (W09xx), which only `.nnc-lint.yaml` can turn off.
    public static func isSuppressible(_ code: DiagnosticCode) -> Bool {
        code.rawValue.hasPrefix("W") && !code.rawValue.hasPrefix("W09")
    }
}

/// Where a suppression entry is, to tell whether any lint run used it: an
/// included file's comment is used if any spec that includes it needs it.
public struct SuppressionKey: Hashable, Sendable {
    public var file: String
    public var line: Int
    public var column: Int
    public var code: DiagnosticCode
}
