/// The text of one input file, split into lines for rendering snippets.
public struct SourceFile: Sendable {
    public var path: String
    public var text: String
    public let lines: [Substring]

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        // Split on scalars: as Characters, "\r\n" is one grapheme and would never match "\n".
        self.lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map {
            let line = Substring($0)
            return line.hasSuffix("\r") ? line.dropLast() : line
        }
    }

    /// The text of 1-based `line`, without its newline; nil past the end.
    public func line(_ n: Int) -> Substring? {
        n >= 1 && n <= lines.count ? lines[n - 1] : nil
    }
}

/// The files a run has read, by path, so any diagnostic can be rendered with its snippet.
public final class SourceManager: @unchecked Sendable {
    private var files: [String: SourceFile] = [:]

    public init() {}

    public func add(_ file: SourceFile) { files[file.path] = file }

    public func file(_ path: String) -> SourceFile? { files[path] }
}
