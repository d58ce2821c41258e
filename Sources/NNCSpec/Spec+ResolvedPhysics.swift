/// The physics parts of the resolved spec (see `Spec+Resolved.swift`): every
/// default written out (preprocessing's `trainable`, a closure's `level` and
/// `seed`, a sum rule's `weight`, positivity's `multiplier` and `threshold`,
/// constraint names), paths as the user wrote them.
extension Preprocessing {
    var resolved: ResolvedValue {
        .map([
            ("input", .string(input.value)),
            ("small_x", smallX.value.resolved),
            ("large_x", largeX.value.resolved),
            ("trainable", .bool(trainable.value)),
        ], flow: true)
    }
}

extension ClosedInterval {
    var resolved: ResolvedValue { .list([.double(lower), .double(upper)]) }
}

extension Truth {
    /// One expression for one output, else a mapping by output.
    static func resolved(_ truth: [Truth]) -> ResolvedValue {
        if truth.count == 1 { return .string(truth[0].source.value) }
        return .map(truth.map { ($0.output, .string($0.source.value)) }, flow: false)
    }
}

extension Observable {
    var resolved: ResolvedValue {
        var entries: [(String, ResolvedValue)] = [
            ("name", .string(name.value)),
            ("grid", .string(grid.path.value)),
            ("fktable", .string(fktable.path.value)),
        ]
        switch values {
        case .csv(let file, let column, let truth):
            var v: [(String, ResolvedValue)] = [("csv", .string(file.path.value)), ("column", .string(column.value))]
            if let truth { v.append(("truth_column", .string(truth.value))) }
            entries.append(("values", .map(v, flow: true)))
        case .truth(let truth, let level, let seed, _):
            entries.append(("values", .map([("truth", Truth.resolved(truth)), ("level", .int(level.value)), ("seed", .uint(seed.value))],
                                           flow: true)))
        }
        switch uncertainty {
        case .covariance(let file):
            entries.append(("covariance", .string(file.path.value)))
        case .column(let file, let column):
            entries.append(("uncertainty", .map([("csv", .string(file.path.value)), ("column", .string(column.value))], flow: true)))
        }
        return .map(entries, flow: false)
    }
}

extension OutputWeights {
    var resolved: ResolvedValue { .map(terms.map { ($0.output.value, .string($0.weight.source.value)) }, flow: true) }
}

extension Sampling {
    /// `{x: {logspace: [1e-06, 1], points: 400}}`: the grid of a constraint.
    var resolvedGrid: ResolvedValue {
        .map([(variable.value, .map([
            (kind.value.rawValue, .list([.double(lower.value), .double(upper.value)])),
            ("points", .int(points.value)),
        ], flow: true))], flow: true)
    }
}

extension Constraint {
    /// A block mapping with one key, so the list shows `- sum_rule: {...}`.
    var resolved: ResolvedValue {
        switch self {
        case .sumRule(let s):
            return .map([("sum_rule", .map([
                ("name", .string(s.name.value)),
                ("integrand", s.integrand.resolved),
                ("over", s.over.resolvedGrid),
                ("equals", .double(s.equals.value)),
                ("weight", .double(s.weight.value)),
            ], flow: true))], flow: false)
        case .positivity(let p):
            let m = p.multiplier.value
            return .map([("positivity", .map([
                ("name", .string(p.name.value)),
                ("of", p.of.resolved),
                ("at", p.at.resolvedGrid),
                ("multiplier", .map([("initial", .double(m.initial)), ("factor", .double(m.factor)),
                                     ("every", .int(m.every)), ("max", .double(m.max))], flow: true)),
                ("threshold", .double(p.threshold.value)),
            ], flow: true))], flow: false)
        }
    }
}

extension ExpectCondition {
    var resolved: ResolvedValue {
        switch self {
        case .below(let x): return .map([("below", .double(x))], flow: true)
        case .above(let x): return .map([("above", .double(x))], flow: true)
        case .between(let a, let b): return .map([("between", .list([.double(a), .double(b)]))], flow: true)
        }
    }
}

extension Expectations {
    /// Figures in the order written; closure figures and constraints grouped
    /// under their keys, at the place of the first of each.
    var resolved: ResolvedValue {
        var order: [String] = []
        var groups: [String: [(String, ResolvedValue)]] = [:]
        var single: [String: ResolvedValue] = [:]
        for e in entries {
            let condition = e.condition.value.resolved
            let (key, inner): (String, String?)
            switch e.metric.value {
            case .closure(let figure): (key, inner) = ("closure", figure.rawValue)
            case .constraint(let name): (key, inner) = ("constraints", name)
            default: (key, inner) = (e.metric.value.key, nil)
            }
            if !order.contains(key) { order.append(key) }
            if let inner { groups[key, default: []].append((inner, condition)) } else { single[key] = condition }
        }
        return .map(order.map { key in (key, single[key] ?? .map(groups[key] ?? [], flow: true)) }, flow: false)
    }
}
