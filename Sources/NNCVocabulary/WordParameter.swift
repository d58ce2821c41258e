/// A parameter a vocabulary word takes (`alpha` of leaky_relu, `learning_rate`
/// of adam): its name, what kind of value it holds, its default and the range
/// it accepts. The decoder reads which parameters a word takes from here, the
/// checker the ranges, the schema and the docs the descriptions, and the plan
/// and the kernels the defaults — nothing restates them.
public struct WordParameter: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A finite number within `range`.
        case number
        /// true or false (stored as 1 or 0).
        case flag
        /// A name or a path (chi2's `uncertainty` column, its `covariance` file).
        case text
        /// A whole number within `range` (a schedule's `every`, `patience`).
        case integer
    }

    public var name: String
    public var kind: Kind
    /// The value when the spec does not give one; nil when the parameter is
    /// off unless given (`clipnorm`) or is text.
    public var defaultValue: Double?
    public var range: ParameterRange
    /// One sentence for the schema and the docs.
    public var summary: String
    /// The spec must give it (a schedule's `decay_rate`); nothing to default to.
    public var required: Bool

    public init(_ name: String, _ kind: Kind = .number, default defaultValue: Double?, range: ParameterRange = .any,
                required: Bool = false, summary: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.range = range
        self.required = required
        self.summary = summary
    }
}

/// The values a numeric parameter accepts: an interval whose ends may be
/// open, closed or absent. Every accepted value is finite.
public struct ParameterRange: Sendable, Equatable {
    public var lower: Double?
    public var lowerInclusive: Bool
    public var upper: Double?
    public var upperInclusive: Bool

    public init(lower: Double?, lowerInclusive: Bool, upper: Double?, upperInclusive: Bool) {
        self.lower = lower
        self.lowerInclusive = lowerInclusive
        self.upper = upper
        self.upperInclusive = upperInclusive
    }

    /// Any finite number.
    public static let any = ParameterRange(lower: nil, lowerInclusive: false, upper: nil, upperInclusive: false)
    /// Above 0.
    public static let positive = ParameterRange(lower: 0, lowerInclusive: false, upper: nil, upperInclusive: false)
    /// 0 or more.
    public static let nonNegative = ParameterRange(lower: 0, lowerInclusive: true, upper: nil, upperInclusive: false)
    /// [0, 1): decay rates, momentum, dropout.
    public static let unitOpen = ParameterRange(lower: 0, lowerInclusive: true, upper: 1, upperInclusive: false)
    /// [0, 1].
    public static let unitClosed = ParameterRange(lower: 0, lowerInclusive: true, upper: 1, upperInclusive: true)

    public func contains(_ v: Double) -> Bool {
        guard v.isFinite else { return false }
        if let lower, lowerInclusive ? v < lower : v <= lower { return false }
        if let upper, upperInclusive ? v > upper : v >= upper { return false }
        return true
    }

    /// The range as a message states it: "in [0, 1)", "above 0", "0 or more".
    public var phrase: String {
        switch (lower, upper) {
        case (nil, nil): return "a finite number"
        case (let lo?, nil): return lowerInclusive ? "\(Self.show(lo)) or more" : "above \(Self.show(lo))"
        case (nil, let hi?): return upperInclusive ? "\(Self.show(hi)) or less" : "below \(Self.show(hi))"
        case (let lo?, let hi?):
            return "in \(lowerInclusive ? "[" : "(")\(Self.show(lo)), \(Self.show(hi))\(upperInclusive ? "]" : ")")"
        }
    }

    /// The condition as a label states it: "0 <= alpha < 1", "epsilon > 0".
    public func condition(_ name: String) -> String {
        switch (lower, upper) {
        case (nil, nil): return "a finite \(name)"
        case (let lo?, nil): return "\(name) \(lowerInclusive ? ">=" : ">") \(Self.show(lo))"
        case (nil, let hi?): return "\(name) \(upperInclusive ? "<=" : "<") \(Self.show(hi))"
        case (let lo?, let hi?):
            return "\(Self.show(lo)) \(lowerInclusive ? "<=" : "<") \(name) \(upperInclusive ? "<=" : "<") \(Self.show(hi))"
        }
    }

    /// Accepted values at the ends of the range, for tests that must run
    /// every word at its extremes: a closed end itself, a value just inside an
    /// open end, and a large value for an unbounded side.
    public var extremes: [Double] {
        var out: [Double] = []
        let big = 1.0e3
        if let lower {
            out.append(lowerInclusive ? lower : lower + max(abs(lower), 1) * 1e-6)
        } else {
            out.append(-big)
        }
        if let upper {
            out.append(upperInclusive ? upper : upper - max(abs(upper), 1) * 1e-6)
        } else {
            out.append(Swift.max(big, (lower ?? 0) + big))
        }
        return out
    }

    static func show(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : "\(v)"
    }
}

/// A closed list of words a spec names (activations, losses, ...), each with
/// the parameters it takes. Every list is the single source for parsing,
/// did-you-mean, checking, the JSON schema and the docs.
public protocol VocabularyWord: RawRepresentable, CaseIterable, Hashable, Sendable where RawValue == String {
    /// What one word is called in messages: "activation".
    static var noun: String { get }
    /// The plural: "activations".
    static var plural: String { get }
    /// The parameters this word takes, in the order docs list them.
    var parameters: [WordParameter] { get }
}

extension VocabularyWord {
    public static var plural: String { noun + "s" }

    public var parameters: [WordParameter] { [] }

    /// The parameter called `name`, if this word takes one.
    public func parameter(_ name: String) -> WordParameter? {
        parameters.first { $0.name == name }
    }

    /// The parameter the shorthand `{word: value}` fills: the only one, when
    /// the word takes exactly one.
    public var shorthandParameter: WordParameter? {
        parameters.count == 1 ? parameters[0] : nil
    }

    /// Every name of the list, in declaration order.
    public static var names: [String] { allCases.map(\.rawValue) }
}
