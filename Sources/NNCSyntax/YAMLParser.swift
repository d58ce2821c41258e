import CYAML
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
        guard let data = FileManager.default.contents(atPath: path) else {
            return (nil, [unreadable(path, "cannot read '\(path)'", note: "check the file's permissions")])
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
        Diagnostic(SyntaxCode.unreadableFile, span: .wholeFile(path), message: message, notes: [DiagnosticNote(note)])
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
            SyntaxCode.invalidUTF8, span: SourceSpan(file: path, line: line, column: column, length: 1),
            message: "the file is not valid UTF-8: byte \(hex) cannot start or continue a character",
            label: "invalid byte \(hex)", notes: notes)
    }
}

/// One pass of libyaml's event parser over a text, feeding a `TreeBuilder`.
private struct EventRun {
    let source: SourceIndex
    var builder: TreeBuilder
    var diagnostics: [Diagnostic] = []
    var root: Node?

    init(source: SourceIndex, limits: YAMLParser.Limits) {
        self.source = source
        self.builder = TreeBuilder(path: source.path, limits: limits)
    }

    mutating func run(text: String) {
        // libyaml keeps a byte-order mark as text when told the encoding, so it is left out.
        var bytes = Array(text.utf8.dropFirst(source.bomOffset * 3))
        // A trailing NUL that libyaml is not told about keeps the buffer's address valid when the text is empty.
        bytes.append(0)
        let ok = bytes.withUnsafeMutableBufferPointer { buffer -> Bool in
            let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
            defer { parser.deallocate() }
            guard yaml_parser_initialize(parser) == 1, let base = buffer.baseAddress else {
                diagnostics.append(Diagnostic(
                    SyntaxCode.syntaxError, span: .wholeFile(source.path),
                    message: "the YAML parser could not start: out of memory"))
                return false
            }
            defer { yaml_parser_delete(parser) }
            yaml_parser_set_input_string(parser, base, buffer.count - 1)
            yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
            return events(parser)
        }
        diagnostics = builder.diagnostics + diagnostics
        guard ok else { return }
        // A bare '---' gives a document whose root is an empty plain scalar: empty too.
        if let built = builder.root, !(built.node.scalar == Scalar("") && built.node.tag == nil) {
            root = built.node
            return
        }
        diagnostics.append(Diagnostic(
            SyntaxCode.emptyFile, span: .wholeFile(source.path),
            message: "the file is empty: expected a YAML mapping",
            notes: [DiagnosticNote("an nnc spec starts with 'nnc: 1' followed by its other keys")]))
    }

