import Foundation
import NNCDiagnostics
import NNCSyntax

/// Schema-directed reading of scalars: each reader knows what its place wants.
extension SpecDecoder {
    /// How a value reads in "found ..." messages: the text of a plain scalar,
    /// the kind of anything else.
    static func found(_ node: Node) -> String {
        switch node.kind {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let s):
            if s.isNull { return "nothing" }
            let text = s.value.count > 40 ? String(s.value.prefix(37)) + "..." : s.value
            switch s.style {
            case .plain:
                return s.kindDescription == "a string" ? "'\(text)'" : "\(s.kindDescription) \(text)"
            default:
                return "the string \"\(text)\""
            }
        }
    }

    mutating func wrongType(_ f: Field, expected: String, notes: [String] = [], fixIt: FixIt? = nil) {
        let subject = f.name == "the spec" ? "" : " for '\(f.name)'"
        report(.wrongType, f.node.reportSpan, "expected \(expected)\(subject), found \(Self.found(f.node))",
               label: "expected \(expected)", notes: notes, fixIt: fixIt)
    }

    mutating func missingValue(_ f: Field, expected: String) {
        report(.missingValue, f.anchor, "missing value for '\(f.name)'",
               label: "expected \(expected)")
    }

    /// A value that is not of the shape wanted: missing when it is empty
    /// (null, or an empty mapping or list), else of the wrong type.
    mutating func wrongOrMissing(_ f: Field, expected: String, notes: [String] = []) {
        let empty = f.node.scalar?.isNull == true || f.node.mapping?.isEmpty == true || f.node.sequence?.isEmpty == true
        if empty { missingValue(f, expected: expected) } else { wrongType(f, expected: expected, notes: notes) }
    }

    /// The scalar of a field that must hold one; reports null and collections.
    mutating func scalar(_ f: Field, expected: String) -> Scalar? {
        switch f.node.kind {
        case .scalar(let s):
            if s.isNull {
                missingValue(f, expected: expected)
                return nil
            }
            return s
        default:
            wrongType(f, expected: expected)
            return nil
        }
    }

    /// Any scalar's text, as written: `name: no` is "no".
    mutating func string(_ f: Field, expected: String = "a name") -> Located<String>? {
        guard let s = scalar(f, expected: expected) else { return nil }
        return Located(s.value, span: f.node.reportSpan)
    }

    /// YAML 1.2 number syntax without infinities or NaN: `-2`, `.5`, `1e-3`, `1.0e-3`, `+4.`.
    static func parseNumber(_ text: String) -> Double? {
        let u = Array(text.utf8)
        var i = 0
        if i < u.count, u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-") { i += 1 }
        var digits = 0
        while i < u.count, (48...57).contains(u[i]) { i += 1; digits += 1 }
        if i < u.count, u[i] == UInt8(ascii: ".") {
            i += 1
            while i < u.count, (48...57).contains(u[i]) { i += 1; digits += 1 }
        }
        guard digits > 0 else { return nil }
        if i < u.count, u[i] == UInt8(ascii: "e") || u[i] == UInt8(ascii: "E") {
            i += 1
            if i < u.count, u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-") { i += 1 }
            var expDigits = 0
            while i < u.count, (48...57).contains(u[i]) { i += 1; expDigits += 1 }
            guard expDigits > 0 else { return nil }
        }
        guard i == u.count else { return nil }
        return Double(text)
    }

    /// The fix-it that drops the quotes around a value that was meant as a number or boolean.
    private func unquote(_ f: Field, _ s: Scalar) -> (notes: [String], fixIt: FixIt?) {
        guard s.style == .singleQuoted || s.style == .doubleQuoted else { return ([], nil) }
        return (["quotes make a value a string"],
                FixIt(span: f.node.reportSpan, replacement: s.value, message: "remove the quotes"))
    }

    /// What a plain value that is almost a number was probably meant to be:
    /// `1e–3` (an en dash), `0,001` (a decimal comma), `20,000` (grouped
    /// digits), `10%`, `1_000`, `200# comment`. Nil when it is nothing like one.
    static func numberHint(_ text: String) -> (note: String, replacement: String)? {
        let dashes: [Character: String] = ["\u{2013}": "an en dash", "\u{2014}": "an em dash", "\u{2212}": "a minus sign",
                                           "\u{2010}": "a hyphen", "\u{2012}": "a figure dash"]
        if let (dash, name) = dashes.first(where: { text.contains($0.key) }) {
            let fixed = String(text.map { dashes[$0] != nil ? "-" : $0 })
            if parseNumber(fixed) != nil {
                return ("'\(dash)' (\(name), U+\(String(dash.unicodeScalars.first!.value, radix: 16, uppercase: true))) is not the ASCII '-'; word processors put it there", fixed)
            }
        }
        if let hash = text.firstIndex(of: "#") {
            let before = text[..<hash].trimmingCharacters(in: .whitespaces)
            if parseNumber(before) != nil {
                return ("'#' starts a comment only after a space, so '\(text)' is read as one value", before + " " + text[hash...])
            }
        }
        if text.hasSuffix("%"), let v = parseNumber(String(text.dropLast())) {
            let fraction = v / 100
            return ("'%' is not part of a number: write the fraction", fraction == fraction.rounded() ? String(Int(fraction)) : String(fraction))
        }
        if text.contains("_"), parseNumber(text.replacingOccurrences(of: "_", with: "")) != nil {
            return ("digits are not grouped with '_' in a spec", text.replacingOccurrences(of: "_", with: ""))
        }
        if text.contains(",") {
            let groups = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard groups.count > 1, groups.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) && $0.allSatisfy(\.isASCII) }) else { return nil }
            let thousands = groups.count > 1 && groups[0] != "0" && groups[0].count <= 3 && groups.dropFirst().allSatisfy { $0.count == 3 }
            if thousands {
                return ("digits are not grouped with ',' in a spec", groups.joined())
            }
            if groups.count == 2 {
                return ("numbers use a decimal point, not a comma", groups[0] + "." + groups[1])
            }
        }
        return nil
    }

    /// The notes and fix-it for a value that should have been a number.
    private func numberFix(_ f: Field, _ s: Scalar) -> (notes: [String], fixIt: FixIt?) {
        if Self.parseNumber(s.value) != nil { return unquote(f, s) }
        guard s.style == .plain, let hint = Self.numberHint(s.value) else { return ([], nil) }
        return ([hint.note], FixIt(span: f.node.reportSpan, replacement: hint.replacement, message: "replace with '\(hint.replacement)'"))
    }

    /// A finite number.
    mutating func number(_ f: Field) -> Located<Double>? {
        guard let s = scalar(f, expected: "a number") else { return nil }
        guard let v = Self.parseNumber(s.value), s.style == .plain else {
            let hint = numberFix(f, s)
            wrongType(f, expected: "a number", notes: hint.notes, fixIt: hint.fixIt)
            return nil
        }
        guard v.isFinite else {
            report(.wrongType, f.node.reportSpan, "the number \(s.value) for '\(f.name)' is too large",
                   label: "not a finite number")
            return nil
        }
        return Located(v, span: f.node.reportSpan)
    }

    /// A whole number. `1e4` and `200.0` are accepted: they are exact integers.
    mutating func integer(_ f: Field) -> Located<Int>? {
        guard let s = scalar(f, expected: "an integer") else { return nil }
        guard s.style == .plain, let v = Self.parseNumber(s.value) else {
            let hint = numberFix(f, s)
            wrongType(f, expected: "an integer", notes: hint.notes, fixIt: hint.fixIt)
            return nil
        }
        if let exact = Int(s.value) { return Located(exact, span: f.node.reportSpan) }
        guard v.isFinite, v.rounded() == v else {
            report(.wrongType, f.node.reportSpan, "expected an integer for '\(f.name)', found \(s.value)",
                   label: "not a whole number")
            return nil
        }
        guard abs(v) < 9.0e15 else {
            report(.wrongType, f.node.reportSpan, "the number \(s.value) for '\(f.name)' is too large",
                   label: "too large for an integer")
            return nil
        }
        return Located(Int(v), span: f.node.reportSpan)
    }

    /// A random seed: a non-negative integer below 2^64.
    mutating func seed(_ f: Field) -> Located<UInt64>? {
        guard let s = scalar(f, expected: "a non-negative integer") else { return nil }
        if s.style == .plain, let v = UInt64(s.value.hasPrefix("+") ? String(s.value.dropFirst()) : s.value) {
            return Located(v, span: f.node.reportSpan)
        }
        if s.style == .plain, let v = Self.parseNumber(s.value), v.isFinite, v.rounded() == v, v >= 0, v < 9.0e15 {
            return Located(UInt64(v), span: f.node.reportSpan)
        }
        let hint: (notes: [String], fixIt: FixIt?) = s.style != .plain && UInt64(s.value) != nil ? unquote(f, s) : ([], nil)
        wrongType(f, expected: "a non-negative integer", notes: hint.notes, fixIt: hint.fixIt)
        return nil
    }

    static let trueWords: Set<String> = ["true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"]
    static let falseWords: Set<String> = ["false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"]

    /// A boolean: `true`/`false`, and YAML 1.1's `yes`/`no`/`on`/`off`, which
    /// are unambiguous where the schema wants a boolean.
    mutating func bool(_ f: Field) -> Located<Bool>? {
        guard let s = scalar(f, expected: "true or false") else { return nil }
        if s.style == .plain {
            if Self.trueWords.contains(s.value) { return Located(true, span: f.node.reportSpan) }
            if Self.falseWords.contains(s.value) { return Located(false, span: f.node.reportSpan) }
        }
        let quotedBool = s.style != .plain && (Self.trueWords.contains(s.value) || Self.falseWords.contains(s.value))
        let hint: (notes: [String], fixIt: FixIt?) = quotedBool ? unquote(f, s) : ([], nil)
        wrongType(f, expected: "true or false", notes: hint.notes, fixIt: hint.fixIt)
        return nil
    }
}
