import Foundation
import NNCTrain

/// The figures of a fit to observables: each output of the network as a
/// function of its input (the replicas' band, against the truth of a closure
/// test), and each data set against the theory the fit predicts for it.
public enum PhysicsFigures {
    /// One output on a grid of its input: the replica band, the mean, the
    /// truth where known, and below it the ratio to the truth (or, without
    /// one, the relative uncertainty). `weighted` draws x·f(x), as parton
    /// distributions are drawn (the momentum fraction times the density).
    public static func distribution(
        id: String, output: String, variable: String, grid: [Double], members: [[Double]], truth: [Double]?,
        weighted: Bool, scale: AxisScale
    ) -> Figure {
        let factor = grid.map { weighted ? $0 : 1 }
        let scaled = members.map { m in zip(m, factor).map(*) }
        let slice = FitSlice(label: nil, grid: grid, members: scaled, truth: truth.map { zip($0, factor).map(*) },
                             training: DataPoints(x: [], y: [], sigma: nil, fit: []), validation: nil)
        let e = slice.ensemble
        let label = weighted ? "\(variable)·\(output)(\(variable))" : "\(output)(\(variable))"
        var main = Panel(x: Axis(variable, scale: scale), y: Axis(label, scale: .linear))
        let many = members.count > 1
        if many {
            main.add(.band(series: "68% of replicas", x: grid, lower: e.p16, upper: e.p84, style: Style(color: Palette.blue, opacity: 0.25)))
            let plus = zip(e.mean, e.std).map { $0 + $1 }, minus = zip(e.mean, e.std).map { $0 - $1 }
            main.add(.line(series: "mean ± 1σ", x: grid, y: plus, style: Style(color: Palette.blue, width: 1, dash: "5 3")))
            main.add(.line(series: "mean ± 1σ", x: grid, y: minus, style: Style(color: Palette.blue, width: 1, dash: "5 3"), legend: false))
        }
        main.add(.line(series: many ? "replica mean" : "fit", x: grid, y: e.mean, style: Style(color: Palette.blue, width: 2)))
        var rows: [[Panel]] = [[main]]
        var caption = "\(label) from the \(many ? "\(members.count) replicas" : "fit") on \(grid.count) points spanning the observables' grids"
        if let t = slice.truth {
            main.add(.line(series: "truth", x: grid, y: t, style: Style(color: Palette.vermillion, width: 1.6, dash: "2 2")))
            rows[0] = [main]
            var ratio = Panel(x: Axis(variable, scale: scale), y: Axis("ratio to truth", scale: .linear), height: 0.5)
            ratio.add(.hRule(series: "one", y: 1, style: Style(color: Palette.black, width: 1)))
            func over(_ v: [Double]) -> [Double] { zip(v, t).map { $1 != 0 ? $0 / $1 : .nan } }
            if many {
                ratio.add(.band(series: "68% of replicas", x: grid, lower: over(e.p16), upper: over(e.p84),
                                style: Style(color: Palette.blue, opacity: 0.25), legend: false))
            }
            ratio.add(.line(series: "mean / truth", x: grid, y: over(e.mean), style: Style(color: Palette.blue, width: 1.6), legend: false))
            ratio.y.domain = clampedDomain(over(e.p16) + over(e.p84) + over(e.mean), around: 1, limit: 1)
            rows.append([ratio])
            caption += ", against the truth the pseudo-data were made from; the lower panel divides by the truth"
            if let c = slice.truthCoverage {
                caption += String(format: " (the truth lies within 1σ of the mean on %.0f%% of the points, within 2σ on %.0f%%)",
                                  c.oneSigma * 100, c.twoSigma * 100)
            }
        } else if many {
            var relative = Panel(x: Axis(variable, scale: scale), y: Axis("σ / |mean|", scale: .linear), height: 0.5)
            relative.add(.line(series: "relative uncertainty", x: grid,
                               y: zip(e.std, e.mean).map { $1 != 0 ? $0 / abs($1) : .nan }, style: Style(color: Palette.blue, width: 1.4),
                               legend: false))
            rows.append([relative])
            caption += "; the lower panel shows the replicas' relative uncertainty"
        }
        caption += "."
        if many { caption += " The band holds the central 68% of the replicas at each point; dashed lines are the mean ± 1σ." }
        if weighted { caption += " Drawn as \(variable)·\(output), as parton distributions are." }
        return Figure(id: id, title: "\(output) from the fit", caption: caption, rows: rows, rowHeight: 320)
    }

