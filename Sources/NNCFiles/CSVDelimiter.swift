/// A separator other than the comma that a file seems to use, so a reader can
/// say "separated by ';'" instead of "no column 'x'". nnc reads only
/// comma-separated files; this only names the mistake.
public struct CSVDelimiter: Equatable, Sendable {
    /// The separator found: `;`, a tab, `|` or runs of spaces.
    public var separator: Character
    /// The fields of the line split at it.
    public var fields: [String]

    /// How the separator is named in a message: "';'", "tabs", "spaces".
    public var name: String {
        switch separator {
        case "\t": return "tabs"
        case " ": return "spaces"
        default: return "'\(separator)'"
        }
    }

    /// The separators tried, most likely first.
    static let candidates: [Character] = [";", "\t", "|", " "]

    /// The other separator one comma-less field splits at into several
    /// non-empty parts; nil when it splits at none.
    public static func guess(_ field: String) -> CSVDelimiter? {
        for c in candidates {
            let parts: [String]
            if c == " " {
                parts = field.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            } else {
                parts = field.split(separator: c, omittingEmptySubsequences: false)
                    .map { $0.trimmingCharacters(in: .whitespaces) }
            }
            if parts.count >= 2, parts.allSatisfy({ !$0.isEmpty }) {
                return CSVDelimiter(separator: c, fields: parts.map(Self.unquoted))
            }
        }
        return nil
    }

    static func unquoted(_ s: String) -> String {
        s.count >= 2 && s.hasPrefix("\"") && s.hasSuffix("\"") ? String(s.dropFirst().dropLast()) : s
    }

    /// The fix in words: "write the file with ',' between values (pandas: to_csv(path) ...)".
    public var fixNote: String {
        "nnc reads comma-separated files: write it with ',' between values (pandas: df.to_csv(path, index=False); NumPy: np.savetxt(path, a, delimiter=','))"
    }
}
