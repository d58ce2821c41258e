import Foundation
import NNCDiagnostics
import NNCSyntax

/// Decodes the located YAML tree of a spec into a `Spec`, collecting every
/// problem on the way instead of stopping at the first.
///
/// Typing is directed by the schema: each place asks for what it wants (a
/// number, an integer, a name, a word from a vocabulary) and reads the scalar's
/// text accordingly, so `name: no` is the string "no" and `learning_rate: 1e-3`
/// is a number. Defaults are filled in here (see docs/spec.md for the list),
/// and a defaulted value carries the span of the mapping it would live in.
///
/// On an error the decoder keeps going: it puts a harmless stand-in in place
/// of the bad value and records the value's path in `poison`, so the checker
/// can skip every check that reads it (a stand-in would make checks report
/// problems the user never wrote) while still checking the rest. Callers get
/// the spec itself only when there was no error (see `SpecLoader.Result`).
struct SpecDecoder {
    let sources: SourceManager
    var diagnostics: [Diagnostic] = []
    /// The parts of the decoded spec that hold stand-ins for values that failed.
    var poison = SpecPoison()
    /// Where the YAML layer reported errors in the spec file that left a tree
    /// (duplicate keys, bad merges): the values there are poisoned.
    var syntaxErrors: [SourceSpan] = []
    /// Every file read (the spec, then includes), as displayed in diagnostics.
    var files: [String] = []
    /// Keys reported as written in the wrong section; the section they belong
    /// to does not report them missing as well.
    var misplaced: Set<String> = []
    /// True when the YAML layer dropped part of the file (a second document,
    /// a bad merge, a non-scalar key): keys may be "missing" only because of
    /// that, so missing keys are not reported on top of it.
    var contentDropped = false
    /// Data columns already reported missing from a file.
    var reportedColumns: Set<String> = []
    /// Keys already reported as written too deep (`epochs:` indented under
    /// `optimizer:`): the mapping they sit in skips them instead of reporting
    /// them again as unknown.
    var misplacedSpans: Set<SourceSpan> = []

    init(sources: SourceManager) {
        self.sources = sources
    }

    var errorCount: Int { diagnostics.reduce(0) { $0 + ($1.severity == .error ? 1 : 0) } }

    mutating func report(
        _ code: DiagnosticCode, _ span: SourceSpan, _ message: String, label: String? = nil,
        notes: [String] = [], fixIt: FixIt? = nil
    ) {
        diagnostics.append(Diagnostic(
            code, span: span, message: message, label: label,
            notes: notes.map { DiagnosticNote($0) }, fixIt: fixIt))
    }

    // MARK: The whole spec

    static let topLevelKeys = ["nnc", "name", "inputs", "outputs", "include", "network", "data", "training", "expect", "hyperopt"]

    /// Decodes a parsed spec file as far as it goes: a spec with stand-ins for
    /// the values that failed (named in `poison`), or nil when there is no
    /// spec to speak of (no mapping at the top, an unsupported version).
    mutating func decodeSpec(_ document: ParsedDocument) -> Spec? {
        let path = document.file.path
        files.append(path)
        diagnostics += document.diagnostics
        contentDropped = document.diagnostics.contains {
            [DiagnosticCode.multipleDocuments, DiagnosticCode.invalidMerge, DiagnosticCode.nonScalarKey].contains($0.code)
        }
        syntaxErrors = document.diagnostics.filter { $0.severity == .error }.map(\.span)
        guard let root = document.root else {
            if document.diagnostics.isEmpty {
                report(.wrongType, .wholeFile(path), "the spec is empty",
                       label: "expected a mapping with 'nnc: 1', 'name', 'inputs', 'outputs', 'network', 'data' and 'training'",
                       notes: ["a spec starts with the line 'nnc: 1'; `nnc explain E0103` shows a complete example"])
            }
            return nil
        }
        let rootAnchor = SourceSpan(file: path, start: root.span.start, end: root.span.start)
        let rootField = Field(name: "the spec", keySpan: nil, node: root)
        guard root.mapping != nil else {
            wrongType(rootField, expected: "a mapping of spec keys (nnc, name, inputs, ...) at the top level")
            return nil
        }

        // The version decides how everything else reads, so it is checked first.
        let version = decodeVersion(root, anchor: rootAnchor)
        guard let version else { return nil }

        // 'nnc' is required too, but decodeVersion has already reported it.
        var required = ["name", "inputs", "outputs", "data", "training"]
        let hasInclude = root["include"] != nil
        if !hasInclude { required.append("network") }
        guard let top = fields(rootField, context: "at the top level", known: Self.topLevelKeys,
                               required: required, anchor: rootAnchor)
        else { return nil }
        poisonUnwritten(top, required: required, under: "")
        defer { poisonUncoveredSyntaxErrors(top) }

        var before = errorCount
        let name = top["name"].flatMap { specName($0) } ?? Located("", span: rootAnchor)
        poisonIfFailed("name", since: before, at: top["name"]?.entrySpan ?? rootAnchor)

        before = errorCount
        let inputs = top["inputs"].map { features($0, role: .inputs) }
            ?? Features(features: [], fromCount: false, span: rootAnchor)
        let inputsKnown = errorCount == before && top["inputs"] != nil
        poisonIfFailed("inputs", since: before, at: inputs.span)
        before = errorCount
        let outputs = top["outputs"].map { features($0, role: .outputs) }
            ?? Features(features: [], fromCount: false, span: rootAnchor)
        checkDistinct(inputs: inputs, outputs: outputs)
        poisonIfFailed("outputs", since: before, at: outputs.span)

        // Problems with the include itself (its file, its YAML) poison the whole
        // network; problems inside it poison only the parts they are in.
        let networkSpan = (top["network"] ?? top["include"])?.entrySpan ?? rootAnchor
        var network: Network?
        if let inc = top["include"] {
            if let net = top["network"] {
                report(.conflictingKeys, net.anchor, "'network' and 'include' are both given",
                       label: "the network comes from the included file",
                       notes: ["keep one: either write the network here or include it from a file"])
            } else {
                before = errorCount
                let included = includedNetwork(inc, from: path, chain: [Self.canonical(path)])
                poisonIfFailed("network", since: before, at: networkSpan)
                if let included { network = decodeNetwork(included.field, file: included.file) }
            }
        } else if let net = top["network"] {
            network = decodeNetwork(net, file: path)
        }
        if network == nil { poison.insert("network", span: networkSpan) }

        // When the inputs failed to decode, names in expressions are not judged
        // against them: that would only repeat the first error.
        let raw: [String]? = inputsKnown ? inputs.rawVariables : nil
        let data = top["data"].flatMap { decodeData($0, rawInputs: raw, outputs: outputs, specFile: path) }
        if data == nil { poison.insert("data", span: top["data"]?.entrySpan ?? rootAnchor) }
        let training = top["training"].flatMap { decodeTraining($0, data: data, rawInputs: raw, specFile: path) }
        if training == nil { poison.insert("training", span: top["training"]?.entrySpan ?? rootAnchor) }
        let expect = top["expect"].flatMap { decodeExpect($0) }
        let hyperopt = top["hyperopt"].flatMap { decodeHyperopt($0) }
        if hyperopt == nil, let h = top["hyperopt"] { poison.insert("hyperopt", span: h.entrySpan) }

        return Spec(
            version: version, name: name, inputs: inputs, outputs: outputs,
            network: network ?? Self.standInNetwork(file: path, span: networkSpan),
            data: data ?? Self.standInData(span: root.span),
            training: training ?? Self.standInTraining(span: root.span),
            expect: expect, sources: files, span: root.span, hyperopt: hyperopt)
    }

