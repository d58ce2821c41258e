import NNCDiagnostics
import NNCSyntax

/// `hyperopt:`: the search block (see `Hyperopt`). Only its structure is
/// judged here; whether each path names a value of the spec, and whether the
/// spec accepts the values, is the checker's (`HyperoptSpaceRule`).
extension SpecDecoder {
    static let hyperoptKeys = ["trials", "sampler", "seed", "reward", "prune", "space", "architecture"]

    mutating func decodeHyperopt(_ f: Field) -> Hyperopt? {
        guard let h = fields(f, context: "in 'hyperopt'", known: Self.hyperoptKeys, required: ["trials"],
                             example: "hyperopt: {trials: 50, space: {training.optimizer.*.learning_rate: {log_uniform: [1.0e-4, 1.0e-1]}}}")
        else { return nil }
        let span = f.node.span
        let before = errorCount
        let trials = h["trials"].flatMap { integer($0) } ?? Located(1, span: span)
        let sampler = h["sampler"].flatMap { hyperWord($0, SamplerKind.self, kind: "sampler") } ?? Located(.tpe, span: span)
        let seed = h["seed"].flatMap { self.seed($0) } ?? Located(42, span: span)
        let reward = h["reward"].flatMap { decodeReward($0) }
            ?? Reward(loss: Located(.validation, span: span), folds: Located(1, span: span),
                      statistic: Located(.average, span: span), span: span)
        let prune = h["prune"].flatMap { decodePrune($0) }
        let space = h["space"].map { decodeSpace($0) } ?? []
        let architecture = h["architecture"].flatMap { decodeArchitecture($0) }
        if h["space"] == nil && h["architecture"] == nil {
            report(.missingKey, h.anchor, "the hyperopt block searches nothing",
                   label: "expected 'space' or 'architecture'",
                   notes: ["add the values to search, such as space: {training.optimizer.*.learning_rate: {log_uniform: [1.0e-4, 1.0e-1]}}"])
        }
        if errorCount != before { poison.insert("hyperopt", span: span) }
        return Hyperopt(trials: trials, sampler: sampler, seed: seed, reward: reward, prune: prune,
                        space: space, architecture: architecture, span: span)
    }

    /// A word of the block's own vocabulary, with did-you-mean.
    private mutating func hyperWord<K: RawRepresentable & CaseIterable>(
        _ f: Field, _ type: K.Type, kind: String
    ) -> Located<K>? where K.RawValue == String {
        guard let s = string(f, expected: "\(Self.article(kind)) \(kind)") else { return nil }
        guard let k = lookup(s, as: type, code: .hyperoptUnknownWord, kind: kind, plural: kind + "s") else { return nil }
        return Located(k, span: s.span)
    }

    private mutating func decodeReward(_ f: Field) -> Reward? {
        guard let r = fields(f, context: "in 'reward'", known: ["loss", "folds", "statistic"], required: [],
                             example: "{loss: validation, folds: 4, statistic: average}")
        else { return nil }
        let span = f.node.span
        let loss = r["loss"].flatMap { hyperWord($0, RewardLoss.self, kind: "reward loss") } ?? Located(.validation, span: span)
        let folds = r["folds"].flatMap { integer($0) } ?? Located(1, span: span)
        let statistic = r["statistic"].flatMap { hyperWord($0, RewardStatistic.self, kind: "statistic") } ?? Located(.average, span: span)
        return Reward(loss: loss, folds: folds, statistic: statistic, span: span)
    }

    private mutating func decodePrune(_ f: Field) -> Located<MedianPrune>? {
        guard let p = fields(f, context: "in 'prune'", known: ["median"], required: ["median"],
                             example: "{median: {after_epochs: 500}}"),
              let m = p["median"]
        else { return nil }
        if m.node.scalar?.isNull == true { return Located(MedianPrune(afterEpochs: 0, every: 100), span: f.node.span) }
        guard let settings = fields(m, context: "in 'median'", known: ["after_epochs", "every", "startup_trials"], required: [],
                                    example: "{after_epochs: 500, every: 100}")
        else { return nil }
        let after = settings["after_epochs"].flatMap { integer($0) }?.value ?? 0
        let every = settings["every"].flatMap { integer($0) }?.value ?? 100
        let startup = settings["startup_trials"].flatMap { integer($0) }?.value ?? 5
        return Located(MedianPrune(afterEpochs: after, every: every, startupTrials: startup), span: f.node.span)
    }

