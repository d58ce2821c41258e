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
        var all = loadDiagnostics
        if let spec, !loadDiagnostics.hasErrors { all += Checker.errors(in: spec) }
        return Result(spec: spec, diagnostics: all.sortedForOutput())
    }
}