    private mutating func decodeVersion(_ root: Node, anchor: SourceSpan) -> Located<Int>? {
        guard let entry = root.mapping?.first(where: { $0.key.scalar?.value == "nnc" }) else {
            // `version: 1` or `ncc: 1` is reported as an unknown key with the fix to 'nnc'.
            let misspelt = root.mapping?.contains { entry in
                guard let key = entry.key.scalar?.value else { return false }
                return key.lowercased() == "version" || DidYouMean.suggestion(for: key, among: Self.topLevelKeys) == "nnc"
            } ?? false
            if misspelt { return Located(1, span: anchor) }
            report(.missingKey, anchor, "missing required key 'nnc' (the spec format version)",
                   label: "expected 'nnc: 1' as the first line",
                   notes: ["every spec starts with the version of the spec format it is written in"],
                   fixIt: FixIt(span: anchor, replacement: "nnc: 1\n", message: "insert 'nnc: 1'"))
            // Keep going with version 1 so the other keys are still checked.
            return Located(1, span: anchor)
        }
        let f = Field(name: "nnc", keySpan: entry.key.span, node: entry.value)
        guard let v = integer(f) else { return Located(1, span: f.node.span) }
        if v.value != 1 {
            report(.unsupportedVersion, v.span, "unsupported spec version \(v.value)",
                   label: "this nnc reads version 1",
                   notes: ["the only spec format version so far is 1"],
                   fixIt: FixIt(span: v.span, replacement: "1", message: "replace with '1'"))
            return nil
        }
        return v
    }

    /// The spec's name names files and folders (`.nnc/<name>.plan.json`,
    /// `runs/<name>/`), so it must be a plain file name.
    private mutating func specName(_ f: Field) -> Located<String>? {
        guard let s = string(f) else { return nil }
        // ASCII letters and digits (what `CharacterSet.alphanumerics` holds of ASCII), '.', '_', '-'.
        func allowed(_ c: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "." || c == "_" || c == "-"
        }
        let ok = !s.value.isEmpty && !s.value.hasPrefix(".") && s.value.unicodeScalars.count <= 100
            && s.value.unicodeScalars.allSatisfy(allowed)
        if !ok {
            report(.invalidName, s.span, "the spec name '\(s.value)' cannot be used as a file name",
                   label: "expected ASCII letters, digits, '.', '_' or '-'",
                   notes: ["the name names the plan file and the run folder, so it must be a plain file name that does not start with '.'"])
        }
        return s
    }

    /// A path normalised for include-cycle detection.
    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// `dir/of/file` + `relative`, normalised lexically (`a/./b/../c` → `a/c`), kept relative when both are.
    static func resolve(_ relative: String, against file: String) -> String {
        if relative.hasPrefix("/") { return normalise(relative) }
        let dir = (file as NSString).deletingLastPathComponent
        return normalise(dir.isEmpty ? relative : dir + "/" + relative)
    }

    static func normalise(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [String] = []
        for p in path.split(separator: "/", omittingEmptySubsequences: true) {
            if p == "." { continue }
            if p == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            if p == "..", absolute { continue }
            parts.append(String(p))
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }
}
