import NNCDiagnostics
import NNCSyntax

/// Reading mappings: known keys, unknown keys with did-you-mean, required keys.
extension SpecDecoder {
    /// Keys users put one level off, with where they belong.
    static let misplacedKeys: [String: String] = [
        "learning_rate": "the learning rate is an optimizer parameter: optimizer: {adam: {learning_rate: 1.0e-3}}",
        "lr": "the learning rate is an optimizer parameter: optimizer: {adam: {learning_rate: 1.0e-3}}",
        "momentum": "momentum is an optimizer parameter: optimizer: {sgd: {momentum: 0.9}}",
        "units": "a layer's width is its 'dense' value: - dense: 25",
        "patience": "patience belongs to early stopping: stopping: {patience: 100}",
        "layers": "layers belong to the network: network: {layers: [...]}",
        "activation": "an activation belongs to a layer: {dense: 25, activation: tanh}",
        "epochs": "epochs belongs to training: training: {epochs: 1000}",
        "loss": "the loss belongs to training: training: {loss: mse}",
        "optimizer": "the optimizer belongs to training: training: {optimizer: adam}",
        "validation": "the validation set belongs to data: data: {validation: {fraction: 0.2}}",
        "generate": "generated data belongs to data: data: {generate: {truth: \"sin(x)\", ...}}",
        "truth": "the truth belongs to data.generate: data: {generate: {truth: \"sin(x)\", ...}}",
        "dropout": "dropout is set on each layer: - {dense: 25, activation: tanh, dropout: 0.1}",
        "l2": "l2 is set on each layer: - {dense: 25, l2: 1.0e-4}",
        "batch_size": "the batch size belongs to training: training: {batch_size: 32}",
        "stopping": "early stopping belongs to training: training: {stopping: {patience: 100}}",
    ]

    /// Checks that `f` is a mapping, reports keys outside `known` (with
    /// did-you-mean and a fix-it) and `required` keys that are absent (at
    /// `anchor`: the key that holds the mapping). Nil when `f` is not a mapping.
    mutating func fields(
        _ f: Field, context: String, known: [String], required: [String], anchor: SourceSpan? = nil,
        example: String? = nil
    ) -> Fields? {
        guard let entries = f.node.mapping else {
            if f.node.scalar?.isNull == true {
                missingValue(f, expected: "a mapping" + (example.map { " such as \($0)" } ?? ""))
            } else {
                wrongType(f, expected: "a mapping", notes: example.map { ["write it as \($0)"] } ?? [])
            }
            return nil
        }
        var out = Fields(span: f.node.span, anchor: anchor ?? f.anchor)
        // Keys that an unknown key was probably meant to be: their absence is
        // the same mistake, already reported with its fix.
        var meant: Set<String> = []
        for (i, entry) in entries.enumerated() {
            if reportSplitNumber(entries, at: i) {
                // The number before the ',' is not what the user wrote: its key
                // is treated as not written (and so as poisoned), not as that number.
                if let previous = entries[i - 1].key.scalar?.value, out.entries[previous] != nil {
                    out.entries[previous] = nil
                    out.order.removeAll { $0 == previous }
                    meant.insert(previous)
                }
                continue
            }
            guard let key = entry.key.scalar, !key.isNull else {
                report(.wrongType, entry.key.reportSpan, "expected a key name \(context), found \(Self.found(entry.key))",
                       label: "expected a name")
                continue
            }
            if misplacedSpans.contains(entry.key.reportSpan) { continue }
            let name = key.value
            guard known.contains(name) else {
                if let guess = unknownKey(name, span: entry.key.reportSpan, context: context, known: known) {
                    meant.insert(guess)
                }
                continue
            }
            if out.entries[name] == nil {
                out.entries[name] = Field(name: name, keySpan: entry.key.reportSpan, node: entry.value)
                out.order.append(name)
            }
        }
        out.meant = meant
        // Several keys missing from one mapping are one problem (a section
        // left unfinished), so they are reported together.
        var missing = contentDropped ? [] : required.filter {
            out.entries[$0] == nil && !meant.contains($0) && !misplaced.contains($0)
        }
        // A required key written one or two levels too deep is reported where
        // it is, once, instead of as missing here and unknown there.
        missing.removeAll { key in
            guard let (found, parents) = Self.nested(key, in: entries) else { return false }
            reportTooDeep(key, at: found.reportSpan, under: parents, context: context)
            return true
        }
        if missing.count == 1, let key = missing.first {
            report(.missingKey, out.anchor, "missing required key '\(key)' \(context)",
                   label: "'\(key)' is required here",
                   notes: Self.requiredNote(key: key, required: required))
        } else if missing.count > 1 {
            let list = Self.quotedList(missing)
            report(.missingKey, out.anchor, "missing required keys \(list) \(context)",
                   label: "\(list) are required here",
                   notes: Self.requiredNote(keys: missing))
        }
        return out
    }

