import Foundation

/// A classifier's confusion matrix and per-class accuracy.
public enum ClassifierFigures {
    /// `counts[true][predicted]`; classes named by `labels`.
    public static func confusion(
        _ counts: [[Int]], labels: [String], set: String, id: String = "confusion", title: String = "Confusion matrix"
    ) -> Figure {
        let maximum = Double(counts.flatMap { $0 }.max() ?? 1)
        let values = counts.map { $0.map(Double.init) }
        let text = counts.map { $0.map { $0 == 0 ? "" : String($0) } }
        let size = Double(min(max(labels.count, 2), 12))
        var matrix = Panel(
            title: "\(set): true against predicted class",
            x: Axis("predicted class", scale: .categorical(labels)), y: Axis("true class", scale: .categorical(labels.reversed())))
        // The first class on top, as confusion matrices are read.
        matrix.add(.cells(series: "counts", values: values.reversed(), text: text.reversed(), maximum: maximum))
        let recall = counts.enumerated().map { i, row -> Double in
            let total = row.reduce(0, +)
            return total > 0 ? Double(row[i]) / Double(total) : .nan
        }
        var bars = Panel(
            title: "\(set): accuracy per class", x: Axis("true class", scale: .categorical(labels)),
            y: Axis("fraction classified correctly", scale: .linear, domain: 0...1.08))
        bars.add(.bars(series: "accuracy per class", values: recall, labels: recall.map { $0.isFinite ? String(format: "%.0f%%", $0 * 100) : "" },
                       style: Style(color: Palette.blue, opacity: 0.8)))
        let total = counts.flatMap { $0 }.reduce(0, +)
        let correct = counts.indices.map { counts[$0][$0] }.reduce(0, +)
        let caption = "\(set) set, \(total) points: the count of points of each true class (row) predicted as each class (column), and the fraction of each class predicted correctly; \(correct) of \(total) correct (\(String(format: "%.2f%%", 100 * Double(correct) / Double(max(total, 1)))))."
        return Figure(id: id, title: title, caption: caption, rows: [[matrix], [bars]], width: 760, rowHeight: max(260, 34 * size + 80))
    }
}