    /// Pulls events until the stream ends. Returns false when parsing stopped on an error.
    private mutating func events(_ parser: UnsafeMutablePointer<yaml_parser_t>) -> Bool {
        var documents = 0
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(parser, &event) == 1 else {
                diagnostics.append(libyamlError(parser.pointee).diagnostic(in: source))
                return false
            }
            defer { yaml_event_delete(&event) }
            do {
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return true
                case YAML_DOCUMENT_START_EVENT:
                    documents += 1
                    if documents > 1 {
                        secondDocument(event)
                        return true
                    }
                case YAML_SCALAR_EVENT:
                    try scalar(event)
                case YAML_ALIAS_EVENT:
                    let name = string(event.data.alias.anchor) ?? ""
                    try builder.alias(name, span: span(event.start_mark, event.end_mark))
                case YAML_SEQUENCE_START_EVENT:
                    let data = event.data.sequence_start
                    try builder.startCollection(
                        mapping: false, flow: data.style == YAML_FLOW_SEQUENCE_STYLE,
                        span: collectionSpan(event), tag: tagName(data.tag), anchor: string(data.anchor))
                case YAML_MAPPING_START_EVENT:
                    let data = event.data.mapping_start
                    try builder.startCollection(
                        mapping: true, flow: data.style == YAML_FLOW_MAPPING_STYLE,
                        span: collectionSpan(event), tag: tagName(data.tag), anchor: string(data.anchor))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    builder.endCollection(end: source.location(ofScalar: source.scalarIndex(ofMark: Int(event.end_mark.index))))
                default:
                    break
                }
            } catch {
                return false
            }
        }
    }

    private mutating func scalar(_ event: yaml_event_t) throws {
        let data = event.data.scalar
        let value = data.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: data.length), as: UTF8.self) } ?? ""
        let style: Scalar.Style
        switch data.style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: style = .literal
        case YAML_FOLDED_SCALAR_STYLE: style = .folded
        default: style = .plain
        }
        var end = source.scalarIndex(ofMark: Int(event.end_mark.index))
        let start = source.skipProperties(from: source.scalarIndex(ofMark: Int(event.start_mark.index)), limit: end)
        if style == .literal || style == .folded {
            // libyaml ends a block scalar where the next token starts, after blank lines.
            end = source.trimTrailingWhitespace(end: end, start: start)
        }
        try builder.scalar(
            Scalar(value, style: style), span: source.span(start, end), tag: tagName(data.tag), anchor: string(data.anchor))
    }

    private func collectionSpan(_ event: yaml_event_t) -> SourceSpan {
        let start = source.scalarIndex(ofMark: Int(event.start_mark.index))
        let end = source.scalarIndex(ofMark: Int(event.end_mark.index))
        let content = source.skipProperties(from: start, limit: source.scalars.count)
        // A flow collection's start event ends after its bracket; a block one's is empty.
        return source.span(content, max(content, end))
    }

    private mutating func secondDocument(_ event: yaml_event_t) {
        let start = source.scalarIndex(ofMark: Int(event.start_mark.index))
        let end = source.scalarIndex(ofMark: Int(event.end_mark.index))
        let span = end > start ? source.span(start, end) : source.characterSpan(at: start)
        var notes = [DiagnosticNote("an nnc spec is one YAML document; remove this '---' and everything after it, or move it to its own file")]
        if event.data.document_start.implicit == 0 {
            notes.append(DiagnosticNote("a '---' line starts a new document; a single '---' at the very top of the file is fine"))
        }
        diagnostics.append(Diagnostic(
            SyntaxCode.multipleDocuments, span: span,
            message: "a second YAML document starts here; a spec file holds exactly one",
            label: "second document", notes: notes))
    }

    private func span(_ start: yaml_mark_t, _ end: yaml_mark_t) -> SourceSpan {
        source.span(source.scalarIndex(ofMark: Int(start.index)), source.scalarIndex(ofMark: Int(end.index)))
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    /// `!!str` for the core tags libyaml expands to `tag:yaml.org,2002:str`.
    private func tagName(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let tag = string(pointer) else { return nil }
        let core = "tag:yaml.org,2002:"
        return tag.hasPrefix(core) ? "!!" + tag.dropFirst(core.count) : tag
    }

    private func libyamlError(_ parser: yaml_parser_t) -> LibYAMLError {
        let kind: LibYAMLError.Kind
        switch parser.error {
        case YAML_READER_ERROR: kind = .reader
        case YAML_SCANNER_ERROR: kind = .scanner
        case YAML_PARSER_ERROR: kind = .parser
        case YAML_MEMORY_ERROR: kind = .memory
        default: kind = .other
        }
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        let context = parser.context.map { String(cString: $0) }
        let problemIndex = kind == .reader
            ? source.scalarIndex(ofInputByte: Int(parser.problem_offset))
            : source.scalarIndex(ofMark: Int(parser.problem_mark.index))
        let contextIndex = kind == .reader || context == nil
            ? nil : source.scalarIndex(ofMark: Int(parser.context_mark.index))
        return LibYAMLError(
            kind: kind, problem: problem, context: context, problemIndex: problemIndex,
            contextIndex: contextIndex, problemValue: Int(parser.problem_value))
    }
}
