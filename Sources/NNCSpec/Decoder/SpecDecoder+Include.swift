import Foundation
import NNCDiagnostics
import NNCSyntax

/// `include: network.yaml`: the network from another file.
///
/// The included file is a small spec of its own with a top-level `network:`
/// key (and optionally `nnc: 1`), so it reads the same on its own as inside a
/// spec. It may itself `include:` another file instead of holding `network:`.
/// Paths are relative to the including file.
extension SpecDecoder {
    struct IncludedNetwork {
        var field: Field
        var file: String
    }

    /// The included file's `network:` field and the file it is in; nil after reporting.
    mutating func includedNetwork(_ f: Field, from file: String, chain: [String]) -> IncludedNetwork? {
        guard let path = string(f, expected: "the path of a network file") else { return nil }
        let resolved = Self.resolve(path.value, against: file)
        let canonical = Self.canonical(resolved)
        if let at = chain.firstIndex(of: canonical) {
            let cycle = (chain[at...] + [canonical]).map { ($0 as NSString).lastPathComponent }
            report(.includeCycle, path.span, "including '\(path.value)' forms a cycle",
                   label: "this file is already being included",
                   notes: ["include chain: " + cycle.joined(separator: " -> ")])
            return nil
        }
        let (loaded, loadDiagnostics) = YAMLParser.load(path: resolved)
        guard let source = loaded else {
            report(.includeUnreadable, path.span,
                   "cannot read the included file '\(path.value)': \(SourceReader.problem(at: resolved))",
                   label: "looked for \(resolved)",
                   notes: ["an include path is relative to the folder of the file that includes it"])
            return nil
        }
        sources.add(source)
        if loadDiagnostics.hasErrors {
            files.append(resolved)
            diagnostics += loadDiagnostics
            return nil
        }
        var document = YAMLParser.parse(source)
        document.diagnostics = loadDiagnostics + document.diagnostics
        files.append(resolved)
        diagnostics += document.diagnostics
        guard let root = document.root else {
            if document.diagnostics.isEmpty {
                report(.wrongType, path.span, "the included file '\(path.value)' is empty",
                       label: "expected a file with a top-level 'network:' key")
            }
            return nil
        }
        let rootField = Field(name: "the spec", keySpan: nil, node: root)
        let anchor = SourceSpan(file: resolved, start: root.span.start, end: root.span.start)
        let nested = root["include"] != nil
        guard let top = fields(rootField, context: "in an included network file", known: ["nnc", "include", "network"],
                               required: nested ? [] : ["network"], anchor: anchor,
                               example: "network: {layers: [...]}")
        else { return nil }
        if let v = top["nnc"], let version = integer(v), version.value != 1 {
            report(.unsupportedVersion, version.span, "unsupported spec version \(version.value)",
                   label: "this nnc reads version 1",
                   fixIt: FixIt(span: version.span, replacement: "1", message: "replace with '1'"))
            return nil
        }
        if let inner = top["include"] {
            if let net = top["network"] {
                report(.conflictingKeys, net.anchor, "'network' and 'include' are both given",
                       label: "the network comes from the included file",
                       notes: ["keep one: either write the network here or include it from a file"])
                return nil
            }
            return includedNetwork(inner, from: resolved, chain: chain + [canonical])
        }
        guard let net = top["network"] else { return nil }
        return IncludedNetwork(field: net, file: resolved)
    }
}
