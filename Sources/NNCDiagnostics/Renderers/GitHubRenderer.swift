/// The `github` format: GitHub Actions workflow commands, one per finding,
/// `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=CODE::message`,
/// which the Actions runner turns into annotations on the pull request's diff.
///
/// Escaping follows the runner's rules: in the message `%`, CR and LF become
/// `%25`, `%0D`, `%0A`; in property values `:` and `,` also become `%3A`, `%2C`.
/// `endColumn` is the last column of the span (inclusive); GitHub accepts
/// columns only for single-line spans, so `col`/`endColumn` are left out of
/// findings that cover several lines. Notes follow the message on their own lines.
public struct GitHubRenderer: DiagnosticReporter {
    public init() {}

    public func report(_ diagnostics: [Diagnostic], sources: SourceManager) -> String {
        diagnostics.map(command).joined()
    }

    func command(_ d: Diagnostic) -> String {
        let kind: String
        switch d.severity {
        case .error: kind = "error"
        case .warning: kind = "warning"
        case .note: kind = "notice"
        }
        let span = d.span
        var properties = [("file", span.file), ("line", "\(span.start.line)")]
        if span.start.line == span.end.line {
            properties.append(("col", "\(span.start.column)"))
            properties.append(("endLine", "\(span.end.line)"))
            properties.append(("endColumn", "\(max(span.end.column - 1, span.start.column))"))
        } else {
            properties.append(("endLine", "\(max(span.end.line - (span.end.column == 1 ? 1 : 0), span.start.line))"))
        }
        properties.append(("title", d.code.rawValue))
        var message = d.messageWithLabel
        for note in d.notes {
            message += "\nnote: \(note.message)"
        }
        if let omitted = d.omittedNote {
            message += "\nnote: \(omitted)"
        }
        if let fix = d.fixIt {
            message += "\nfix: \(fix.message)"
        }
        let props = properties.map { "\($0.0)=\(Self.escapeProperty($0.1))" }.joined(separator: ",")
        return "::\(kind) \(props)::\(Self.escapeData(message))\n"
    }

    /// Escapes a message (the command's data).
    public static func escapeData(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// Escapes a property value (file, title): as data, plus `:` and `,`.
    public static func escapeProperty(_ s: String) -> String {
        var out = ""
        for ch in escapeData(s).unicodeScalars {
            switch ch {
            case ":": out += "%3A"
            case ",": out += "%2C"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
