import NNCDiagnostics
import NNCSpec

/// The whole front end in one call: parse, decode, check.
public enum Frontend {
    public struct Result {
        /// The decoded spec, nil when decoding found an error (it may still
        /// fail the checks: build or train it only when `hasErrors` is false).
        public var spec: Spec?
        /// Every error (and warning, when `warnings` was asked for), sorted by position.
        public var diagnostics: [Diagnostic]

        public var hasErrors: Bool { diagnostics.hasErrors }
    }

    /// Reads, decodes and checks the spec at `path`. When decoding found
    /// errors the checks still run on what did decode: every check that reads
    /// a part that failed is skipped (a stand-in is not what the user wrote),
    /// so independent errors elsewhere are reported with the decoding errors
    /// and dependent ones are not. Every file read is added to `sources`.
    public static func compile(path: String, sources: SourceManager) -> Result {
        check(SpecLoader.loadRecovering(path: path, sources: sources))
    }

    /// The same for spec text held in memory, as if read from `path` (tests, editors);
    /// data and include paths resolve against `path`'s folder.
    public static func compile(text: String, path: String, sources: SourceManager) -> Result {
        check(SpecLoader.decodeRecovering(text: text, path: path, sources: sources))
    }

    private static func check(_ loaded: SpecLoader.Result) -> Result {
        var all = loaded.diagnostics
        if let recovered = loaded.recovered { all += Checker.errors(in: recovered) }
        return Result(spec: loaded.spec, diagnostics: all.sortedForOutput())
    }
}
