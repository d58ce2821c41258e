import Foundation

/// How an axis maps data to position.
public enum AxisScale: Equatable, Sendable {
    case linear
    /// Base-10 logarithmic; values ≤ 0 are not drawn.
    case log
    /// Named slots 0, 1, …, n−1, labelled with the names.
    case categorical([String])

    public var name: String {
        switch self {
        case .linear: return "linear"
        case .log: return "log"
        case .categorical: return "categorical"
        }
    }
}

/// One axis of a panel: what it shows, in what unit, on what scale.
public struct Axis: Sendable {
    public var label: String
    /// Written after the label in brackets, e.g. `[eV]`; nil for a pure number.
    public var unit: String?
    public var scale: AxisScale
    /// Fixed limits; nil takes them from the panel's marks (padded a little).
    public var domain: ClosedRange<Double>?
    /// A linear axis from data always shows zero (bars, accuracies).
    public var includesZero: Bool

    public init(_ label: String, unit: String? = nil, scale: AxisScale = .linear, domain: ClosedRange<Double>? = nil, includesZero: Bool = false) {
        self.label = label
        self.unit = unit
        self.scale = scale
        self.domain = domain
        self.includesZero = includesZero
    }

    /// The label as drawn.
    public var title: String { unit.map { "\(label) [\($0)]" } ?? label }
}

/// An axis resolved against its data: the domain and the map to a fraction of the plot's extent.
struct ResolvedAxis {
    var scale: AxisScale
    var lower: Double
    var upper: Double

    /// The fraction of the axis, 0 at `lower` and 1 at `upper`; nil when the value cannot be drawn.
    func fraction(_ v: Double) -> Double? {
        guard v.isFinite else { return nil }
        switch scale {
        case .linear:
            return upper > lower ? (v - lower) / (upper - lower) : 0.5
        case .log:
            guard v > 0 else { return nil }
            let a = Foundation.log10(lower), b = Foundation.log10(upper)
            return b > a ? (Foundation.log10(v) - a) / (b - a) : 0.5
        case .categorical(let names):
            // Slot i is centred in [i - 0.5, i + 0.5]; lower/upper are -0.5 and n - 0.5.
            return names.isEmpty ? 0.5 : (v - lower) / (upper - lower)
        }
    }

    /// The domain that fits `values` (finite ones; positive ones on a log axis).
    static func resolve(_ axis: Axis, values: [Double]) -> ResolvedAxis {
        if case .categorical(let names) = axis.scale {
            return ResolvedAxis(scale: axis.scale, lower: -0.5, upper: Double(max(names.count, 1)) - 0.5)
        }
        if let d = axis.domain { return ResolvedAxis(scale: axis.scale, lower: d.lowerBound, upper: d.upperBound) }
        var usable = values.filter { $0.isFinite }
        if axis.scale == .log { usable = usable.filter { $0 > 0 } }
        if axis.includesZero && axis.scale == .linear { usable.append(0) }
        guard var lo = usable.min(), var hi = usable.max() else {
            return ResolvedAxis(scale: axis.scale, lower: axis.scale == .log ? 0.1 : 0, upper: axis.scale == .log ? 10 : 1)
        }
        switch axis.scale {
        case .log:
            if hi <= lo { lo /= 2; hi *= 2 }
            // 3% of the span on each side, in log space.
            let pad = pow(hi / lo, 0.03)
            return ResolvedAxis(scale: .log, lower: lo / pad, upper: hi * pad)
        default:
            if hi <= lo {
                let w = lo == 0 ? 1 : abs(lo) * 0.1
                lo -= w; hi += w
            }
            let pad = (hi - lo) * 0.04
            let lower = axis.includesZero && lo == 0 ? 0 : lo - pad
            let upper = axis.includesZero && hi == 0 ? 0 : hi + pad
            return ResolvedAxis(scale: .linear, lower: lower, upper: upper)
        }
    }
}
