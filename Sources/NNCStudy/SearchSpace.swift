import NNCDiagnostics
import NNCSpec
import NNCSyntax

/// One searched value: a path of `space:`, or a part of `architecture:`.
public struct Dimension: Sendable, Equatable {
    /// The path (`training.batch_size`), or `architecture.layers` / `architecture.units[i]`.
    public var name: String
    public var domain: Domain

    public init(name: String, domain: Domain) {
        self.name = name
        self.domain = domain
    }
}

/// A value a trial takes in one dimension: a whole number, a real number, or
/// the index of a choice.
public enum ParameterValue: Equatable, Sendable {
    case int(Int)
    case double(Double)
    case choice(Int)
}

/// A trial's values, by dimension name.
public typealias Parameters = [String: ParameterValue]

/// The dimensions of a `hyperopt:` block, and how a trial's values become
/// assignments on the spec template.
public struct SearchSpace: Sendable {
    public let dimensions: [Dimension]
    let architecture: Architecture?

    public init(_ h: Hyperopt) {
        var dims: [Dimension] = []
        if let a = h.architecture?.value {
            dims.append(Dimension(name: "architecture.layers", domain: .int(a.layers.lowerBound, a.layers.upperBound)))
            for i in 0..<a.layers.upperBound {
                dims.append(Dimension(name: "architecture.units[\(i)]", domain: .int(a.units.lowerBound, a.units.upperBound)))
            }
        }
        dims += h.space.map { Dimension(name: $0.path.value, domain: $0.domain.value) }
        dimensions = dims
        architecture = h.architecture?.value
    }

    /// The number of distinct trials, nil when a dimension is continuous.
    public var size: Int? {
        var n = 1
        for d in dimensions {
            guard let c = d.domain.count else { return nil }
            let (p, overflow) = n.multipliedReportingOverflow(by: max(c, 1))
            if overflow { return Int.max }
            n = p
        }
        return n
    }

    /// The values of a trial as spec values at their paths (architecture first).
    public func assignments(_ p: Parameters) -> (assignments: [SpecTemplate.Assignment], hiddenUnits: [Int]?) {
        var hidden: [Int]?
        if architecture != nil, case .int(let layers)? = p["architecture.layers"] {
            hidden = (0..<layers).map { i in
                if case .int(let u)? = p["architecture.units[\(i)]"] { return u }
                return 1
            }
        }
        var out: [SpecTemplate.Assignment] = []
        for d in dimensions where !d.name.hasPrefix("architecture.") {
            guard let v = p[d.name], let node = node(v, d.domain) else { continue }
            out.append(SpecTemplate.Assignment(path: d.name, value: node))
        }
        return (out, hidden)
    }

    func node(_ v: ParameterValue, _ domain: Domain) -> Node? {
        let span = SourceSpan.wholeFile("hyperopt")
        switch (v, domain) {
        case (.int(let i), _): return Node(kind: .scalar(Scalar(String(i))), span: span)
        case (.double(let x), _): return Node(kind: .scalar(Scalar(Self.number(x))), span: span)
        case (.choice(let k), .choice(let choices)) where k >= 0 && k < choices.count: return choices[k].node
        default: return nil
        }
    }

    /// A value as the user reads it: a number, or the choice's YAML.
    public func display(_ name: String, _ p: Parameters) -> String {
        guard let v = p[name] else { return "" }
        switch v {
        case .int(let i): return String(i)
        case .double(let x): return Self.number(x)
        case .choice(let k):
            if let d = dimensions.first(where: { $0.name == name }), case .choice(let c) = d.domain, k < c.count { return c[k].text }
            return "#\(k)"
        }
    }

    /// The shortest text that reads back as the same Double.
    static func number(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(format: "%.1f", x) }
        return "\(x)"
    }

    // MARK: Storage form

    /// Canonical JSON (sorted keys, shortest exact numbers; choices as `{"choice": k}`),
    /// so two equal parameter sets are equal strings (the store keeps them unique).
    public static func encode(_ p: Parameters) -> String {
        var out = "{"
        out.reserveCapacity(32 * p.count + 2)
        for (i, key) in p.keys.sorted().enumerated() {
            if i > 0 { out += "," }
            out += "\""
            // Quotes in a key escaped (without Foundation's string search: this runs at every claim).
            if key.utf8.contains(UInt8(ascii: "\"")) {
                out += key.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\\\"")
            } else {
                out += key
            }
            out += "\":"
            switch p[key]! {
            case .int(let i): out += String(i)
            case .double(let x):
                let t = x.description
                out += t
                if !t.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") }) { out += ".0" }
            case .choice(let k): out += "{\"choice\":" + String(k) + "}"
            }
        }
        return out + "}"
    }

    /// Reads `encode`'s form back; nil when it is not that form. (Byte by
    /// byte: a report reads every stored value set.)
    public static func decode(_ text: String) -> Parameters? {
        let b = Array(text.utf8)
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), comma = UInt8(ascii: ",")
        guard b.count >= 2, b[0] == UInt8(ascii: "{"), b[b.count - 1] == UInt8(ascii: "}") else { return nil }
        let end = b.count - 1
        let choice = Array("{\"choice\":".utf8)
        var p: Parameters = [:]
        var i = 1
        while i < end {
            guard b[i] == quote else { return nil }
            i += 1
            var key: [UInt8] = []
            while i < end, b[i] != quote {
                if b[i] == backslash { i += 1 }
                if i < end { key.append(b[i]) }
                i += 1
            }
            i = min(i + 1, end)
            guard i < end, b[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            let name = String(decoding: key, as: UTF8.self)
            if end - i >= choice.count, b[i..<(i + choice.count)].elementsEqual(choice) {
                i += choice.count
                guard let close = b[i..<end].firstIndex(of: UInt8(ascii: "}")),
                      let k = Int(String(decoding: b[i..<close], as: UTF8.self)) else { return nil }
                p[name] = .choice(k)
                i = close + 1
            } else {
                let stop = b[i..<end].firstIndex(of: comma) ?? end
                let t = String(decoding: b[i..<stop], as: UTF8.self)
                if let n = Int(t) { p[name] = .int(n) } else if let x = Double(t) { p[name] = .double(x) } else { return nil }
                i = stop
            }
            if i < end, b[i] == comma { i += 1 }
        }
        return p
    }
}
