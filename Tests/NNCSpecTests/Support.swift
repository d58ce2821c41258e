import Foundation
import NNCDiagnostics
@testable import NNCSpec

/// The repository root, found from this file's path.
let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A minimal valid spec; tests replace parts of it.
let minimal = """
    nnc: 1
    name: fit
    inputs: [x]
    outputs: [y]
    network:
      layers:
        - dense: 8
          activation: tanh
        - dense: 1
    data:
      generate:
        truth: "sin(x)"
        x: {linspace: [0, 1], points: 50}
    training:
      loss: mse
      optimizer: adam
      epochs: 100

    """

struct Decoded {
    var spec: Spec?
    var diagnostics: [Diagnostic]
    var sources: SourceManager

    var codes: [String] { diagnostics.map(\.code.rawValue) }
    var first: Diagnostic? { diagnostics.sortedForOutput().first }
    func rendered() -> String { TextRenderer(sources: sources).render(diagnostics.sortedForOutput()) }
}

/// Decodes spec text as if read from `path`.
func decode(_ text: String, path: String = "spec.yaml") -> Decoded {
    let sources = SourceManager()
    let (spec, diagnostics) = SpecLoader.decode(text: text, path: path, sources: sources)
    return Decoded(spec: spec, diagnostics: diagnostics, sources: sources)
}

/// `minimal` with the first occurrence of `old` replaced by `new`.
func minimalWith(_ old: String, _ new: String) -> String {
    guard let r = minimal.range(of: old) else { fatalError("test edit '\(old)' not in the minimal spec") }
    return minimal.replacingCharacters(in: r, with: new)
}

/// A fresh temporary folder holding `files`.
func temporaryFolder(_ files: [String: String]) -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnc-spec-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    for (name, text) in files {
        let url = dir.appendingPathComponent(name)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? text.write(to: url, atomically: true, encoding: .utf8)
    }
    return dir
}

/// True when two values are equal ignoring every source position, file
/// name and resolved path (compared by reflection, so a new field is compared too).
func semanticallyEqual(_ a: Any, _ b: Any, path: String = "spec") -> String? {
    let ignored: Set<String> = ["span", "file", "sources", "resolvedPath", "spans"]
    if a is SourceSpan { return nil }
    let ma = Mirror(reflecting: a)
    let mb = Mirror(reflecting: b)
    if ma.children.isEmpty || ma.displayStyle == .enum && ma.children.isEmpty {
        return "\(a)" == "\(b)" ? nil : "\(path): \(a) != \(b)"
    }
    if ma.displayStyle == .enum || ma.displayStyle == .optional {
        // Compare the case name and the payload.
        let ca = "\(a)".prefix { $0 != "(" }
        let cb = "\(b)".prefix { $0 != "(" }
        if ca != cb { return "\(path): \(ca) != \(cb)" }
    }
    let ca = Array(ma.children)
    let cb = Array(mb.children)
    if ca.count != cb.count { return "\(path): \(ca.count) children != \(cb.count)" }
    for (x, y) in zip(ca, cb) {
        let label = x.label ?? "?"
        if ignored.contains(label) { continue }
        if let problem = semanticallyEqual(x.value, y.value, path: path + "." + label) { return problem }
    }
    return nil
}
