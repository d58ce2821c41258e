/// A resolved spec as a plain ordered tree, the one source of both the
/// resolved YAML and the JSON object, so the two cannot drift apart.
enum ResolvedValue {
    case int(Int)
    case double(Double)
    case bool(Bool)
    case string(String)
    /// Text written without quotes (vocabulary words, very large seeds).
    case word(String)
    case list([ResolvedValue])
    /// Key order is kept. `flow` maps are written on one line in YAML.
    case map([(String, ResolvedValue)], flow: Bool)
    /// An integer written with a comment after it (`inputs: 3  # x0, x1, x2`).
    case commented(Int, String)

    // MARK: YAML

    /// The value as YAML: block maps at `indent`, flow maps and lists inline.
    func yaml(indent: Int = 0) -> String {
        switch self {
        case .map(let entries, flow: false):
            let pad = String(repeating: " ", count: indent)
            return entries.map { key, value in
                switch value {
                case .map(_, flow: false):
                    return "\(pad)\(key):\n" + value.yaml(indent: indent + 2)
                case .list(let items) where items.contains(where: \.isBlockMap):
                    return "\(pad)\(key):\n" + items.map { item in
                        let body = item.yaml(indent: indent + 4)
                        let trimmed = body.dropFirst(indent + 4)
                        return "\(pad)  - " + trimmed
                    }.joined()
                default:
                    return "\(pad)\(key): \(value.inline)\n"
                }
            }.joined()
        default:
            return String(repeating: " ", count: indent) + inline + "\n"
        }
    }

    private var isBlockMap: Bool {
        if case .map(_, flow: false) = self { return true }
        return false
    }

    /// The value on one line.
    var inline: String {
        switch self {
        case .int(let v): return String(v)
        case .double(let v): return Self.number(v)
        case .bool(let v): return v ? "true" : "false"
        case .string(let s): return Self.quoted(s)
        case .word(let s): return s
        case .list(let items): return "[" + items.map(\.inline).joined(separator: ", ") + "]"
        case .map(let entries, _): return "{" + entries.map { "\($0.0): \($0.1.inline)" }.joined(separator: ", ") + "}"
        case .commented(let v, let comment): return "\(v)  # \(comment)"
        }
    }

    /// The shortest text that reads back as exactly `v`.
    static func number(_ v: Double) -> String {
        if v.rounded() == v, abs(v) < 1e15 { return String(Int(v)) }
        return "\(v)"
    }

    /// A double-quoted YAML string (JSON escaping is valid YAML).
    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    out += "\\x" + String(u.value, radix: 16).leftPadded(2)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    // MARK: JSON

    /// The value as JSONSerialization objects.
    var json: Any {
        switch self {
        case .int(let v): return v
        case .double(let v): return v
        case .bool(let v): return v
        case .string(let s): return s
        case .word(let s): return UInt64(s).map { $0 as Any } ?? s
        case .list(let items): return items.map(\.json)
        case .map(let entries, _):
            var d: [String: Any] = [:]
            for (k, v) in entries { d[k] = v.json }
            return d
        case .commented(let v, _): return v
        }
    }
}

extension String {
    func leftPadded(_ n: Int) -> String {
        count >= n ? self : String(repeating: "0", count: n - count) + self
    }
}
