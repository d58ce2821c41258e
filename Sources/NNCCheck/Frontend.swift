import NNCDiagnostics
import NNCSpec

/// The whole front end in one call: parse, decode, check.
public enum Frontend {
    public struct Result {
        /// The decoded spec, nil when decoding failed too early to give one.
        public var spec: Spec?
        /// Every error (and warning, when `warnings` was asked for), sorted by position.
        public var diagnostics: [Diagnostic]

        public var hasErrors: Bool { diagnostics.hasErrors }
    }

    public static func compile(path: String, sources: SourceManager) -> Result {
        let (spec, loadDiagnostics) = SpecLoader.load(path: path, sources: sources)
        var all = loadDiagnostics
        if let spec { all += Checker.errors(in: spec) }
        return Result(spec: spec, diagnostics: all.sortedForOutput())
    }
}
