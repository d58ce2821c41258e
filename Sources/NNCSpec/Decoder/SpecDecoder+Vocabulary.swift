import NNCDiagnostics
import NNCSyntax

/// A vocabulary word with optional parameters, in any of the three forms:
/// `tanh`, `{leaky_relu: {alpha: 0.2}}`, or the shorthand `{leaky_relu: 0.2}`
/// for words with exactly one parameter.
struct Word {
    var name: Located<String>
    /// The parameter mapping, when one was written.
    var parameters: Field?
    /// The single value of the shorthand form.
    var shorthand: Field?
    /// The span of the whole value.
    var span: SourceSpan
}

extension SpecDecoder {
    /// "a" or "an" for a noun in a message.
    static func article(_ noun: String) -> String {
        "aeiou".contains(noun.first ?? "x") ? "an" : "a"
    }

    /// Keys of the sections a word sits in (training, data, the top level):
    /// one of them beside a word was indented too deep. A word's own
    /// parameters beside it (`{adam, learning_rate: ...}`) are another mistake.
    static let sectionKeys = Set(trainingKeys + topLevelKeys + ["layers", "generate", "train", "validation"])

    /// Reads the word (and where its parameters are) without judging it.
    mutating func word(_ f: Field, kind: String, example: String) -> Word? {
        switch f.node.kind {
        case .scalar(let s):
            if s.isNull {
                missingValue(f, expected: "\(Self.article(kind)) \(kind) such as \(example)")
                return nil
            }
            return Word(name: Located(s.value, span: f.node.reportSpan), span: f.node.reportSpan)
        case .mapping(let all):
            // Keys of the sections around it indented too deep (`batch_size:`
            // under `optimizer:`) are reported as such; the word is what remains.
            var entries = all.filter { !misplacedSpans.contains($0.key.reportSpan) }
            if entries.count > 1 {
                entries = entries.filter { entry in
                    guard let name = entry.key.scalar?.value, Self.misplacedKeys[name] != nil, Self.sectionKeys.contains(name)
                    else { return true }
                    unknownKey(name, span: entry.key.reportSpan, context: "under '\(f.name)'", known: [])
                    return false
                }
            }
            guard entries.count == 1, let key = entries[0].key.scalar, !key.isNull else {
                report(.wrongType, f.node.reportSpan,
                       "expected one \(kind) for '\(f.name)', found a mapping with \(entries.count) keys",
                       label: "expected a single \(kind) name as the only key",
                       notes: ["write '\(f.name): \(example)'"])
                return nil
            }
            let value = entries[0].value
            let name = Located(key.value, span: entries[0].key.reportSpan)
            let param = Field(name: key.value, keySpan: entries[0].key.reportSpan, node: value)
            switch value.kind {
            case .mapping:
                return Word(name: name, parameters: param, span: f.node.reportSpan)
            case .scalar(let s) where s.isNull:
                return Word(name: name, span: f.node.reportSpan)
            case .scalar:
                return Word(name: name, shorthand: param, span: f.node.reportSpan)
            case .sequence:
                wrongType(param, expected: "a mapping of parameters")
                return nil
            }
        case .sequence:
            wrongType(f, expected: "\(Self.article(kind)) \(kind) such as \(example)")
            return nil
        }
    }

    /// Names other tools use for nnc's words (lowercased), for did-you-mean
    /// where spelling alone finds nothing (`xavier` is 'glorot_uniform').
    static let wordSynonyms: [String: String] = [
        // initializers
        "xavier": "glorot_uniform", "xavier_uniform": "glorot_uniform", "xavier_normal": "glorot_normal",
        "glorot": "glorot_uniform", "kaiming": "he_normal", "kaiming_normal": "he_normal",
        "kaiming_uniform": "he_uniform", "he": "he_normal", "lecun": "lecun_normal", "zero": "zeros",
        "normal": "random_normal", "gaussian": "random_normal", "uniform": "random_uniform",
        // activations
        "identity": "linear", "none": "linear", "logistic": "sigmoid", "silu": "swish", "lrelu": "leaky_relu",
        // losses
        "mean_squared_error": "mse", "meansquarederror": "mse", "l2": "mse", "squared_error": "mse",
        "mean_absolute_error": "mae", "meanabsoluteerror": "mae", "l1": "mae", "smooth_l1": "huber",
        "crossentropy": "categorical_crossentropy", "cross_entropy": "categorical_crossentropy",
        "categorical_cross_entropy": "categorical_crossentropy", "ce": "categorical_crossentropy",
        "nll": "categorical_crossentropy", "bce": "binary_crossentropy", "log_loss": "binary_crossentropy",
        "binary_cross_entropy": "binary_crossentropy", "chi_squared": "chi2", "chisq": "chi2", "chi2_loss": "chi2",
        // learning-rate schedules
        "exponential_decay": "exponential", "exponentiallr": "exponential", "exp": "exponential",
        "cosine_decay": "cosine", "cosineannealing": "cosine", "cosineannealinglr": "cosine", "cos": "cosine",
        "steplr": "step", "piecewise": "step", "reducelronplateau": "plateau", "reduce_on_plateau": "plateau",
        // optimizers
        "gd": "sgd", "momentum": "sgd", "rms_prop": "rmsprop", "adam_w": "adamw",
        // samplings
        "linear": "linspace", "lin": "linspace", "range": "linspace", "grid": "linspace",
        "log": "logspace", "logarithmic": "logspace", "geomspace": "logspace",
        "random": "uniform", "rand": "uniform",
        // noise
        "rel": "relative", "percent": "relative", "proportional": "relative",
        "abs": "absolute", "constant": "absolute",
        // batch size
        "all": "full", "max": "full", "whole": "full", "batch": "full",
    ]

