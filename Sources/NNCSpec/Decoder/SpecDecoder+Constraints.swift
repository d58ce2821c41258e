import NNCDiagnostics
import NNCSyntax

/// `training.constraints`: sum rules and positivity.
///
/// Poisoning, as for observables: `training.constraints` when the value is
/// not a list; `training.constraints.list` when an item failed (it is left
/// out). Rules that judge each constraint on its own read
/// `training.constraints.items`; rules that need all of them (names under
/// `expect`) read `training.constraints.list` too.
extension SpecDecoder {
    static let constraintKinds = ["sum_rule", "positivity"]
    static let sumRuleKeys = ["integrand", "over", "equals", "weight", "name"]
    static let positivityKeys = ["of", "at", "multiplier", "threshold", "name"]
    static let multiplierKeys = ["initial", "factor", "every", "max"]
    static let sumRuleExample = "- sum_rule: {integrand: {f: \"1\"}, over: {x: {logspace: [1.0e-6, 1.0], points: 400}}, equals: 2.0}"
    static let positivityExample = "- positivity: {of: {f: \"1\"}, at: {x: {logspace: [1.0e-5, 0.9], points: 20}}}"
    /// Default of `threshold`: an epoch is a stopping candidate while every v_k ≥ −threshold.
    public static let defaultPositivityThreshold = 1.0e-6

    mutating func decodeConstraints(_ f: Field, rawInputs: [String]?) -> [Constraint] {
        guard let items = list(f, expected: "a list of constraints", example: Self.sumRuleExample, path: "training.constraints")
        else { return [] }
        var out: [Constraint] = []
        for (i, item) in items.enumerated() {
            let before = errorCount
            let c = decodeConstraint(item, index: i, rawInputs: rawInputs)
            if let c, errorCount == before {
                out.append(c)
            } else {
                poison.insert("training.constraints.list", span: item.span)
            }
        }
        return out
    }

    /// One item: `sum_rule: {...}` or `positivity: {...}`.
    private mutating func decodeConstraint(_ node: Node, index: Int, rawInputs: [String]?) -> Constraint? {
        let f = Field(name: "constraint \(index + 1)", keySpan: nil, node: node)
        guard let entries = node.mapping, entries.count == 1, let key = entries[0].key.scalar, !key.isNull else {
            if let entries = node.mapping, entries.count > 1 {
                let keys = entries.compactMap { $0.key.scalar?.value }
                report(.wrongType, node.reportSpan,
                       "expected one constraint in constraint \(index + 1), found a mapping with \(entries.count) keys",
                       label: "expected 'sum_rule' or 'positivity' as the only key",
                       notes: (keys.contains("name") ? ["a constraint's name goes inside it: - sum_rule: {name: msr, ...}"] : [])
                           + ["each constraint is its own list item:\n\(Self.sumRuleExample)\n\(Self.positivityExample)"])
            } else {
                wrongType(f, expected: "a constraint such as {sum_rule: {...}} or {positivity: {...}}",
                          notes: ["for example:\n\(Self.sumRuleExample)\n\(Self.positivityExample)"])
            }
            return nil
        }
        let kind = key.value
        let body = Field(name: kind, keySpan: entries[0].key.reportSpan, node: entries[0].value)
        switch kind {
        case "sum_rule":
            return decodeSumRule(body, index: index, rawInputs: rawInputs).map { .sumRule($0) }
        case "positivity":
            return decodePositivity(body, index: index, rawInputs: rawInputs).map { .positivity($0) }
        default:
            let guess = Self.guessWord(kind, among: Self.constraintKinds)
            report(.unknownKey, body.anchor, "unknown constraint '\(kind)'",
                   label: guess.map { "did you mean '\($0)'?" } ?? "not a kind of constraint",
                   notes: ["known constraints: sum_rule (an integral of the outputs fixed to a value), positivity (a combination of the outputs kept ≥ 0)"],
                   fixIt: guess.map { FixIt(span: body.anchor, replacement: $0, message: "replace with '\($0)'") })
            return nil
        }
    }

    private mutating func decodeSumRule(_ f: Field, index: Int, rawInputs: [String]?) -> SumRule? {
        let required = ["integrand", "over", "equals"]
        guard let s = fields(f, context: "in 'sum_rule'", known: Self.sumRuleKeys, required: required,
                             example: "{integrand: {f: \"1\"}, over: {x: {logspace: [1.0e-6, 1.0], points: 400}}, equals: 2.0}")
        else { return nil }
        let integrand = s["integrand"].flatMap { outputWeights($0, rawInputs: rawInputs) }
        let over = s["over"].flatMap { constraintSampling($0) }
        let equals = s["equals"].flatMap { number($0) }
        let weight = s["weight"].flatMap { number($0) } ?? Located(1, span: f.node.span)
        let name = constraintName(s, default: "sum_rule_\(index)", span: f.anchor)
        guard let integrand, let over, let equals, let name else { return nil }
        return SumRule(name: name, integrand: integrand, over: over, equals: equals, weight: weight, span: f.node.span)
    }

