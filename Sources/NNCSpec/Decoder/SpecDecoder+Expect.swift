import NNCDiagnostics
import NNCSyntax

/// `expect:`: assertions on a run's results.
///
/// Poisoning: `expect` when the block is not a mapping; an entry that fails
/// is left out (each entry is judged on its own, so nothing needs them all).
/// Whether the spec can produce a figure is the checker's business (E1008).
extension SpecDecoder {
    static let expectKeys = ["best_val_loss", "final_train_loss", "accuracy", "closure", "constraints"]
    static let conditionKeys = ["below", "above", "between"]
    static let expectExample = "expect: {best_val_loss: {below: 1.5}, closure: {xi_1sigma: {between: [0.5, 0.9]}}}"

    /// The assertions that decoded, in the order written; nil when the block is
    /// empty or not a mapping.
    mutating func decodeExpect(_ f: Field) -> Expectations? {
        if f.node.scalar?.isNull == true { return nil }
        let before = errorCount
        guard let e = fields(f, context: "in 'expect'", known: Self.expectKeys, required: [], example: Self.expectExample)
        else {
            poisonIfFailed("expect", since: before, at: f.entrySpan)
            return nil
        }
        var entries: [Expectation] = []
        for key in e.order {
            guard let field = e[key] else { continue }
            switch key {
            case "best_val_loss":
                entries += expectation(field, .bestValidationLoss).map { [$0] } ?? []
            case "final_train_loss":
                entries += expectation(field, .finalTrainLoss).map { [$0] } ?? []
            case "accuracy":
                entries += expectation(field, .accuracy).map { [$0] } ?? []
            case "closure":
                entries += expectGroup(field, known: ClosureFigure.allCases.map(\.rawValue), example: "{xi_1sigma: {between: [0.5, 0.9]}}") {
                    ClosureFigure(rawValue: $0).map { ExpectMetric.closure($0) }
                }
            default:
                // constraints: any name; the checker says when it names no constraint.
                entries += expectGroup(field, known: nil, example: "{sum_rule_0: {between: [1.99, 2.01]}}") { .constraint($0) }
            }
        }
        return Expectations(entries: entries, span: f.node.span)
    }

    /// A mapping of figures to conditions (`closure:`, `constraints:`); with
    /// `known`, keys outside it are reported with did-you-mean.
    private mutating func expectGroup(
        _ f: Field, known: [String]?, example: String, metric: (String) -> ExpectMetric?
    ) -> [Expectation] {
        guard let entries = f.node.mapping, !entries.isEmpty else {
            wrongOrMissing(f, expected: "a mapping of figures to conditions such as \(example)")
            return []
        }
        var out: [Expectation] = []
        var seen: Set<String> = []
        for entry in entries {
            guard let key = entry.key.scalar, !key.isNull else {
                report(.wrongType, entry.key.reportSpan, "expected a name in '\(f.name)', found \(Self.found(entry.key))",
                       label: "expected a name")
                continue
            }
            if let known, !known.contains(key.value) {
                unknownKey(key.value, span: entry.key.reportSpan, context: "in '\(f.name)'", known: known)
                continue
            }
            guard let m = metric(key.value), seen.insert(key.value).inserted else { continue }
            if let x = expectation(Field(name: key.value, keySpan: entry.key.reportSpan, node: entry.value), m) {
                out.append(x)
            }
        }
        return out
    }

    /// `{below: x}`, `{above: x}` or `{between: [a, b]}` for one figure.
    private mutating func expectation(_ f: Field, _ metric: ExpectMetric) -> Expectation? {
        let example = "{below: 1.5}, {above: 0.5} or {between: [0.5, 0.9]}"
        if let s = f.node.scalar, !s.isNull, Self.parseNumber(s.value) != nil {
            wrongType(f, expected: "a condition such as {below: \(s.value)}",
                      fixIt: FixIt(span: f.node.reportSpan, replacement: "{below: \(s.value)}", message: "replace with '{below: \(s.value)}'"))
            return nil
        }
        guard let c = fields(f, context: "in '\(f.name)'", known: Self.conditionKeys, required: [], example: example)
        else { return nil }
        let written = c.order
        guard let key = written.first else {
            if c.meant.isEmpty {
                report(.missingKey, c.anchor, "'\(f.name)' needs a condition",
                       label: "expected 'below', 'above' or 'between'", notes: ["for example: \(f.name): \(example)"])
            }
            return nil
        }
        if written.count > 1, let second = c[written[1]] {
            report(.conflictingKeys, second.anchor, "'\(f.name)' has both '\(key)' and '\(written[1])'",
                   label: "one condition a figure",
                   notes: ["for a range write {between: [low, high]}"])
            return nil
        }
        guard let value = c[key] else { return nil }
        let condition: ExpectCondition
        switch key {
        case "below":
            guard let x = number(value) else { return nil }
            condition = .below(x.value)
        case "above":
            guard let x = number(value) else { return nil }
            condition = .above(x.value)
        default:
            guard let range = interval(value) else { return nil }
            condition = .between(range.value.lower, range.value.upper)
        }
        let span = f.keySpan ?? f.node.reportSpan
        return Expectation(metric: Located(metric, span: span), condition: Located(condition, span: value.node.reportSpan))
    }
}
