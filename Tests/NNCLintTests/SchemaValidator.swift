import Foundation

/// A JSON Schema validator for the subset `nnc schema` uses: type, const,
/// enum, properties, required, additionalProperties, min/maxProperties,
/// items, min/maxItems, uniqueItems, minimum, maximum, exclusiveMinimum,
/// exclusiveMaximum, minLength, pattern, oneOf, anyOf, not and `$ref` into
/// `$defs`. It returns every failure with the instance path where it happened.
struct SchemaValidator {
    let root: JSONValue

    /// The keywords this validator understands; a schema using another fails the tests.
    static let keywords: Set<String> = [
        "$schema", "$id", "$ref", "$defs", "title", "description", "type", "const", "enum", "properties",
        "required", "additionalProperties", "minProperties", "maxProperties", "items", "minItems", "maxItems",
        "uniqueItems", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "pattern",
        "oneOf", "anyOf", "not",
    ]

    func validate(_ instance: JSONValue) -> [String] {
        validate(instance, against: root, at: "$")
    }

    func validate(_ v: JSONValue, against schema: JSONValue, at path: String) -> [String] {
        guard case .object(let s) = schema else {
            if case .bool(let b) = schema { return b ? [] : ["\(path): not allowed"] }
            return ["\(path): schema is not an object"]
        }
        var errors: [String] = []
        if case .string(let ref)? = s["$ref"] {
            errors += resolve(ref).map { validate(v, against: $0, at: path) } ?? ["\(path): unresolved \(ref)"]
        }
        if let type = s["type"] {
            let types: [String]
            switch type {
            case .string(let t): types = [t]
            case .array(let ts): types = ts.compactMap { if case .string(let t) = $0 { return t } else { return nil } }
            default: types = []
            }
            if !types.contains(where: { Self.has(v, type: $0) }) {
                errors.append("\(path): expected \(types.joined(separator: " or ")), found \(v)")
                return errors
            }
        }
        if let c = s["const"], !Self.equal(c, v) { errors.append("\(path): expected \(c)") }
        if case .array(let options)? = s["enum"], !options.contains(where: { Self.equal($0, v) }) {
            errors.append("\(path): \(v) is not one of the allowed values")
        }
        if let n = v.number {
            if let m = s["minimum"]?.number, n < m { errors.append("\(path): \(n) < minimum \(m)") }
            if let m = s["maximum"]?.number, n > m { errors.append("\(path): \(n) > maximum \(m)") }
            if let m = s["exclusiveMinimum"]?.number, n <= m { errors.append("\(path): \(n) <= exclusive minimum \(m)") }
            if let m = s["exclusiveMaximum"]?.number, n >= m { errors.append("\(path): \(n) >= exclusive maximum \(m)") }
        }
        if case .string(let text) = v {
            if let m = s["minLength"]?.number, Double(text.unicodeScalars.count) < m {
                errors.append("\(path): shorter than \(m)")
            }
            if case .string(let pattern)? = s["pattern"], text.range(of: pattern, options: .regularExpression) == nil {
                errors.append("\(path): '\(text)' does not match \(pattern)")
            }
        }
        if case .object(let o) = v {
            if case .array(let required)? = s["required"] {
                for case .string(let key) in required where o[key] == nil {
                    errors.append("\(path): missing required '\(key)'")
                }
            }
            let properties: [String: JSONValue]
            if case .object(let p)? = s["properties"] { properties = p } else { properties = [:] }
            for (key, value) in o {
                if let p = properties[key] {
                    errors += validate(value, against: p, at: "\(path).\(key)")
                } else if let extra = s["additionalProperties"] {
                    errors += validate(value, against: extra, at: "\(path).\(key)")
                }
            }
            if let m = s["minProperties"]?.number, Double(o.count) < m { errors.append("\(path): fewer than \(m) keys") }
            if let m = s["maxProperties"]?.number, Double(o.count) > m { errors.append("\(path): more than \(m) keys") }
        }
        if case .array(let items) = v {
            if let item = s["items"] {
                for (i, x) in items.enumerated() { errors += validate(x, against: item, at: "\(path)[\(i)]") }
            }
            if let m = s["minItems"]?.number, Double(items.count) < m { errors.append("\(path): fewer than \(m) items") }
            if let m = s["maxItems"]?.number, Double(items.count) > m { errors.append("\(path): more than \(m) items") }
            if s["uniqueItems"] == .bool(true) {
                for i in items.indices where items[..<i].contains(where: { Self.equal($0, items[i]) }) {
                    errors.append("\(path)[\(i)]: duplicate item")
                }
            }
        }
        if case .array(let options)? = s["oneOf"] {
            let passing = options.filter { validate(v, against: $0, at: path).isEmpty }.count
            if passing != 1 { errors.append("\(path): \(passing) of oneOf's \(options.count) schemas match, expected 1") }
        }
        if case .array(let options)? = s["anyOf"], !options.contains(where: { validate(v, against: $0, at: path).isEmpty }) {
            errors.append("\(path): no schema of anyOf matches")
        }
        if let not = s["not"], validate(v, against: not, at: path).isEmpty {
            errors.append("\(path): matches a schema it must not")
        }
        return errors
    }

    func resolve(_ ref: String) -> JSONValue? {
        let prefix = "#/$defs/"
        guard ref.hasPrefix(prefix) else { return nil }
        return root["$defs"]?[String(ref.dropFirst(prefix.count))]
    }

    static func has(_ v: JSONValue, type: String) -> Bool {
        switch (type, v) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object): return true
        case ("number", .int), ("number", .double), ("integer", .int): return true
        case ("integer", .double(let d)): return d.isFinite && d.rounded() == d
        default: return false
        }
    }

    static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if let x = a.number, let y = b.number { return x == y }
        return a == b
    }

    /// Every keyword used anywhere in a schema (keys of schema objects, not of `properties` maps).
    static func keywordsUsed(in schema: JSONValue) -> Set<String> {
        var out = Set<String>()
        func walk(_ s: JSONValue) {
            guard case .object(let o) = s else { return }
            for (k, v) in o {
                out.insert(k)
                switch k {
                case "properties", "$defs":
                    if case .object(let m) = v { m.values.forEach(walk) }
                case "oneOf", "anyOf":
                    if case .array(let a) = v { a.forEach(walk) }
                case "items", "not", "additionalProperties":
                    walk(v)
                default: break
                }
            }
        }
        walk(schema)
        return out
    }
}
