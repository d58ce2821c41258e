import Foundation

/// The `json` format: one array of findings, each an object with `file`,
/// `line`, `column`, `end_line`, `end_column` (1-based; the end is exclusive,
/// the position just past the last character), `code`, `severity`, `message`,
/// `label` (text under the carets, or null), `notes` (objects with `message`
/// and, when the note points somewhere, its position) and `fix` (null, or an
/// object with `message`, `replacement` and the position of the text to replace),
/// and `omitted` (only when nonzero: further problems of the same file that
/// were counted but not shown).
/// Keys are sorted so the output is stable.
public struct JSONRenderer: DiagnosticReporter {
    public init() {}

    public func report(_ diagnostics: [Diagnostic], sources: SourceManager) -> String {
        let array = diagnostics.map(Self.object)
        return Self.serialize(array) + "\n"
    }

    static func object(_ d: Diagnostic) -> [String: Any] {
        var o = position(d.span)
        o["code"] = d.code.rawValue
        o["severity"] = d.severity.rawValue
        o["message"] = d.message
        o["label"] = d.label ?? NSNull()
        // Only on a diagnostic that stands for others not shown.
        if d.omitted > 0 { o["omitted"] = d.omitted }
        o["notes"] = d.notes.map { note -> [String: Any] in
            var n: [String: Any] = ["message": note.message]
            if let span = note.span { n.merge(position(span)) { a, _ in a } }
            return n
        }
        if let fix = d.fixIt {
            var f = position(fix.span)
            f["message"] = fix.message
            f["replacement"] = fix.replacement
            o["fix"] = f
        } else {
            o["fix"] = NSNull()
        }
        return o
    }

    static func position(_ span: SourceSpan) -> [String: Any] {
        [
            "file": span.file,
            "line": span.start.line,
            "column": span.start.column,
            "end_line": span.end.line,
            "end_column": span.end.column,
        ]
    }

    /// Pretty-printed JSON with sorted keys and unescaped slashes (paths stay readable).
    static func serialize(_ value: Any) -> String {
        let options: JSONSerialization.WritingOptions = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: options) else {
            // Only strings, numbers, arrays, dictionaries and NSNull are built above,
            // all valid JSON; this cannot fail, but an empty array is a safe answer.
            return "[]"
        }
        return String(decoding: data, as: UTF8.self)
    }
}
