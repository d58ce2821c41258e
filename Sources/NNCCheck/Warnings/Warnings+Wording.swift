import Foundation
import NNCDiagnostics
import NNCSpec

// Wording and grouping helpers the warning rules share.

extension Array where Element == Layer {
    /// Layers grouped by the span of their initialiser, in first-seen order: a
    /// network-wide `init` shared by several layers gives one group, so one
    /// finding at the line the user wrote.
    func groupedByInitializerSpan() -> [(span: SourceSpan, layers: [Layer])] {
        var groups: [(span: SourceSpan, layers: [Layer])] = []
        for layer in self {
            if let i = groups.firstIndex(where: { $0.span == layer.initializer.span }) {
                groups[i].layers.append(layer)
            } else {
                groups.append((layer.initializer.span, [layer]))
            }
        }
        return groups
    }
}

extension Layer {
    /// `'dense_1'` for messages.
    var quotedName: String { "'\(name.value)'" }
}

extension ActivationKind {
    /// sigmoid and tanh: bounded, with a slope that goes to zero away from the origin.
    var isSaturating: Bool { self == .sigmoid || self == .tanh }
}

/// A number as a person writes it in a spec: `0.5`, `2`, `1e-6`, `3.2e+07` → `3.2e7`.
func formatNumber(_ x: Double) -> String {
    guard x.isFinite else { return "\(x)" }
    var s = String(format: "%g", x)
    if let e = s.firstIndex(of: "e") {
        var exponent = s[s.index(after: e)...]
        let negative = exponent.hasPrefix("-")
        exponent = exponent.drop { $0 == "-" || $0 == "+" || $0 == "0" }
        s = String(s[..<e]) + "e" + (negative ? "-" : "") + (exponent.isEmpty ? "0" : exponent)
    }
    return s
}

extension Array where Element == String {
    /// "a", "a and b", "a, b and c".
    var prose: String {
        switch count {
        case 0: return ""
        case 1: return self[0]
        default: return dropLast().joined(separator: ", ") + " and " + self[count - 1]
        }
    }
}
