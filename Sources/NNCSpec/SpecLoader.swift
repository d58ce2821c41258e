import NNCDiagnostics
import NNCSyntax

/// Reads a spec file and everything it includes, and decodes it into a `Spec`.
public enum SpecLoader {
    /// What decoding a spec produced.
    public struct Result: Sendable {
        /// The spec, nil when any error was found: only an error-free spec may be built or trained.
        public var spec: Spec?
        /// The spec as far as it decoded, with stand-ins where values failed,
        /// so the checker can still report independent errors elsewhere. Nil
        /// when nothing sensible could be built (no YAML root, an unsupported
        /// version); its spec equals `spec` when there was no error.
        public var recovered: RecoveredSpec?
        /// Every problem found (file and YAML, structure, vocabulary, includes, data headers), unsorted.
        public var diagnostics: [Diagnostic]

        public var hasErrors: Bool { diagnostics.hasErrors }
    }

    /// Loads the spec at `path`. Every file read is added to `sources` so
    /// diagnostics can be rendered with snippets. `spec` is nil when any error
    /// was found; `diagnostics` holds every problem found, unsorted.
    public static func load(path: String, sources: SourceManager) -> (spec: Spec?, diagnostics: [Diagnostic]) {
        let result = loadRecovering(path: path, sources: sources)
        return (result.spec, result.diagnostics)
    }

    /// Loads the spec at `path`, recovering from errors as far as possible (see `Result`).
    public static func loadRecovering(path: String, sources: SourceManager) -> Result {
        let (file, loadDiagnostics) = YAMLParser.load(path: path)
        guard let file else { return Result(spec: nil, recovered: nil, diagnostics: loadDiagnostics) }
        sources.add(file)
        if loadDiagnostics.hasErrors { return Result(spec: nil, recovered: nil, diagnostics: loadDiagnostics) }
        var document = YAMLParser.parse(file)
        document.diagnostics = loadDiagnostics + document.diagnostics
        return decodeRecovering(document, sources: sources)
    }

    /// Decodes an already-parsed document (used by tests and by lint). The
    /// document's file is added to `sources` when it is not there yet, so
    /// errors inside strings get their exact columns.
    public static func decode(_ document: ParsedDocument, sources: SourceManager) -> (spec: Spec?, diagnostics: [Diagnostic]) {
        let result = decodeRecovering(document, sources: sources)
        return (result.spec, result.diagnostics)
    }

    /// Decodes an already-parsed document, recovering from errors as far as possible.
    public static func decodeRecovering(_ document: ParsedDocument, sources: SourceManager) -> Result {
        if sources.file(document.file.path) == nil { sources.add(document.file) }
        var decoder = SpecDecoder(sources: sources)
        let spec = decoder.decodeSpec(document)
        let diagnostics = decoder.diagnostics
        let recovered = spec.map { RecoveredSpec(spec: $0, poison: decoder.poison) }
        return Result(spec: diagnostics.hasErrors ? nil : spec, recovered: recovered, diagnostics: diagnostics)
    }

    /// Decodes spec text held in memory, as if read from `path` (tests, editors).
    public static func decode(text: String, path: String, sources: SourceManager) -> (spec: Spec?, diagnostics: [Diagnostic]) {
        let result = decodeRecovering(text: text, path: path, sources: sources)
        return (result.spec, result.diagnostics)
    }

    /// Decodes spec text held in memory, recovering from errors as far as possible.
    public static func decodeRecovering(text: String, path: String, sources: SourceManager) -> Result {
        let file = SourceFile(path: path, text: text)
        sources.add(file)
        return decodeRecovering(YAMLParser.parse(file), sources: sources)
    }
}
