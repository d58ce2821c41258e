import Foundation

/// Writes SVG (and the XML it is) as text: elements with attributes, escaped
/// text, numbers in a short fixed form. Knows nothing about plots.
public struct SVGWriter {
    public private(set) var text = ""
    private var open: [String] = []

    public init() {}

    /// An attribute value; numbers are written with `SVGWriter.number`.
    public enum Value: ExpressibleByStringLiteral, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
        case string(String)
        case number(Double)

        public init(stringLiteral value: String) { self = .string(value) }
        public init(floatLiteral value: Double) { self = .number(value) }
        public init(integerLiteral value: Int) { self = .number(Double(value)) }

        var text: String {
            switch self {
            case .string(let s): return SVGWriter.escape(s)
            case .number(let v): return SVGWriter.number(v)
            }
        }
    }

    /// `<name a="…">` … `</name>`, with `body` writing the children.
    public mutating func element(_ name: String, _ attributes: KeyValuePairs<String, Value> = [:], body: (inout SVGWriter) -> Void) {
        start(name, attributes)
        body(&self)
        end()
    }

    /// An empty element `<name a="…"/>`.
    public mutating func empty(_ name: String, _ attributes: KeyValuePairs<String, Value>) {
        text += "<" + name + Self.attributes(attributes) + "/>\n"
    }

    /// An element holding only text.
    public mutating func textElement(_ name: String, _ attributes: KeyValuePairs<String, Value>, _ content: String) {
        text += "<" + name + Self.attributes(attributes) + ">" + Self.escape(content) + "</" + name + ">\n"
    }

    public mutating func start(_ name: String, _ attributes: KeyValuePairs<String, Value> = [:]) {
        text += "<" + name + Self.attributes(attributes) + ">\n"
        open.append(name)
    }

    public mutating func end() {
        text += "</" + open.removeLast() + ">\n"
    }

    /// Raw markup (already escaped), e.g. a `<style>` body.
    public mutating func raw(_ markup: String) {
        text += markup
    }

    static func attributes(_ attributes: KeyValuePairs<String, Value>) -> String {
        var out = ""
        for (k, v) in attributes { out += " " + k + "=\"" + v.text + "\"" }
        return out
    }

    /// Escapes `& < > " '` for text and attribute values.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // XML 1.0 has no control characters but tab, newline and return.
                if c.value < 0x20 && c != "\t" && c != "\n" && c != "\r" { out += " " } else { out.unicodeScalars.append(c) }
            }
        }
        return out
    }

    /// A coordinate or length: at most two decimals, no trailing zeros, so a
    /// figure stays small and stable.
    public static func number(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        let r = (v * 100).rounded() / 100
        if r == r.rounded() && abs(r) < 1e15 { return String(Int(r)) }
        return decimal((v * 100).rounded(), places: 2)
    }

    /// A vertex of a polyline or polygon: one decimal (a tenth of a pixel), as
    /// curves are most of a figure's bytes.
    public static func vertex(_ x: Double, _ y: Double) -> String {
        func one(_ v: Double) -> String {
            guard v.isFinite else { return "0" }
            let r = (v * 10).rounded() / 10
            return r == r.rounded() ? String(Int(r)) : decimal((v * 10).rounded(), places: 1)
        }
        return one(x) + "," + one(y)
    }

    /// `scaled` / 10^places (a whole number of hundredths or tenths, not
    /// itself whole) with its trailing zeros left out: what "%.2f" or "%.1f"
    /// printed, without Foundation's formatter (a figure has thousands).
    static func decimal(_ scaled: Double, places: Int) -> String {
        let n = Int(scaled)
        let unit = places == 1 ? 10 : 100
        var fraction = abs(n) % unit
        var digits = places
        while digits > 1 && fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        var f = String(fraction)
        if f.count < digits { f = String(repeating: "0", count: digits - f.count) + f }
        return (n < 0 ? "-" : "") + String(abs(n) / unit) + "." + f
    }

    /// A data value kept in an attribute for readers of the figure (tests,
    /// scripts): the shortest text that reads back as the same Double.
    public static func exact(_ v: Double) -> String { "\(v)" }
}
