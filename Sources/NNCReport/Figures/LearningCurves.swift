import Foundation
import NNCTrain

/// Training and validation loss against epoch on a log scale: every replica
/// faint, the median over replicas bold, each replica's best epoch marked and
/// the stopping rule's look-back window shaded.
public enum LearningCurves {
    /// Above this many replicas, this many evenly chosen ones are drawn as
    /// lines and the envelope of all of them as a band (same extent, smaller file).
    public static let maximumLines = 50

    public static func figure(metrics: [[EpochMetrics]], fits: [FitSummary], patience: Int?, loss: String) -> Figure {
        let replicas = metrics.count
        let epochs = metrics.map { $0.map { Double($0.epoch) } }
        let train = metrics.map { $0.map(\.trainLoss) }
        let validation = metrics.map { $0.map { $0.validationLoss ?? .nan } }
        let hasValidation = validation.contains { $0.contains { $0.isFinite } }
        let epochAxis = Axis("epoch", scale: .linear)
        let lossAxis = Axis("\(loss)", scale: .log)

        var rows: [[Panel]] = []
        if replicas == 1 {
            var panel = Panel(x: epochAxis, y: lossAxis)
            if hasValidation { panel.marks += windows(fits: fits, patience: patience, replicas: 1) }
            panel.add(.line(series: "training loss", x: epochs[0], y: train[0], style: Style(color: Palette.blue, width: 1.6)))
            if hasValidation {
                panel.add(.line(series: "validation loss", x: epochs[0], y: validation[0], style: Style(color: Palette.vermillion, width: 1.6)))
                panel.marks += bestEpochs(fits)
            }
            rows.append([panel])
        } else {
            rows.append([ensemblePanel("training loss", x: epochs, y: train, axes: (epochAxis, lossAxis), color: Palette.blue)])
            if hasValidation {
                var panel = ensemblePanel("validation loss", x: epochs, y: validation, axes: (epochAxis, lossAxis), color: Palette.vermillion)
                panel.marks.insert(contentsOf: windows(fits: fits, patience: patience, replicas: replicas), at: 0)
                panel.marks += bestEpochs(fits)
                rows.append([panel])
            }
        }
        let trainAccuracy = metrics.map { $0.map { $0.trainAccuracy ?? .nan } }
        let validationAccuracy = metrics.map { $0.map { $0.validationAccuracy ?? .nan } }
        if trainAccuracy.contains(where: { $0.contains { $0.isFinite } }) {
            var panel = Panel(title: "accuracy", x: epochAxis, y: Axis("fraction classified correctly", scale: .linear), height: 0.8)
            for (name, values, color) in [("training accuracy", trainAccuracy, Palette.blue), ("validation accuracy", validationAccuracy, Palette.vermillion)] {
                guard values.contains(where: { $0.contains { $0.isFinite } }) else { continue }
                panel.marks += replicaLines(replicas == 1 ? name : name + " (replicas)", x: epochs, y: values, color: color, bold: replicas == 1)
                if replicas > 1 {
                    let (ex, median) = medianCurve(x: epochs, y: values)
                    panel.add(.line(series: "median " + name, x: ex, y: median, style: Style(color: color, width: 2.2)))
                }
            }
            rows.append([panel])
        }
        let stops = fits.map(\.epochsRun)
        var caption = "The \(loss) per epoch, on a log scale"
        caption += replicas > 1
            ? "; \(replicas) replicas, each a faint line, their median bold (over the replicas still training at that epoch)."
            : "."
        if hasValidation { caption += " Dots mark the epoch of the lowest validation loss (the weights written)." }
        if let patience, hasValidation {
            caption += " The shaded window is the look-back of the stopping rule (patience \(patience)) at the last epoch of each fit"
            let (least, most) = (stops.min() ?? 0, stops.max() ?? 0)
            caption += least == most ? "; \(replicas > 1 ? "every fit" : "the fit") ran \(most) epochs." : "; the fits ran \(least)–\(most) epochs."
        }
        if replicas > maximumLines {
            caption += " \(maximumLines) of the \(replicas) replicas are drawn as lines; the band is the range of all of them."
        }
        return Figure(id: "learning-curves", title: "Learning curves", caption: caption, rows: rows, rowHeight: 300)
    }

