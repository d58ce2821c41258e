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
        for entry in entries {
            guard let key = entry.key.scalar, !key.isNull else {
                report(SpecCode.wrongType, entry.key.reportSpan, "expected a key name \(context), found \(Self.found(entry.key))",
                       label: "expected a name")
                continue
            }
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
        for key in required where out.entries[key] == nil && !meant.contains(key) {
            report(SpecCode.missingKey, out.anchor, "missing required key '\(key)' \(context)",
                   label: "'\(key)' is required here",
                   notes: Self.requiredNote(key: key, required: required))
        }
        return out
    }

    private static func requiredNote(key: String, required: [String]) -> [String] {
        let examples = [
            "nnc": "nnc: 1", "name": "name: my-fit", "inputs": "inputs: [x]", "outputs": "outputs: [y]",
            "network": "network: {layers: [{dense: 16, activation: tanh}, {dense: 1}]}",
            "layers": "layers: [{dense: 16, activation: tanh}, {dense: 1}]",
            "data": "data: {train: {csv: data/train.csv}}",
            "training": "training: {loss: mse, optimizer: adam, epochs: 1000}",
            "loss": "loss: mse", "optimizer": "optimizer: adam", "epochs": "epochs: 1000",
            "dense": "dense: 16", "truth": "truth: \"sin(x)\"", "points": "points: 100",
            "patience": "patience: 100", "csv": "csv: data/train.csv",
        ]
        var notes: [String] = []
        if let e = examples[key] { notes.append("for example: \(e)") }
        if required.count > 1 { notes.append("required here: " + required.joined(separator: ", ")) }
        return notes
    }

    /// Words from other tools that mean a key nnc spells differently.
    static let synonyms: [String: String] = [
        "version": "nnc", "lr": "learning_rate", "units": "dense", "activations": "activation",
        "initializer": "init", "kernel_initializer": "init", "use_bias": "bias", "batch": "batch_size",
        "batchsize": "batch_size", "early_stopping": "stopping", "n_epochs": "epochs", "epoch": "epochs",
    ]

    /// Reports an unknown key; returns the key it was probably meant to be.
    @discardableResult
    mutating func unknownKey(_ name: String, span: SourceSpan, context: String, known: [String]) -> String? {
        var guess = DidYouMean.suggestion(for: name, among: known)
        if guess == nil, let synonym = Self.synonyms[name], known.contains(synonym) { guess = synonym }
        var notes: [String] = []
        if guess == nil, let hint = Self.misplacedKeys[name] { notes.append(hint) }
        notes.append("known keys \(context): " + known.joined(separator: ", "))
        report(SpecCode.unknownKey, span, "unknown key '\(name)' \(context)",
               label: guess.map { "did you mean '\($0)'?" },
               notes: notes,
               fixIt: guess.map { FixIt(span: span, replacement: $0, message: "replace with '\($0)'") })
        return guess
    }
}
