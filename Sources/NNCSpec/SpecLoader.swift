import NNCDiagnostics
import NNCSyntax

/// Reads a spec file and everything it includes, and decodes it into a `Spec`.
public enum SpecLoader {
    /// Loads the spec at `path`. Every file read is added to `sources` so
    /// diagnostics can be rendered with snippets. `spec` is nil when any error
    /// was found; `diagnostics` holds every problem found (file and YAML,
    /// structure, vocabulary, includes, data headers), unsorted.
    public static func load(path: String, sources: SourceManager) -> (spec: Spec?, diagnostics: [Diagnostic]) {
        let (file, loadDiagnostics) = YAMLParser.load(path: path)
        guard let file else { return (nil, loadDiagnostics) }
        sources.add(file)
        if loadDiagnostics.hasErrors { return (nil, loadDiagnostics) }
        var document = YAMLParser.parse(file)
        document.diagnostics = loadDiagnostics + document.diagnostics
        return decode(document, sources: sources)
    }

    /// Decodes an already-parsed document (used by tests and by lint). The
    /// document's file is added to `sources` when it is not there yet, so
    /// errors inside strings get their exact columns.
    public static func decode(_ document: ParsedDocument, sources: SourceManager) -> (spec: Spec?, diagnostics: [Diagnostic]) {
        if sources.file(document.file.path) == nil { sources.add(document.file) }
        var decoder = SpecDecoder(sources: sources)
        let spec = decoder.decodeSpec(document)
        return (spec, decoder.diagnostics)
    }

    /// Decodes spec text held in memory, as if read from `path` (tests, editors).
    public static func decode(text: String, path: String, sources: SourceManager) -> (spec: Spec?, diagnostics: [Diagnostic]) {
        let file = SourceFile(path: path, text: text)
        sources.add(file)
        return decode(YAMLParser.parse(file), sources: sources)
    }
}
