import Foundation

/// Data points of one set (training or validation) with the ensemble's mean at them.
public struct DataPoints: Sendable {
    public var x: [Double]
    public var y: [Double]
    /// Per-point uncertainties when the data has them (noise model, chi2 column).
    public var sigma: [Double]?
    /// The fit (ensemble mean) at each point.
    public var fit: [Double]

    public init(x: [Double], y: [Double], sigma: [Double]?, fit: [Double]) {
        self.x = x
        self.y = y
        self.sigma = sigma
        self.fit = fit
    }

    /// (data − fit) / σ per point, or data − fit without uncertainties.
    public var pulls: [Double] {
        y.indices.map { i in
            let r = y[i] - fit[i]
            guard let sigma else { return r }
            return sigma[i] > 0 ? r / sigma[i] : .nan
        }
    }

    /// χ² per point of the fit against the data; nil without uncertainties.
    public var chi2PerPoint: Double? {
        guard sigma != nil, !y.isEmpty else { return nil }
        let p = pulls.filter(\.isFinite)
        return p.isEmpty ? nil : p.map { $0 * $0 }.reduce(0, +) / Double(p.count)
    }
}

/// One curve of a fit figure: the network along one input, the other inputs held
/// at one value (`label` names it), with the data taken there.
public struct FitSlice: Sendable {
    public var label: String?
    public var grid: [Double]
    /// Each member's (replica's) output on the grid.
    public var members: [[Double]]
    /// The truth on the grid, when the data was generated from one.
    public var truth: [Double]?
    public var training: DataPoints
    public var validation: DataPoints?

    public init(label: String?, grid: [Double], members: [[Double]], truth: [Double]?, training: DataPoints, validation: DataPoints?) {
        self.label = label
        self.grid = grid
        self.members = members
        self.truth = truth
        self.training = training
        self.validation = validation
    }

    /// Per grid point: mean, standard deviation (N − 1), 16th and 84th percentile over members.
    public var ensemble: (mean: [Double], std: [Double], p16: [Double], p84: [Double]) {
        let m = Double(members.count)
        var mean = [Double](), std = [Double](), p16 = [Double](), p84 = [Double]()
        for j in grid.indices {
            let v = members.map { $0[j] }.sorted()
            let mu = v.reduce(0, +) / m
            mean.append(mu)
            std.append(members.count > 1 ? (v.map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / (m - 1)).squareRoot() : 0)
            p16.append(KernelDensity.quantile(v, 0.16))
            p84.append(KernelDensity.quantile(v, 0.84))
        }
        return (mean, std, p16, p84)
    }

    /// Closure: the fraction of grid points where the truth is within one and
    /// two standard deviations of the members' mean; nil without a truth or with one member.
    public var truthCoverage: (oneSigma: Double, twoSigma: Double)? {
        guard let truth, members.count > 1, !grid.isEmpty else { return nil }
        let e = ensemble
        var one = 0, two = 0
        for j in grid.indices {
            let d = abs(e.mean[j] - truth[j])
            if d <= e.std[j] { one += 1 }
            if d <= 2 * e.std[j] { two += 1 }
        }
        return (Double(one) / Double(grid.count), Double(two) / Double(grid.count))
    }
}

