import NNCDiagnostics
import NNCSpec

/// Small helpers the rules share for wording findings.
enum Finding {
    /// A number as a user would write it: `2` for 2.0, `0.001`, `1e-12`.
    static func show(_ v: Double) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        if v.rounded() == v, abs(v) < 1e15 { return String(Int(v)) }
        return "\(v)"
    }

    static func plural(_ n: Int, _ one: String, _ many: String? = nil) -> String {
        n == 1 ? "1 \(one)" : "\(n) \(many ?? one + "s")"
    }

    /// A layer as messages name it: "layer 2 ('dense_1')".
    static func layer(_ index: Int, _ layer: Layer) -> String {
        "layer \(index + 1) ('\(layer.name.value)')"
    }
}
