import Foundation
import NNCDiagnostics

/// Finds the `.nnc-lint.yaml` that applies to a spec: the nearest one in the
/// spec's folder or above it, searching up to the repository root (the folder
/// holding `.git`); outside a repository, the one in the current folder.
/// Each configuration file is read once.
final class ConfigurationLocator: @unchecked Sendable {
    struct Loaded {
        var configuration: LintConfiguration?
        var diagnostics: [Diagnostic]
        var file: SourceFile?
    }

    private let currentDirectory: String
    private let lock = NSLock()
    private var byDirectory: [String: String?] = [:]
    private var loaded: [String: Loaded] = [:]
    /// A configuration given explicitly (`--config`), used for every spec.
    private let explicitPath: String?

    init(currentDirectory: String, explicitPath: String? = nil) {
        self.currentDirectory = currentDirectory
        self.explicitPath = explicitPath
    }

    /// The configuration for the spec at `path` (default when there is none).
    func configuration(forSpecAt path: String) -> Loaded {
        guard let configPath = explicitPath ?? locate(forSpecAt: path) else {
            return Loaded(configuration: .default, diagnostics: [], file: nil)
        }
        lock.lock()
        defer { lock.unlock() }
        if let l = loaded[configPath] { return l }
        let l = load(configPath)
        loaded[configPath] = l
        return l
    }

    /// Reads the configuration at `path` (as displayed: relative to the current folder when below it).
    private func load(_ path: String) -> Loaded {
        guard let data = FileManager.default.contents(atPath: PathTools.absolute(path, in: currentDirectory)) else {
            let d = Diagnostic(
                .lintConfigurationMalformed, span: .wholeFile(path), message: "cannot read the lint configuration \(path)")
            return Loaded(configuration: nil, diagnostics: [d], file: nil)
        }
        let file = SourceFile(path: path, text: String(decoding: data, as: UTF8.self))
        let (configuration, diagnostics) = LintConfiguration.parse(file)
        return Loaded(configuration: configuration, diagnostics: diagnostics, file: file)
    }

    /// The path of the configuration for a spec, as the user would name it
    /// (relative to the current folder when below it).
    func locate(forSpecAt path: String) -> String? {
        let absolute = PathTools.absolute(path, in: currentDirectory)
        var dir = PathTools.parent(absolute)
        var visited: [String] = []
        var found: String?? = nil
        while true {
            lock.lock()
            let cached = byDirectory[dir]
            lock.unlock()
            if let cached {
                found = .some(cached)
                break
            }
            visited.append(dir)
            let candidate = PathTools.join(dir, LintConfiguration.fileName)
            if FileManager.default.fileExists(atPath: candidate) {
                found = .some(candidate)
                break
            }
            if FileManager.default.fileExists(atPath: PathTools.join(dir, ".git")) {
                found = .some(nil)
                break
            }
            let up = PathTools.parent(dir)
            if up == dir {
                // Not in a repository: the current folder's configuration, if any.
                let here = PathTools.join(currentDirectory, LintConfiguration.fileName)
                found = .some(FileManager.default.fileExists(atPath: here) ? here : nil)
                break
            }
            dir = up
        }
        let result = found ?? nil
        lock.lock()
        for v in visited { byDirectory[v] = .some(result) }
        lock.unlock()
        return result.map { PathTools.relative($0, to: currentDirectory) }
    }
}