    static func ensemblePanel(_ name: String, x: [[Double]], y: [[Double]], axes: (Axis, Axis), color: String) -> Panel {
        var panel = Panel(title: name, x: axes.0, y: axes.1)
        if x.count > maximumLines {
            let (ex, lo, hi) = envelope(x: x, y: y)
            panel.add(.band(series: "range of all replicas", x: ex, lower: lo, upper: hi, style: Style(color: color, opacity: 0.15)))
        }
        panel.marks += replicaLines("replicas", x: x, y: y, color: color, bold: false)
        let (ex, median) = medianCurve(x: x, y: y)
        panel.add(.line(series: "median " + name, x: ex, y: median, style: Style(color: color, width: 2.4)))
        return panel
    }

    /// One faint line per replica (at most `maximumLines`, evenly chosen).
    static func replicaLines(_ name: String, x: [[Double]], y: [[Double]], color: String, bold: Bool) -> [Mark] {
        let n = x.count
        let chosen = n <= maximumLines ? Array(0..<n) : (0..<maximumLines).map { $0 * n / maximumLines }
        let opacity = bold ? 1 : max(0.12, min(0.5, 3 / Double(max(chosen.count, 1))))
        return chosen.enumerated().map { k, r in
            .line(series: name, x: x[r], y: y[r],
                  style: Style(color: color, width: bold ? 1.6 : 1, opacity: opacity), legend: bold || k == 0)
        }
    }

    /// Per epoch, the median over the replicas that have a finite value there.
    static func medianCurve(x: [[Double]], y: [[Double]]) -> ([Double], [Double]) {
        var byEpoch: [Double: [Double]] = [:]
        for (xs, ys) in zip(x, y) {
            for (e, v) in zip(xs, ys) where v.isFinite { byEpoch[e, default: []].append(v) }
        }
        let epochs = byEpoch.keys.sorted()
        return (epochs, epochs.map { KernelDensity.quantile(byEpoch[$0]!.sorted(), 0.5) })
    }

    static func envelope(x: [[Double]], y: [[Double]]) -> ([Double], [Double], [Double]) {
        var lo: [Double: Double] = [:], hi: [Double: Double] = [:]
        for (xs, ys) in zip(x, y) {
            for (e, v) in zip(xs, ys) where v.isFinite && v > 0 {
                lo[e] = min(lo[e] ?? v, v)
                hi[e] = max(hi[e] ?? v, v)
            }
        }
        let epochs = lo.keys.sorted()
        return (epochs, epochs.map { lo[$0]! }, epochs.map { hi[$0]! })
    }

    static func bestEpochs(_ fits: [FitSummary]) -> [Mark] {
        let best = fits.compactMap { f -> (Double, Double)? in
            guard let e = f.bestEpoch, let l = f.bestValidationLoss else { return nil }
            return (Double(e), l)
        }
        guard !best.isEmpty else { return [] }
        return [.points(series: "best epoch", x: best.map(\.0), y: best.map(\.1), yError: nil, marker: .circle,
                        style: Style(color: Palette.black, width: 1.6, opacity: 0.85))]
    }

    /// The look-back window [last − patience, last] of each fit; fits with
    /// the same window share one shaded span, darker the more fits share it.
    static func windows(fits: [FitSummary], patience: Int?, replicas: Int) -> [Mark] {
        guard let patience else { return [] }
        var counts: [Int: Int] = [:]
        for f in fits where f.epochsRun > 0 { counts[f.epochsRun, default: 0] += 1 }
        return counts.keys.sorted().enumerated().map { k, last in
            let share = Double(counts[last]!) / Double(max(replicas, 1))
            return .xSpan(series: "stopping window (patience \(patience))", from: Double(max(0, last - patience)), to: Double(last),
                          style: Style(color: Palette.orange, opacity: max(0.04, 0.22 * share)), legend: k == 0)
        }
    }
}
