import NNCDiagnostics
import NNCSpec
import NNCSyntax

/// The one judgement of a space path, shared by the path and value rules.
enum HyperoptPaths {
    /// What the path and value rules read: the block and every part of the
    /// base spec a trial's spec is decoded and checked with.
    static let reads = [
        "hyperopt", "inputs", "outputs", "network.init", "network.layers.*.dense", "network.layers.*.activation",
        "network.layers.*.init", "network.layers.*.dropout", "network.layers.*.l2", "data.generate.sampling",
        "data.validation", "training.loss", "training.optimizer", "training.batch_size", "training.epochs", "training.stopping",
    ]

    /// What is wrong with `entry`'s path, as a finding of E0801; nil when it names a value.
    static func problem(_ template: SpecTemplate, _ entry: SpaceEntry) -> Diagnostic? {
        let code: DiagnosticCode = .hyperoptUnknownPath
        var isNew = false
        if let e = template.check(path: entry.path.value, newKey: &isNew) {
            let guess = e.known.isEmpty ? nil : DidYouMean.suggestion(for: e.segment, among: e.known)
            let fixed = guess.map { entry.path.value.replacingFirst(e.segment, with: $0) }
            let keys = e.known.isEmpty || e.known.first?.hasPrefix("a list") == true ? [] : [DiagnosticNote("keys there: " + e.known.joined(separator: ", "))]
            return Diagnostic(
                code, span: entry.path.span, message: "the path '\(entry.path.value)' names nothing in the spec: \(e.reason)",
                label: guess.map { "did you mean '\($0)'?" } ?? "not a value of this spec",
                notes: keys + [DiagnosticNote("a path is spec keys joined by '.', with [i], [-1], [*] or [a:b] for layers and * for the optimizer's name")],
                fixIt: fixed.map { FixIt(span: entry.path.span, replacement: $0, message: "replace with '\($0)'") })
        }
        guard isNew, let probe = HyperoptValueRule.probes(entry.domain).first?.0 else { return nil }
        // A key the resolved spec lacks is added; the decoder judges whether it may be.
        let (_, diagnostics) = template.spec([SpecTemplate.Assignment(path: entry.path.value, value: probe)])
        guard let d = diagnostics.first(where: { [.unknownKey, .inapplicableParameter].contains($0.code) }) else { return nil }
        let key = entry.path.value.split(separator: ".").last.map(String.init) ?? entry.path.value
        let guess = d.label.flatMap { label -> String? in
            guard label.hasPrefix("did you mean '"), let end = label.dropFirst(14).firstIndex(of: "'") else { return nil }
            return String(label.dropFirst(14)[..<end])
        }
        let fixed = guess.map { String(entry.path.value.dropLast(key.count)) + $0 }
        return Diagnostic(
            code, span: entry.path.span, message: "the path '\(entry.path.value)' names nothing in the spec: \(d.message)",
            label: guess.map { "did you mean '\($0)'?" } ?? "not a key of the spec there",
            notes: d.notes, fixIt: fixed.map { FixIt(span: entry.path.span, replacement: $0, message: "replace with '\($0)'") })
    }
}