    /// The word `word` was probably meant to be: a synonym from another tool
    /// when it is one of `known`, else the closest spelling.
    static func guessWord(_ word: String, among known: [String]) -> String? {
        if let s = wordSynonyms[word.lowercased()], known.contains(s), s != word { return s }
        return DidYouMean.suggestion(for: word, among: known)
    }

    /// Looks a word up in its vocabulary; reports an unknown word with did-you-mean.
    mutating func lookup<K: RawRepresentable & CaseIterable>(
        _ name: Located<String>, as _: K.Type, code: DiagnosticCode, kind: String, plural: String
    ) -> K? where K.RawValue == String {
        if let k = K(rawValue: name.value) { return k }
        let known = K.allCases.map(\.rawValue)
        let guess = Self.guessWord(name.value, among: known)
        report(code, name.span, "unknown \(kind) '\(name.value)'",
               label: guess.map { "did you mean '\($0)'?" } ?? "not a known \(kind)",
               notes: ["known \(plural): " + known.joined(separator: ", ")],
               fixIt: guess.map { FixIt(span: name.span, replacement: $0, message: "replace with '\($0)'") })
        return nil
    }

    /// The word's parameters, each checked against the ones its vocabulary entry takes.
    mutating func parameters<W: VocabularyWord>(_ w: Word, of kind: W) -> [String: Field] {
        parameters(w, allowed: kind.parameters.map(\.name), owner: kind.rawValue,
                   shorthandKey: kind.shorthandParameter?.name,
                   family: W.allCases.flatMap { word in word.parameters.map { ($0.name, word.rawValue) } })
    }

    /// Parameter names of other tools (lowercased) that are one nnc
    /// parameter, for did-you-mean where spelling finds nothing: `lr` is
    /// 'learning_rate'. Only names that map one-to-one; see `parameterSplits`.
    static let parameterSynonyms: [String: String] = [
        // optimisers (PyTorch, Keras, optax)
        "lr": "learning_rate", "learningrate": "learning_rate", "learning-rate": "learning_rate",
        "step_size": "learning_rate", "stepsize": "learning_rate", "eta": "learning_rate",
        "wd": "weight_decay", "weightdecay": "weight_decay", "weight-decay": "weight_decay",
        "eps": "epsilon", "b1": "beta1", "b2": "beta2", "beta_1": "beta1", "beta_2": "beta2",
        "rho": "alpha", "mom": "momentum", "mu": "momentum",
        "use_nesterov": "nesterov", "nesterov_momentum": "nesterov",
        "clip_norm": "clipnorm", "max_norm": "clipnorm", "max_grad_norm": "clipnorm",
        "clip_grad_norm": "clipnorm", "gradient_clip_val": "clipnorm", "global_clipnorm": "clipnorm",
        // learning-rate schedules (PyTorch, Keras, optax)
        "gamma": "factor", "decay_factor": "factor", "decay_steps": "decay_epochs", "step_every": "every",
        "t_max": "epochs", "decay_epochs_total": "epochs", "eta_min": "final", "end_value": "final", "alpha_final": "final",
        "min_lr": "minimum", "min_learning_rate": "minimum", "initial_learning_rate": "initial", "init_value": "initial",
        "lr0": "initial", "start": "initial",
        // activations and initialisers
        "negative_slope": "alpha", "slope": "alpha", "leak": "alpha",
        "std": "stddev", "sigma": "stddev", "std_dev": "stddev",
        "bound": "limit", "scale": "limit",
        // chi2
        "errors": "uncertainty", "error": "uncertainty", "uncertainties": "uncertainty", "sigma_column": "uncertainty",
        "cov": "covariance", "covariance_matrix": "covariance", "cov_matrix": "covariance",
    ]

