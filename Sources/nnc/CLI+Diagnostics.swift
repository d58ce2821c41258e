import Foundation
import NNCCheck
import NNCDiagnostics
import NNCSpec

/// A spec read through the front end, with the files it read (for snippets).
struct LoadedSpec {
    var spec: Spec
    var sources: SourceManager
    /// Warnings (and notes) the front end reported; errors never reach here.
    var diagnostics: [Diagnostic]
}

/// Shared by the commands that read a spec: load it through the front end,
/// render its diagnostics to stderr, and map the outcome to nnc's exit codes.
enum CLI {
    /// Colour on stderr only when it is a terminal and `NO_COLOR` is unset or empty.
    static var useColor: Bool {
        if let value = ProcessInfo.processInfo.environment["NO_COLOR"], !value.isEmpty { return false }
        return isatty(STDERR_FILENO) == 1
    }

    /// Renders diagnostics with the text renderer to stderr.
    static func report(_ diagnostics: [Diagnostic], sources: SourceManager) {
        guard !diagnostics.isEmpty else { return }
        let renderer = TextRenderer(sources: sources, color: useColor)
        let sorted = diagnostics.sortedForOutput()
        var text = renderer.render(sorted)
        if let summary = renderer.summary(sorted) { text += "\n" + summary }
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Reports an I/O or usage problem and fails with exit code 2.
    static func ioFailure(_ message: String) -> CommandFailure {
        printError("error: \(message)")
        return CommandFailure(code: Exit.usage)
    }

    /// Parses, decodes and checks the spec at `path`, rendering every diagnostic.
    /// Throws exit 2 when the file cannot be read, exit 1 when the spec has errors.
    static func loadSpec(_ path: String) throws -> LoadedSpec {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ioFailure("cannot read spec '\(path)': no such file")
        }
        guard !isDirectory.boolValue else {
            throw ioFailure("cannot read spec '\(path)': it is a directory; expected a YAML file")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw ioFailure("cannot read spec '\(path)': permission denied")
        }
        let sources = SourceManager()
        let result = Frontend.compile(path: path, sources: sources)
        report(result.diagnostics, sources: sources)
        if result.hasErrors { throw CommandFailure(code: Exit.inputErrors) }
        guard let spec = result.spec else {
            printError("error: '\(path)' could not be decoded into a spec")
            throw CommandFailure(code: Exit.inputErrors)
        }
        return LoadedSpec(spec: spec, sources: sources, diagnostics: result.diagnostics)
    }
}