    /// The key `name` in the mappings one or two levels below `entries`, with
    /// the keys it is under; nil when it is not there.
    static func nested(_ name: String, in entries: [MappingEntry]) -> (Node, [String])? {
        for entry in entries {
            guard let parent = entry.key.scalar?.value, let children = entry.value.mapping else { continue }
            if let hit = children.first(where: { $0.key.scalar?.value == name }) { return (hit.key, [parent]) }
            for child in children {
                guard let middle = child.key.scalar?.value, let grandchildren = child.value.mapping else { continue }
                if let hit = grandchildren.first(where: { $0.key.scalar?.value == name }) { return (hit.key, [parent, middle]) }
            }
        }
        return nil
    }

    /// Reports `key`, found under `parents`, as belonging `context` (where it
    /// is required); the mapping it sits in will skip it.
    mutating func reportTooDeep(_ key: String, at span: SourceSpan, under parents: [String], context: String) {
        misplacedSpans.insert(span)
        misplaced.insert(key)
        let path = parents.map { "'\($0)'" }.joined(separator: " > ")
        let example = Self.requiredExamples[key].map { ": \($0)" } ?? ""
        report(.unknownKey, span, "'\(key)' is under \(path), but it belongs \(context)",
               label: parents.count == 1 ? "indented one level too deep" : "indented two levels too deep",
               notes: ["move it out to the indentation of '\(parents[0])'\(example)"])
    }

    /// `'a', 'b' and 'c'`.
    static func quotedList(_ words: [String]) -> String {
        let quoted = words.map { "'\($0)'" }
        guard quoted.count > 1 else { return quoted.first ?? "" }
        return quoted.dropLast().joined(separator: ", ") + " and " + quoted[quoted.count - 1]
    }

    private static func requiredNote(keys: [String]) -> [String] {
        let lines = keys.compactMap { requiredExamples[$0] }
        return lines.isEmpty ? [] : ["for example:\n" + lines.joined(separator: "\n")]
    }

    static let requiredExamples = [
            "nnc": "nnc: 1", "name": "name: my-fit", "inputs": "inputs: [x]", "outputs": "outputs: [y]",
            "network": "network: {layers: [{dense: 16, activation: tanh}, {dense: 1}]}",
            "layers": "layers: [{dense: 16, activation: tanh}, {dense: 1}]",
            "data": "data: {train: {csv: data/train.csv}}",
            "training": "training: {loss: mse, optimizer: adam, epochs: 1000}",
            "loss": "loss: mse", "optimizer": "optimizer: adam", "epochs": "epochs: 1000",
            "dense": "dense: 16", "truth": "truth: \"sin(x)\"", "points": "points: 100",
            "patience": "patience: 100", "csv": "csv: data/train.csv",
        ]

    private static func requiredNote(key: String, required: [String]) -> [String] {
        var notes: [String] = []
        if let e = requiredExamples[key] { notes.append("for example: \(e)") }
        if required.count > 1 { notes.append("required here: " + required.joined(separator: ", ")) }
        return notes
    }

    /// Words from other tools that mean a key nnc spells differently.
    static let synonyms: [String: String] = [
        "version": "nnc", "lr": "learning_rate", "units": "dense", "activations": "activation",
        "initializer": "init", "kernel_initializer": "init", "use_bias": "bias", "batch": "batch_size",
        "batchsize": "batch_size", "early_stopping": "stopping", "n_epochs": "epochs", "epoch": "epochs",
        "train": "training", "optimiser": "optimizer", "init_method": "init", "hidden": "layers",
        "learningrate": "learning_rate", "learning-rate": "learning_rate", "kernel": "init",
        "num_points": "points", "n_points": "points", "npoints": "points", "n": "points",
        "function": "truth", "target": "truth", "expr": "truth", "formula": "truth",
        "val": "validation", "valid": "validation", "validation_split": "validation", "split": "fraction",
        "file": "csv", "path": "csv",
    ]