    /// One data set against its theory, point by point in the files' row
    /// order: the data with their 1σ uncertainties (training and validation
    /// points marked apart), the theory's band over the replicas, the truth of
    /// closure data, and the pulls (data − theory)/σ below.
    public static func observable(_ p: ObservablePrediction) -> Figure {
        let index = (0..<p.points).map { Double($0 + 1) }
        let all = p.data + p.mean + (p.truth ?? [])
        let positive = all.allSatisfy { $0 > 0 && $0.isFinite }
        let scale: AxisScale = positive && (all.max()! / all.min()! >= 100) ? .log : .linear
        var main = Panel(x: Axis("data point", scale: .linear), y: Axis(p.name, scale: scale))
        var pulls = Panel(x: Axis("data point", scale: .linear), y: Axis("pull", scale: .linear), height: 0.5)
        pulls.add(.hRule(series: "zero", y: 0, style: Style(color: Palette.black, width: 1)))
        for v in [-1.0, 1.0] { pulls.add(.hRule(series: "±1", y: v, style: Style(color: Palette.grey, width: 1, dash: "4 3"))) }

        if let std = p.std {
            main.add(.band(series: "theory ± 1σ of replicas", x: index, lower: zip(p.mean, std).map { $0 - $1 },
                           upper: zip(p.mean, std).map { $0 + $1 }, style: Style(color: Palette.blue, opacity: 0.3)))
        }
        main.add(.line(series: p.std == nil ? "theory" : "theory (replica mean)", x: index, y: p.mean,
                       style: Style(color: Palette.blue, width: 1.6)))
        if let t = p.truth {
            main.add(.line(series: "truth", x: index, y: t, style: Style(color: Palette.vermillion, width: 1.4, dash: "2 2")))
        }
        let pull = (0..<p.points).map { i in p.sigma[i] > 0 ? (p.data[i] - p.mean[i]) / p.sigma[i] : .nan }
        for (validation, name, marker, color) in [(false, "training data", Marker.circle, Palette.black),
                                                  (true, "validation data", Marker.diamond, Palette.green)] {
            let rows = (0..<p.points).filter { p.validation[$0] == validation }
            guard !rows.isEmpty else { continue }
            main.add(.points(series: name, x: rows.map { index[$0] }, y: rows.map { p.data[$0] }, yError: rows.map { p.sigma[$0] },
                             marker: marker, style: Style(color: color, width: 1, opacity: 0.8)))
            pulls.add(.points(series: "pull of " + name, x: rows.map { index[$0] }, y: rows.map { pull[$0] }, yError: nil,
                              marker: marker, style: Style(color: color, width: 1, opacity: 0.8), legend: false))
        }
        pulls.y.domain = clampedDomain(pull, around: 0, limit: 5, minimum: 2)
        var caption = "The \(p.points) data points of \(p.name) in the order of its files (\(p.trainingPoints) training, \(p.validationPoints) validation) with their 1σ uncertainties (√C_ii), against the theory the fit predicts for them"
        if let std = p.std, !std.isEmpty { caption += " (the band is the replicas' mean ± 1σ)" }
        if p.truth != nil { caption += " and the truth's prediction" }
        caption += ". The lower panel shows the pulls (data − theory)/σ"
        let beyond = pull.filter { $0.isFinite && abs($0) > 5 }.count
        if beyond > 0 { caption += "; \(beyond) beyond ±5 are outside it" }
        caption += "."
        if let c = p.chi2Training { caption += String(format: " χ²/N with the full covariance: %.3f on the training points", c) }
        if let c = p.chi2Validation { caption += String(format: ", %.3f on the validation points", c) }
        if p.chi2Training != nil || p.chi2Validation != nil { caption += "." }
        return Figure(id: "observable-" + ScanFigures.slug(p.name), title: "\(p.name): data and theory", caption: caption,
                      rows: [[main], [pulls]], rowHeight: 320)
    }

    /// A symmetric domain around `center` holding the finite values, at most
    /// `limit` either side and at least `minimum`.
    static func clampedDomain(_ values: [Double], around center: Double, limit: Double, minimum: Double = 0) -> ClosedRange<Double>? {
        let largest = values.filter(\.isFinite).map { abs($0 - center) }.max() ?? 0
        let half = max(min(largest * 1.1, limit), minimum)
        guard half > 0 else { return nil }
        return (center - half)...(center + half)
    }
}
