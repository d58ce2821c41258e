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

    /// Reads the word (and where its parameters are) without judging it.
    mutating func word(_ f: Field, kind: String, example: String) -> Word? {
        switch f.node.kind {
        case .scalar(let s):
            if s.isNull {
                missingValue(f, expected: "\(Self.article(kind)) \(kind) such as \(example)")
                return nil
            }
            return Word(name: Located(s.value, span: f.node.reportSpan), span: f.node.reportSpan)
        case .mapping(let entries):
            guard entries.count == 1, let key = entries[0].key.scalar, !key.isNull else {
                report(SpecCode.wrongType, f.node.reportSpan,
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

    /// Looks a word up in its vocabulary; reports an unknown word with did-you-mean.
    mutating func lookup<K: RawRepresentable & CaseIterable>(
        _ name: Located<String>, as _: K.Type, code: DiagnosticCode, kind: String, plural: String
    ) -> K? where K.RawValue == String {
        if let k = K(rawValue: name.value) { return k }
        let known = K.allCases.map(\.rawValue)
        let guess = DidYouMean.suggestion(for: name.value, among: known)
        report(code, name.span, "unknown \(kind) '\(name.value)'",
               label: guess.map { "did you mean '\($0)'?" } ?? "not a known \(kind)",
               notes: ["known \(plural): " + known.joined(separator: ", ")],
               fixIt: guess.map { FixIt(span: name.span, replacement: $0, message: "replace with '\($0)'") })
        return nil
    }

    /// The word's parameters, each checked against the ones `owner` takes.
    /// The shorthand form fills `shorthandKey` when the word has one parameter.
    mutating func parameters(_ w: Word, allowed: [String], owner: String, shorthandKey: String?) -> [String: Field] {
        if let short = w.shorthand {
            guard let shorthandKey else {
                let example = allowed.first.map { "{\(owner): {\($0): ...}}" } ?? owner
                report(SpecCode.wrongType, short.node.reportSpan,
                       "expected a mapping of parameters for '\(owner)', found \(Self.found(short.node))",
                       label: allowed.isEmpty ? "\(owner) takes no parameters" : "name the parameter",
                       notes: allowed.isEmpty ? ["write just '\(owner)'"] : ["write \(example); \(owner) takes: " + allowed.joined(separator: ", ")])
                return [:]
            }
            return [shorthandKey: Field(name: shorthandKey, keySpan: short.keySpan, node: short.node)]
        }
        guard let p = w.parameters, let entries = p.node.mapping else { return [:] }
        var out: [String: Field] = [:]
        for entry in entries {
            guard let key = entry.key.scalar, !key.isNull else {
                report(SpecCode.wrongType, entry.key.reportSpan, "expected a parameter name for '\(owner)', found \(Self.found(entry.key))",
                       label: "expected a name")
                continue
            }
            guard allowed.contains(key.value) else {
                let guess = DidYouMean.suggestion(for: key.value, among: allowed)
                report(SpecCode.inapplicableParameter, entry.key.reportSpan,
                       "'\(key.value)' is not a parameter of \(owner)",
                       label: guess.map { "did you mean '\($0)'?" } ?? "not accepted here",
                       notes: [allowed.isEmpty ? "\(owner) takes no parameters" : "\(owner) takes: " + allowed.joined(separator: ", ")],
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