/// The fit of one output along one input: the replica band, the data with error
/// bars, the truth where known, and a pull panel below.
public enum FitFigure {
    public static func figure(
        id: String, output: String, variable: String, scale: AxisScale, slices: [FitSlice], unit: String? = nil
    ) -> Figure {
        let single = slices.count == 1
        var main = Panel(x: Axis(variable, unit: unit, scale: scale), y: Axis(output, scale: .linear))
        var pulls = Panel(x: Axis(variable, unit: unit, scale: scale), y: Axis("pull", scale: .linear), height: 0.5)
        let withSigma = slices.allSatisfy { $0.training.sigma != nil }
        if !withSigma { pulls.y = Axis("data − fit", scale: .linear) }
        pulls.add(.hRule(series: "zero", y: 0, style: Style(color: Palette.black, width: 1)))
        if withSigma {
            for v in [-1.0, 1.0] { pulls.add(.hRule(series: "±1", y: v, style: Style(color: Palette.grey, width: 1, dash: "4 3"))) }
        }

        if !single {
            // Legend entries for the data in a neutral colour: each slice's points take the slice's colour.
            let neutral = Style(color: Palette.grey, width: 1)
            main.add(.points(series: "training data", x: [], y: [], yError: nil, marker: .circle, style: neutral))
            if slices.contains(where: { $0.validation != nil }) {
                main.add(.points(series: "validation data", x: [], y: [], yError: nil, marker: .diamond, style: neutral))
            }
        }
        for (k, slice) in slices.enumerated() {
            let color = single ? Palette.blue : Palette.series(k)
            let dataColor = single ? Palette.black : color
            let tag = slice.label.map { ", " + $0 } ?? ""
            let e = slice.ensemble
            if slice.members.count > 1 {
                main.add(.band(series: "68% of replicas" + (single ? "" : tag), x: slice.grid, lower: e.p16, upper: e.p84,
                               style: Style(color: color, opacity: 0.25), legend: single || k == 0))
                let plus = zip(e.mean, e.std).map { $0 + $1 }, minus = zip(e.mean, e.std).map { $0 - $1 }
                main.add(.line(series: "mean ± 1σ", x: slice.grid, y: plus, style: Style(color: color, width: 1, dash: "5 3"), legend: k == 0))
                main.add(.line(series: "mean ± 1σ", x: slice.grid, y: minus, style: Style(color: color, width: 1, dash: "5 3"), legend: false))
            }
            main.add(.line(series: (slice.members.count > 1 ? "replica mean" : "fit") + tag, x: slice.grid, y: e.mean,
                           style: Style(color: color, width: 2)))
            if let truth = slice.truth {
                main.add(.line(series: "truth", x: slice.grid, y: truth, style: Style(color: Palette.vermillion, width: 1.6, dash: "2 2"), legend: k == 0))
                if slice.members.count > 1 {
                    let closure = slice.grid.indices.map { j in e.std[j] > 0 ? (e.mean[j] - truth[j]) / e.std[j] : .nan }
                    pulls.add(.line(series: "(fit − truth) / σ_fit", x: slice.grid, y: closure,
                                    style: Style(color: single ? Palette.vermillion : color, width: 1.4, dash: "2 2"), legend: k == 0))
                }
            }
            main.add(.points(series: "training data", x: slice.training.x, y: slice.training.y, yError: slice.training.sigma,
                             marker: .circle, style: Style(color: dataColor, width: 1, opacity: 0.75), legend: single))
            pulls.add(.points(series: withSigma ? "pull of training data" : "residual of training data", x: slice.training.x, y: slice.training.pulls,
                              yError: nil, marker: .circle, style: Style(color: dataColor, width: 1, opacity: 0.75), legend: false))
            if let v = slice.validation {
                main.add(.points(series: "validation data", x: v.x, y: v.y, yError: v.sigma, marker: .diamond,
                                 style: Style(color: single ? Palette.green : color, width: 1, opacity: 0.85), legend: single))
                pulls.add(.points(series: "pull of validation data", x: v.x, y: v.pulls, yError: nil, marker: .diamond,
                                  style: Style(color: single ? Palette.green : color, width: 1, opacity: 0.85), legend: false))
            }
        }
        // Pulls beyond ±limit (e.g. where relative noise makes σ vanish) would squash the rest: the axis stops there.
        let limit = 5.0
        var beyond = 0
        if withSigma {
            for case .points(_, _, let y, _, _, _, _) in pulls.marks { beyond += y.filter { $0.isFinite && abs($0) > limit }.count }
            let largest = pulls.marks.flatMap { m -> [Double] in
                if case .points(_, _, let y, _, _, _, _) = m { return y }
                if case .line(_, _, let y, _, _) = m { return y }
                return []
            }.filter(\.isFinite).map(abs).max() ?? 0
            if largest > limit { pulls.y.domain = -limit...limit }
        }
        var caption = "The fit of \(output) against \(variable)"
        if !single { caption += " at \(slices.count) values of the other inputs (one colour each)" }
        caption += ". "
        if (slices.first?.members.count ?? 1) > 1 {
            caption += "The band holds the central 68% of the \(slices[0].members.count) replicas at each point; dashed lines are the replicas' mean ± 1σ. "
        }
        caption += withSigma
            ? "Error bars are the data's 1σ uncertainties; the lower panel shows the pulls (data − fit)/σ"
            : "The data has no uncertainties; the lower panel shows data − fit"
        if slices.contains(where: { $0.truth != nil && $0.members.count > 1 }) { caption += ", and the truth's distance from the fit in units of the replicas' σ" }
        caption += "."
        if beyond > 0 { caption += " \(beyond) data point\(beyond == 1 ? " has a pull" : "s have pulls") beyond ±\(Int(limit)), outside the lower panel." }
        return Figure(id: id, title: "Fit of \(output)", caption: caption, rows: [[main], [pulls]], rowHeight: 340)
    }
}