    /// Names of other tools that stand for several nnc parameters: what to write instead.
    static let parameterSplits: [String: String] = [
        "betas": "PyTorch's 'betas' pair is two parameters here: {beta1: 0.9, beta2: 0.999}",
    ]

    /// The parameter `key` was probably meant to be, among `allowed`: another
    /// tool's name for it, else the closest spelling.
    static func guessParameter(_ key: String, among allowed: [String]) -> String? {
        if let s = parameterSynonyms[key.lowercased()], allowed.contains(s) { return s }
        return DidYouMean.suggestion(for: key, among: allowed)
    }

    /// The word's parameters, each checked against the ones `owner` takes.
    /// The shorthand form fills `shorthandKey` when the word has one parameter.
    /// `family` pairs every parameter of the vocabulary with a word that takes
    /// it, so a parameter of another word (`momentum` under adam) says whose it
    /// is (made only then: a spec without the mistake never needs it).
    mutating func parameters(
        _ w: Word, allowed: [String], owner: String, shorthandKey: String?,
        family: @autoclosure () -> [(parameter: String, word: String)] = []
    ) -> [String: Field] {
        if let short = w.shorthand {
            guard let shorthandKey else {
                let example = allowed.first.map { "{\(owner): {\($0): ...}}" } ?? owner
                report(.wrongType, short.node.reportSpan,
                       "expected a mapping of parameters for '\(owner)', found \(Self.found(short.node))",
                       label: allowed.isEmpty ? "\(owner) takes no parameters" : "name the parameter",
                       notes: allowed.isEmpty ? ["write just '\(owner)'"] : ["write \(example); \(owner) takes: " + allowed.joined(separator: ", ")])
                return [:]
            }
            return [shorthandKey: Field(name: shorthandKey, keySpan: short.keySpan, node: short.node)]
        }
        guard let p = w.parameters, let entries = p.node.mapping else { return [:] }
        var out: [String: Field] = [:]
        for (i, entry) in entries.enumerated() {
            if reportSplitNumber(entries, at: i) { continue }
            guard let key = entry.key.scalar, !key.isNull else {
                report(.wrongType, entry.key.reportSpan, "expected a parameter name for '\(owner)', found \(Self.found(entry.key))",
                       label: "expected a name")
                continue
            }
            if misplacedSpans.contains(entry.key.reportSpan) { continue }
            guard allowed.contains(key.value) else {
                let split = Self.parameterSplits[key.value.lowercased()]
                // A pair such as `betas` is no one parameter: no single replacement.
                let guess = split == nil ? Self.guessParameter(key.value, among: allowed) : nil
                var notes = [allowed.isEmpty ? "\(owner) takes no parameters" : "\(owner) takes: " + allowed.joined(separator: ", ")]
                if let split { notes.insert(split, at: 0) }
                if guess == nil, split == nil {
                    // A parameter of another word (`momentum` under adam), by its
                    // name, another tool's name, or a misspelling of it.
                    let family = family()
                    let names = family.map(\.parameter).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
                    let synonym = Self.parameterSynonyms[key.value.lowercased()].flatMap { names.contains($0) ? $0 : nil }
                    let meant = synonym ?? (names.contains(key.value) ? key.value : DidYouMean.suggestion(for: key.value, among: names))
                    let others = family.filter { $0.parameter == meant && $0.word != owner }.map(\.word)
                    if let meant, !others.isEmpty {
                        let whose = others.count == 1 ? others[0] : others.dropLast().joined(separator: ", ") + " and " + others[others.count - 1]
                        let what = meant == key.value ? "'\(meant)' is"
                            : synonym != nil ? "'\(key.value)' is '\(meant)', which is" : "'\(key.value)' may be '\(meant)', which is"
                        notes.insert("\(what) a parameter of \(whose)", at: 0)
                    } else if Self.misplacedKeys[key.value] != nil {
                        // A key of another section, indented one level too deep.
                        unknownKey(key.value, span: entry.key.reportSpan, context: "in the parameters of \(owner)", known: allowed)
                        continue
                    }
                }
                report(.inapplicableParameter, entry.key.reportSpan,
                       "'\(key.value)' is not a parameter of \(owner)",
                       label: guess.map { "did you mean '\($0)'?" } ?? "not accepted here",
                       notes: notes,
                       fixIt: guess.map { FixIt(span: entry.key.reportSpan, replacement: $0, message: "replace with '\($0)'") })
                continue
            }
            if out[key.value] == nil {
                out[key.value] = Field(name: key.value, keySpan: entry.key.reportSpan, node: entry.value)
            }
        }
        return out
    }
}