    private mutating func decodeSpace(_ f: Field) -> [SpaceEntry] {
        guard let entries = f.node.mapping else {
            wrongType(f, expected: "a mapping of paths to ranges",
                      notes: ["write space: {network.layers[0].dense: {int: [10, 60]}}"])
            return []
        }
        var out: [SpaceEntry] = []
        for entry in entries {
            guard let key = entry.key.scalar, !key.isNull else {
                report(.wrongType, entry.key.reportSpan, "expected a path in 'space', found \(Self.found(entry.key))",
                       label: "expected a path such as training.batch_size")
                continue
            }
            let path = Located(key.value, span: entry.key.reportSpan)
            let value = Field(name: key.value, keySpan: entry.key.reportSpan, node: entry.value)
            if let domain = decodeDomain(value) { out.append(SpaceEntry(path: path, domain: domain)) }
        }
        return out
    }

    static let domainKinds = ["int", "uniform", "log_uniform", "choice"]

    private mutating func decodeDomain(_ f: Field) -> Located<Domain>? {
        let example = "{int: [10, 60]}, {uniform: [0, 0.5]}, {log_uniform: [1.0e-4, 1.0e-1]} or {choice: [tanh, elu]}"
        guard let entries = f.node.mapping, entries.count == 1, let kind = entries[0].key.scalar else {
            wrongType(f, expected: "one range such as " + example)
            return nil
        }
        let name = Located(kind.value, span: entries[0].key.reportSpan)
        let value = Field(name: kind.value, keySpan: entries[0].key.reportSpan, node: entries[0].value)
        guard Self.domainKinds.contains(kind.value) else {
            let guess = DidYouMean.suggestion(for: kind.value, among: Self.domainKinds)
            report(.hyperoptUnknownWord, name.span, "unknown distribution '\(kind.value)'",
                   label: guess.map { "did you mean '\($0)'?" } ?? "not a known distribution",
                   notes: ["known distributions: " + Self.domainKinds.joined(separator: ", ")],
                   fixIt: guess.map { FixIt(span: name.span, replacement: $0, message: "replace with '\($0)'") })
            return nil
        }
        guard let items = value.node.sequence else {
            wrongType(value, expected: kind.value == "choice" ? "a list of values" : "a list [low, high]")
            return nil
        }
        let span = f.node.span
        if kind.value == "choice" {
            return Located(.choice(items.map { Choice(node: $0) }), span: span)
        }
        guard items.count == 2 else {
            wrongType(value, expected: "a list of two bounds [low, high], found \(items.count) values")
            return nil
        }
        let low = Field(name: kind.value, keySpan: nil, node: items[0])
        let high = Field(name: kind.value, keySpan: nil, node: items[1])
        if kind.value == "int" {
            guard let a = integer(low), let b = integer(high) else { return nil }
            return Located(.int(a.value, b.value), span: span)
        }
        guard let a = number(low), let b = number(high) else { return nil }
        return Located(kind.value == "uniform" ? .uniform(a.value, b.value) : .logUniform(a.value, b.value), span: span)
    }

    private mutating func decodeArchitecture(_ f: Field) -> Located<Architecture>? {
        guard let a = fields(f, context: "in 'architecture'", known: ["layers", "units"], required: ["layers", "units"],
                             example: "{layers: [1, 3], units: [5, 50]}")
        else { return nil }
        func range(_ field: Field?) -> ClosedRange<Int>? {
            guard let field else { return nil }
            guard let items = field.node.sequence, items.count == 2 else {
                wrongType(field, expected: "a list of two whole numbers [low, high]")
                return nil
            }
            guard let low = integer(Field(name: field.name, keySpan: nil, node: items[0])),
                  let high = integer(Field(name: field.name, keySpan: nil, node: items[1]))
            else { return nil }
            guard low.value <= high.value else {
                report(.hyperoptBadRange, field.node.span, "the range [\(low.value), \(high.value)] of '\(field.name)' is empty",
                       label: "expected low ≤ high")
                return nil
            }
            return low.value...high.value
        }
        guard let layers = range(a["layers"]), let units = range(a["units"]) else { return nil }
        return Located(Architecture(layers: layers, units: units), span: f.node.span)
    }
}
