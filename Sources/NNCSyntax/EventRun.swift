import CYAML
import NNCDiagnostics

/// One pass of libyaml's event parser over a text, feeding a `TreeBuilder`.
struct EventRun {
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
                    .syntaxError, span: .wholeFile(source.path),
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
            .emptyFile, span: .wholeFile(source.path),
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
            .multipleDocuments, span: span,
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
