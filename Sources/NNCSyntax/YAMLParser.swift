import Foundation
import NNCDiagnostics

/// Parses YAML text into a located tree with libyaml's event parser.
///
/// Reading a spec is two steps: `load(path:)` reads the bytes and checks
/// they are UTF-8, `parse(_:)` builds the tree. `parseFile(path:)` does both.
public enum YAMLParser {
    /// Bounds that keep hostile or broken input from exhausting memory or time.
    public struct Limits: Sendable {
        /// Deepest nesting of mappings and lists, aliases included.
        public var maxDepth: Int
        /// Most nodes in the tree once aliases are expanded.
        public var maxNodes: Int
        /// Largest file `load` accepts, in bytes.
        public var maxFileBytes: Int

        public init(maxDepth: Int = 512, maxNodes: Int = 1_000_000, maxFileBytes: Int = 64 << 20) {
            self.maxDepth = maxDepth
            self.maxNodes = maxNodes
            self.maxFileBytes = maxFileBytes
        }

        public static let `default` = Limits()
    }

    /// Parses one file. Never throws and never traps: every problem is a diagnostic.
    ///
    /// The root is nil when the file is empty or when parsing had to stop (a
    /// syntax error, an unknown alias, a limit); problems that leave a usable
    /// tree (duplicate keys, bad merges, non-scalar keys, a second document)
    /// drop the offending part and keep the rest.
    public static func parse(_ file: SourceFile, limits: Limits = .default) -> ParsedDocument {
        let source = SourceIndex(file: file)
        var run = EventRun(source: source, limits: limits)
        run.run(text: file.text)
        return ParsedDocument(file: file, root: run.root, diagnostics: run.diagnostics)
    }

    /// Reads a file and checks it is UTF-8. The file is nil only when it
    /// could not be read; with invalid UTF-8 it is returned (bad bytes shown
    /// as U+FFFD, for rendering) together with an error, and should not be
    /// parsed. A byte-order mark is dropped and CRLF line ends become LF.
    public static func load(path: String, limits: Limits = .default) -> (SourceFile?, [Diagnostic]) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return (nil, [unreadable(path, "no such file '\(path)'", note: "check the path; relative paths are relative to the current directory")])
        }
        if isDirectory.boolValue {
            return (nil, [unreadable(path, "'\(path)' is a directory, not a file", note: "name a .yaml file")])
        }
        if let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = attributes[.size] as? NSNumber, size.intValue > limits.maxFileBytes
        {
            return (nil, [unreadable(
                path, "'\(path)' is too large (\(size.intValue) bytes) for a spec",
                note: "a spec file may be at most \(limits.maxFileBytes) bytes")])
        }
        // Read at most one byte past the limit: a pipe or a device reports no
        // size, and /dev/zero would otherwise be read for ever.
        let data: Data
        do {
            guard let handle = FileHandle(forReadingAtPath: path) else { throw CocoaError(.fileReadNoPermission) }
            defer { try? handle.close() }
            // nil at the end of the file: an empty file.
            data = try handle.read(upToCount: limits.maxFileBytes + 1) ?? Data()
        } catch {
            return (nil, [unreadable(path, "cannot read '\(path)'", note: "check the file's permissions")])
        }
        if data.count > limits.maxFileBytes {
            return (nil, [unreadable(
                path, "'\(path)' is too large (more than \(limits.maxFileBytes) bytes) for a spec",
                note: "a spec file may be at most \(limits.maxFileBytes) bytes")])
        }
        let (file, diagnostics) = source(path: path, bytes: [UInt8](data))
        return (file, diagnostics)
    }

    /// Turns raw bytes into a source file, reporting the first byte that is
    /// not UTF-8 at its line and column. Drops a byte-order mark and turns
    /// CRLF line ends into LF.
    public static func source(path: String, bytes: [UInt8]) -> (SourceFile, [Diagnostic]) {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        let content = Array(body)
        var diagnostics: [Diagnostic] = []
        if let bad = UTF8Validator.firstInvalidByte(content) {
            diagnostics.append(invalidUTF8(path: path, bytes: content, at: bad))
        }
        var text = String(decoding: content, as: UTF8.self)
        if text.utf8.contains(13) {
            // String's "\r\n" is one Character, so replace at the scalar level.
            var scalars = String.UnicodeScalarView()
            var pendingCR = false
            for s in text.unicodeScalars {
                if pendingCR, s != "\n" { scalars.append("\r") }
                pendingCR = s == "\r"
                if !pendingCR { scalars.append(s) }
            }
            if pendingCR { scalars.append("\r") }
            text = String(scalars)
        }
        return (SourceFile(path: path, text: text), diagnostics)
    }

    /// `load` then `parse`; a file that cannot be read or is not UTF-8 gives no root.
    public static func parseFile(path: String, limits: Limits = .default) -> ParsedDocument {
        let (file, diagnostics) = load(path: path, limits: limits)
        guard let file else {
            return ParsedDocument(file: SourceFile(path: path, text: ""), root: nil, diagnostics: diagnostics)
        }
        if diagnostics.hasErrors {
            return ParsedDocument(file: file, root: nil, diagnostics: diagnostics)
        }
        var parsed = parse(file, limits: limits)
        parsed.diagnostics = diagnostics + parsed.diagnostics
        return parsed
    }

    private static func unreadable(_ path: String, _ message: String, note: String) -> Diagnostic {
        Diagnostic(.unreadableFile, span: .wholeFile(path), message: message, notes: [DiagnosticNote(note)])
    }

    private static func invalidUTF8(path: String, bytes: [UInt8], at bad: Int) -> Diagnostic {
        var line = 1
        var column = 1
        for b in bytes[..<bad] {
            if b == 0x0A {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
        }
        let hex = "0x" + String(bytes[bad], radix: 16, uppercase: true)
        var notes = [DiagnosticNote("nnc reads specs as UTF-8; re-save the file as UTF-8 (for example: iconv -f latin1 -t utf-8)")]
        if bad == 0, bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            notes = [DiagnosticNote("the file starts with a UTF-16 byte-order mark; re-save it as UTF-8")]
        }
        return Diagnostic(
            .invalidUTF8, span: SourceSpan(file: path, line: line, column: column, length: 1),
            message: "the file is not valid UTF-8: byte \(hex) cannot start or continue a character",
            label: "invalid byte \(hex)", notes: notes)
    }
}
