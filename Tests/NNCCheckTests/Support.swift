import Foundation
import NNCCheck
import NNCDiagnostics
import NNCSpec

/// The repository root, found from this file's path.
let repoRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A fresh temporary folder holding `files` (path relative to the folder → contents).
func temporaryFolder(_ files: [String: String]) -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnc-check-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    for (name, text) in files {
        let url = dir.appendingPathComponent(name)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? text.write(to: url, atomically: true, encoding: .utf8)
    }
    return dir
}

/// The result of running the front end on spec text written to a temporary folder.
struct Compiled {
    var result: Frontend.Result
    var sources: SourceManager
    var path: String

    var codes: [String] { result.diagnostics.map(\.code.rawValue) }

    func rendered() -> String { TextRenderer(sources: sources).render(result.diagnostics) }
}

/// Writes `spec` as `spec.yaml` (with `files` beside it) and compiles it.
func compile(_ spec: String, files: [String: String] = [:]) -> Compiled {
    let dir = temporaryFolder(files.merging(["spec.yaml": spec]) { a, _ in a })
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("spec.yaml").path
    let sources = SourceManager()
    return Compiled(result: Frontend.compile(path: path, sources: sources), sources: sources, path: path)
}