    /// Reports an unknown key; returns the key it was probably meant to be.
    @discardableResult
    mutating func unknownKey(_ name: String, span: SourceSpan, context: String, known: [String]) -> String? {
        // A word from another tool names what the user meant more surely
        // than spelling does (`units` is 'dense', not 'init').
        var guess: String?
        if let synonym = Self.synonyms[name.lowercased()], known.contains(synonym) { guess = synonym }
        if guess == nil, let hint = Self.misplacedKeys[name] {
            // A key that belongs elsewhere: say where, rather than guess a
            // look-alike here; the section it belongs to does not also report it missing.
            misplaced.insert(name)
            if let path = Self.misplacedPaths[name] { poison.insert(path, span: span) }
            report(.unknownKey, span, "'\(name)' does not belong \(context)",
                   label: "misplaced key", notes: [hint] + (known.isEmpty ? [] : ["known keys \(context): " + known.joined(separator: ", ")]))
            return nil
        }
        if guess == nil { guess = DidYouMean.suggestion(for: name, among: known) }
        var notes: [String] = []
        notes.append("known keys \(context): " + known.joined(separator: ", "))
        report(.unknownKey, span, "unknown key '\(name)' \(context)",
               label: guess.map { "did you mean '\($0)'?" },
               notes: notes,
               fixIt: guess.map { FixIt(span: span, replacement: $0, message: "replace with '\($0)'") })
        return guess
    }
}

extension SpecDecoder {
    /// `{learning_rate: 0,001}` reads as `learning_rate: 0` and a key `001`:
    /// in a flow mapping ',' separates entries. True (after one diagnostic on
    /// the whole `0,001`) when `entries[i]` is such a split-off digit group.
    mutating func reportSplitNumber(_ entries: [MappingEntry], at i: Int) -> Bool {
        guard i > 0, let key = entries[i].key.scalar, key.style == .plain, !key.value.isEmpty,
              key.value.allSatisfy({ $0.isASCII && $0.isNumber }),
              entries[i].value.scalar?.isNull == true,
              let previous = entries[i - 1].value.scalar, previous.style == .plain,
              Self.parseNumber(previous.value) != nil
        else { return false }
        let valueSpan = entries[i - 1].value.reportSpan
        let keySpan = entries[i].key.reportSpan
        // Only when nothing but the comma stands between them: `0,001`, not `0, 001`.
        guard valueSpan.end.line == keySpan.start.line, keySpan.start.column == valueSpan.end.column + 1 else { return false }
        let text = previous.value + "," + key.value
        let span = valueSpan.union(keySpan)
        let name = entries[i - 1].key.scalar?.value ?? "the value"
        let hint = Self.numberHint(text)
        report(.wrongType, span, "expected a number for '\(name)', found '\(text)'",
               label: "read as '\(previous.value)' and a key '\(key.value)'",
               notes: ["inside { } a ',' separates entries"] + (hint.map { [$0.note] } ?? []),
               fixIt: hint.map { FixIt(span: span, replacement: $0.replacement, message: "replace with '\($0.replacement)'") })
        return true
    }

    /// `{truth: pow(x, 2), x: ...}` unquoted: in a flow mapping the comma
    /// inside the call ends the entry, leaving `truth: pow(x` and a key `2)`
    /// without a value. True (after one diagnostic with the fix to quote the
    /// expression) when `entries[i]` is such a split-off rest; the entry
    /// before it is then not what the user wrote.
    mutating func reportSplitExpression(_ entries: [MappingEntry], at i: Int) -> Bool {
        guard i > 0, let key = entries[i].key.scalar, key.style == .plain, entries[i].value.scalar?.isNull == true,
              let previous = entries[i - 1].value.scalar, previous.style == .plain, Self.depth(previous.value) > 0,
              Self.depth(previous.value + ", " + key.value) == 0
        else { return false }
        let text = previous.value + ", " + key.value
        let span = entries[i - 1].value.reportSpan.union(entries[i].key.reportSpan)
        let name = entries[i - 1].key.scalar?.value ?? "the value"
        let quoted = "\"" + text + "\""
        report(.expressionSyntax, span, "the expression '\(text)' for '\(name)' was split by YAML at its comma",
               label: "read as '\(previous.value)' and a key '\(key.value)'",
               notes: ["inside { } a ',' separates entries; quote the expression: \(name): \(quoted)"],
               fixIt: FixIt(span: span, replacement: quoted, message: "quote the expression: \(quoted)"))
        return true
    }
}
