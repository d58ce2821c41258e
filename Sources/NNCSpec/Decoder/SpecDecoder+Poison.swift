import NNCDiagnostics

/// Recording which parts of the spec hold stand-ins (see `SpecPoison`).
extension SpecDecoder {
    /// Poisons `path` when an error was reported since the error count was `before`.
    mutating func poisonIfFailed(_ path: String, since before: Int, at span: SourceSpan) {
        if errorCount > before { poison.insert(path, span: span) }
    }

    /// Poisons `path` when the YAML layer reported an error inside `span` (a
    /// duplicate key dropped, a merge that failed): the value read there may
    /// not be the one the user meant.
    mutating func poisonIfSyntaxError(_ path: String, inside span: SourceSpan) {
        if syntaxErrors.contains(where: { span.encloses($0) }) { poison.insert(path, span: span) }
    }

    /// After decoding: a YAML error that no poisoned part covers poisons the
    /// top-level section it is in, or the whole spec when it is in none.
    mutating func poisonUncoveredSyntaxErrors(_ top: Fields?) {
        for error in syntaxErrors where !poison.parts.contains(where: { $0.span.encloses(error) }) {
            if let key = top?.order.first(where: { top?[$0]?.entrySpan.encloses(error) == true }) {
                poison.insert(key, span: top?[key]?.entrySpan ?? error)
            } else {
                poison.poisonEverything()
            }
        }
    }

    /// Poisons every key of the mapping under `prefix` that is required, or that
    /// an unknown key was probably meant to be, and that is not written: its
    /// value is a default standing in for what the user meant.
    mutating func poisonUnwritten(_ f: Fields, required: [String], under prefix: String) {
        for key in required + f.meant.sorted() where !f.has(key) {
            poison.insert(prefix.isEmpty ? key : prefix + "." + key, span: f.anchor)
        }
    }

    /// Where a key written in the wrong section belongs: that part is missing
    /// its value, so it is poisoned. `*` is any layer.
    static let misplacedPaths: [String: String] = [
        "learning_rate": "training.optimizer", "lr": "training.optimizer", "momentum": "training.optimizer",
        "units": "network.layers.*.dense", "patience": "training.stopping", "layers": "network.layers",
        "activation": "network.layers.*.activation", "epochs": "training.epochs", "loss": "training.loss",
        "optimizer": "training.optimizer", "validation": "data.validation", "generate": "data.generate",
        "truth": "data.generate.truth", "dropout": "network.layers.*.dropout", "l2": "network.layers.*.l2",
        "batch_size": "training.batch_size", "stopping": "training.stopping",
    ]
}

extension SourceSpan {
    /// True when `other` lies within this span (same file).
    func encloses(_ other: SourceSpan) -> Bool {
        file == other.file && start <= other.start && other.end <= end
    }
}

/// Stand-ins for sections and items that failed to decode. Each is valid on
/// its own, and is always poisoned, so no check reads it.
extension SpecDecoder {
    static func standInNetwork(file: String, span: SourceSpan) -> Network {
        Network(initializer: Located(Initializer(.glorotUniform), span: span), layers: [], file: file, span: span)
    }

    /// A layer in place of a list item that is not a layer. Its name cannot be
    /// written in a spec, so it never clashes with a real layer's name.
    static func standInLayer(index: Int, initializer: Located<Initializer>, span: SourceSpan) -> Layer {
        Layer(name: Located(standInLayerName(index), span: span), units: Located(1, span: span),
              activation: Located(Activation(.linear), span: span), initializer: initializer,
              bias: Located(true, span: span), dropout: Located(0, span: span), l2: Located(0, span: span), span: span)
    }

    static func standInLayerName(_ index: Int) -> String { "<layer \(index + 1)>" }

    static func standInGenerate(span: SourceSpan) -> Generate {
        Generate(truth: [], sampling: [], noise: nil, seed: Located(0, span: span), span: span)
    }

    static func standInData(span: SourceSpan) -> DataSpec {
        DataSpec(source: .generate(standInGenerate(span: span)), validation: nil, span: span)
    }

    static func standInTraining(span: SourceSpan) -> Training {
        Training(loss: Located(Loss(.mse), span: span), optimizer: Located(Optimizer(.adam), span: span),
                 batchSize: Located(.full, span: span), epochs: Located(1, span: span), stopping: nil,
                 seed: Located(0, span: span), replicas: Located(1, span: span), span: span)
    }
}
