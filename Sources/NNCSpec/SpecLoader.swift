import NNCDiagnostics
import NNCSyntax

/// Reads a spec file and everything it includes, and decodes it into a `Spec`.
public enum SpecLoader {
    /// The code for a spec file that cannot be read at all.
    public static let unreadableCode: DiagnosticCode = "E0106"

    /// Loads the spec at `path`. Every file read is added to `sources` so
    /// diagnostics can be rendered with snippets. `spec` is nil when the file
    /// could not be decoded without error; `diagnostics` holds every problem
    /// found (YAML, structure, vocabulary, includes, data headers).
    public static func load(path: String, sources: SourceManager) -> (spec: Spec?, diagnostics: [Diagnostic]) {
        switch SourceReader.read(path) {
        case .failure(let problem):
            let d = Diagnostic(unreadableCode, span: .wholeFile(path),
                               message: "cannot read the spec '\(path)': \(problem.reason)")
            return (nil, [d])
        case .success(let file):
            sources.add(file)
            return decode(YAMLParser.parse(file), sources: sources)
        }
    }

    /// Decodes an already-parsed document (used by tests and by lint). The
    /// document's file must be in `sources` for errors inside strings to get
    /// their exact columns.
    public static func decode(_ document: ParsedDocument, sources: SourceManager) -> (spec: Spec?, diagnostics: [Diagnostic]) {
        if sources.file(document.file.path) == nil { sources.add(document.file) }
        var decoder = SpecDecoder(sources: sources)
        let spec = decoder.decodeSpec(document)
        return (spec, decoder.diagnostics)
    }
}
