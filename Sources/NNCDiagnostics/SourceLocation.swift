/// A position in a source file: 1-based line and 1-based column, columns
/// counted in Unicode scalars (as libyaml counts them).
public struct SourceLocation: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// A half-open range `[start, end)` in one file: `end` is the position just
/// past the last character, so a one-character token at 3:5 ends at 3:6.
public struct SourceSpan: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The file's path as the user named it (relative paths stay relative).
    public var file: String
    public var start: SourceLocation
    public var end: SourceLocation

    public init(file: String, start: SourceLocation, end: SourceLocation) {
        self.file = file
        self.start = start
        self.end = max(start, end)
    }

    /// A span of `length` characters on one line.
    public init(file: String, line: Int, column: Int, length: Int = 1) {
        self.init(
            file: file,
            start: SourceLocation(line: line, column: column),
            end: SourceLocation(line: line, column: column + max(length, 0))
        )
    }

    /// The span covering the whole file, used for problems with the file as a whole.
    public static func wholeFile(_ file: String) -> SourceSpan {
        SourceSpan(file: file, line: 1, column: 1, length: 0)
    }

    /// The smallest span in the same file that covers both.
    public func union(_ other: SourceSpan) -> SourceSpan {
        SourceSpan(file: file, start: min(start, other.start), end: max(end, other.end))
    }

    public static func < (a: SourceSpan, b: SourceSpan) -> Bool {
        (a.file, a.start, a.end) < (b.file, b.start, b.end)
    }

    public var description: String { "\(file):\(start)" }
}
