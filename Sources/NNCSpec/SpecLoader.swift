import NNCDiagnostics
import NNCSyntax

/// Reads a spec file and everything it includes, and decodes it into a `Spec`.
public enum SpecLoader {
    /// Loads the spec at `path`. Every file read is added to `sources` so
    /// diagnostics can be rendered with snippets. `spec` is nil when the file
    /// could not be decoded far enough to give one; `diagnostics` holds every
    /// problem found (YAML, structure, vocabulary, includes, data headers).
    public static func load(path: String, sources: SourceManager) -> (spec: Spec?, diagnostics: [Diagnostic]) {
        (nil, [])  // STUB: replaced by the spec stage
    }

    /// Decodes an already-parsed document (used by tests and by lint).
    public static func decode(_ document: ParsedDocument, sources: SourceManager) -> (spec: Spec?, diagnostics: [Diagnostic]) {
        (nil, document.diagnostics)  // STUB
    }
}
