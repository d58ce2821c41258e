import NNCDiagnostics
import NNCSpec

/// The whole front end in one call: parse, decode, check.
public enum Frontend {
    public struct Result {
        /// The decoded spec, nil when decoding found an error.
        public var spec: Spec?
        /// Every error (and warning, when `warnings` was asked for), sorted by position.
        public var diagnostics: [Diagnostic]

        public var hasErrors: Bool { diagnostics.hasErrors }
    }

    /// Reads, decodes and checks the spec at `path`. The checks run only on a
    /// spec that decoded cleanly: a value that failed to decode has no
    /// trustworthy stand-in, and checking one would report problems the user
    /// never wrote. Every file read is added to `sources`.
    public static func compile(path: String, sources: SourceManager) -> Result {
        let (spec, loadDiagnostics) = SpecLoader.load(path: path, sources: sources)
        return check(spec, loadDiagnostics)
    }

    /// The same for spec text held in memory, as if read from `path` (tests, editors);
    /// data and include paths resolve against `path`'s folder.
    public static func compile(text: String, path: String, sources: SourceManager) -> Result {
        let (spec, loadDiagnostics) = SpecLoader.decode(text: text, path: path, sources: sources)
        return check(spec, loadDiagnostics)
    }

    private static func check(_ spec: Spec?, _ loadDiagnostics: [Diagnostic]) -> Result {
        var all = loadDiagnostics
        if let spec, !loadDiagnostics.hasErrors { all += Checker.errors(in: spec) }
        return Result(spec: spec, diagnostics: all.sortedForOutput())
    }
}