    private mutating func decodePositivity(_ f: Field, index: Int, rawInputs: [String]?) -> Positivity? {
        let required = ["of", "at"]
        guard let p = fields(f, context: "in 'positivity'", known: Self.positivityKeys, required: required,
                             example: "{of: {f: \"1\"}, at: {x: {logspace: [1.0e-5, 0.9], points: 20}}}")
        else { return nil }
        let of = p["of"].flatMap { outputWeights($0, rawInputs: rawInputs) }
        let at = p["at"].flatMap { constraintSampling($0) }
        var multiplier: Located<PositivityMultiplier>? = Located(PositivityMultiplier(), span: f.node.span)
        if let m = p["multiplier"] { multiplier = multiplierSchedule(m) }
        let threshold = p["threshold"].flatMap { number($0) } ?? Located(Self.defaultPositivityThreshold, span: f.node.span)
        let name = constraintName(p, default: "positivity_\(index)", span: f.anchor)
        guard let of, let at, let multiplier, let name else { return nil }
        return Positivity(name: name, of: of, at: at, multiplier: multiplier, threshold: threshold, span: f.node.span)
    }

    /// `name:` when written (a plain name), else the default at the constraint's key.
    private mutating func constraintName(_ c: Fields, default name: String, span: SourceSpan) -> Located<String>? {
        guard let n = c["name"] else { return Located(name, span: span) }
        return setName(n, what: "constraint")
    }

    /// `{f: "1"}`: one weight expression of the raw inputs per output named.
    /// Whether the names are outputs is the checker's business (E1004).
    mutating func outputWeights(_ f: Field, rawInputs: [String]?) -> OutputWeights? {
        let example = "{f: \"1\"} (the weight of each output, an expression of the inputs)"
        guard let entries = f.node.mapping, !entries.isEmpty else {
            wrongOrMissing(f, expected: "a mapping from outputs to weights such as \(example)",
                           notes: ["write '\(f.name): {OUTPUT: \"1\"}': each output named is weighed by its expression, others by 0"])
            return nil
        }
        var terms: [(output: Located<String>, weight: Truth)] = []
        var ok = true
        for entry in entries {
            guard let key = entry.key.scalar, !key.isNull else {
                report(.wrongType, entry.key.reportSpan, "expected an output name in '\(f.name)', found \(Self.found(entry.key))",
                       label: "expected a name")
                ok = false
                continue
            }
            let output = Located(key.value, span: entry.key.reportSpan)
            if let first = terms.first(where: { $0.output.value == key.value }) {
                report(.duplicateName, output.span, "'\(key.value)' is weighed twice in '\(f.name)'",
                       label: "duplicate", notes: ["first weighed at \(first.output.span.start)"])
                ok = false
                continue
            }
            let field = Field(name: key.value, keySpan: entry.key.reportSpan, node: entry.value)
            guard let text = string(field, expected: "an expression of the inputs such as \"1\" or \"x\"") else {
                ok = false
                continue
            }
            guard let e = expression(entry.value, text: text.value, variables: rawInputs, role: "input") else {
                ok = false
                continue
            }
            let span = entry.value.aliasSpan == nil ? entry.value.contentSpan : entry.value.reportSpan
            terms.append((output, Truth(output: key.value, source: Located(text.value, span: span), expression: e)))
        }
        guard ok else { return nil }
        return OutputWeights(terms: terms, span: f.node.reportSpan)
    }

    /// `over: {x: {logspace: [1.0e-6, 1.0], points: 400}}`: the sampling of
    /// one raw input. Whether it names an input is the checker's business (E1013).
    private mutating func constraintSampling(_ f: Field) -> Sampling? {
        let example = "\(f.name): {x: {logspace: [1.0e-6, 1.0], points: 400}}"
        guard let entries = f.node.mapping, !entries.isEmpty else {
            wrongOrMissing(f, expected: "the sampling of one input such as {x: {linspace: [0.1, 0.9], points: 50}}",
                           notes: ["for example: \(example)"])
            return nil
        }
        guard entries.count == 1, let key = entries[0].key.scalar, !key.isNull else {
            report(.badCount, f.node.reportSpan, "'\(f.name)' samples one input, found \(entries.count) keys",
                   label: "expected one input and its sampling",
                   notes: ["a constraint is a grid in one input: \(example)"])
            return nil
        }
        return decodeSampling(Field(name: key.value, keySpan: entries[0].key.reportSpan, node: entries[0].value))
    }

    /// `multiplier: {initial: 1.0, factor: 1.3, every: 100, max: 1.0e10}`,
    /// each key optional (PositivityMultiplier's defaults).
    private mutating func multiplierSchedule(_ f: Field) -> Located<PositivityMultiplier>? {
        guard let m = fields(f, context: "in 'multiplier'", known: Self.multiplierKeys, required: [],
                             example: "{initial: 1.0, factor: 1.3, every: 100, max: 1.0e10}")
        else { return nil }
        var schedule = PositivityMultiplier()
        let before = errorCount
        if let v = m["initial"].flatMap({ number($0) }) { schedule.initial = v.value }
        if let v = m["factor"].flatMap({ number($0) }) { schedule.factor = v.value }
        if let v = m["every"].flatMap({ integer($0) }) { schedule.every = v.value }
        if let v = m["max"].flatMap({ number($0) }) { schedule.max = v.value }
        for key in m.order { schedule.spans[key] = m[key]?.node.reportSpan }
        guard errorCount == before else { return nil }
        return Located(schedule, span: f.node.reportSpan)
    }
}
