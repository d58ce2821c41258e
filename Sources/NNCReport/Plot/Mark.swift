/// How a mark is drawn.
public struct Style: Sendable {
    public var color: String
    public var width: Double
    public var opacity: Double
    /// SVG `stroke-dasharray`, e.g. "5 3"; nil for a solid line.
    public var dash: String?

    public init(color: String, width: Double = 1.5, opacity: Double = 1, dash: String? = nil) {
        self.color = color
        self.width = width
        self.opacity = opacity
        self.dash = dash
    }
}

/// The shape of a data point.
public enum Marker: String, Sendable {
    case circle, square, diamond, triangle
}

/// One thing drawn in a panel, in data coordinates. Every mark carries a
/// `series` name, written into the SVG (`data-series`) so readers and tests
/// can find it; it is also the legend's label when `legend` is true.
public enum Mark: Sendable {
    /// A curve through (x, y); non-finite values (or ≤ 0 on a log axis) break it.
    /// Drawn thinned to the pixel columns (`Thinning`).
    case line(series: String, x: [Double], y: [Double], style: Style, legend: Bool = true)
    /// The area between two curves over x.
    case band(series: String, x: [Double], lower: [Double], upper: [Double], style: Style, legend: Bool = true)
    /// Points with optional symmetric vertical error bars.
    case points(series: String, x: [Double], y: [Double], yError: [Double]?, marker: Marker, style: Style, legend: Bool = true)
    /// A shaded interval of x across the whole panel height.
    case xSpan(series: String, from: Double, to: Double, style: Style, legend: Bool = true)
    /// A horizontal line across the panel at y.
    case hRule(series: String, y: Double, style: Style, legend: Bool = false)
    /// Bars from zero (or the axis floor) to each value, at categorical slots 0, 1, ….
    case bars(series: String, values: [Double], labels: [String]?, style: Style, legend: Bool = false)
    /// A heat map over two categorical axes: `values[row][column]`, row r at y slot r.
    case cells(series: String, values: [[Double]], text: [[String]], maximum: Double)
    /// A kernel-density violin at a categorical slot: half-widths (as a fraction
    /// of the slot) over values of y, the median, and the raw values as a rug.
    case violin(series: String, slot: Int, y: [Double], halfWidth: [Double], median: Double, values: [Double], style: Style)
    /// Text at a data position (anchored at its start).
    case note(series: String, x: Double, y: Double, text: String)

    public var series: String {
        switch self {
        case .line(let s, _, _, _, _), .band(let s, _, _, _, _, _), .points(let s, _, _, _, _, _, _),
             .xSpan(let s, _, _, _, _), .hRule(let s, _, _, _), .bars(let s, _, _, _, _), .cells(let s, _, _, _),
             .violin(let s, _, _, _, _, _, _), .note(let s, _, _, _):
            return s
        }
    }

    /// The data values along each axis, for finding the axes' limits.
    var extent: (x: [Double], y: [Double]) {
        switch self {
        case .line(_, let x, let y, _, _): return (x, y)
        case .band(_, let x, let lo, let hi, _, _): return (x, lo + hi)
        case .points(_, let x, let y, let e, _, _, _):
            guard let e else { return (x, y) }
            return (x, zip(y, e).flatMap { [$0 - $1, $0 + $1] })
        case .xSpan(_, let a, let b, _, _): return ([a, b], [])
        case .hRule(_, let y, _, _): return ([], [y])
        case .bars(_, let v, _, _, _): return ([], v)
        case .cells: return ([], [])
        case .violin(_, _, let y, _, _, let values, _): return ([], y + values)
        case .note(_, let x, let y, _): return ([x], [y])
        }
    }
}
