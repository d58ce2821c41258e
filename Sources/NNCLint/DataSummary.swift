import Foundation

/// What lint reads from a training CSV for its rules: how many data rows it
/// has and the range of each target column. A cheap pass over the text, not a
/// CSV reader for training: unreadable or very large files give no summary.
public struct DataSummary: Sendable, Equatable {
    /// Files larger than this are not read; rules then treat the data as unknown.
    public static let maximumBytes = 64 << 20

    public var rows: Int
    /// Smallest and largest numeric value of each requested column, by name.
    public var ranges: [String: ClosedRange<Double>]

    /// Reads the CSV at `path` (first line: the header) and the ranges of `columns`.
    public static func read(csv path: String, columns: [String]) -> DataSummary? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = attributes[.size] as? Int, size <= maximumBytes,
            let data = FileManager.default.contents(atPath: path)
        else { return nil }
        return parse(String(decoding: data, as: UTF8.self), columns: columns)
    }

    /// Summarises CSV text: a header line, then one row per non-empty line.
    public static func parse(_ text: String, columns: [String]) -> DataSummary? {
        var lines = text.split(omittingEmptySubsequences: true) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }[...]
        guard let header = lines.popFirst() else { return nil }
        let names = header.split(separator: ",", omittingEmptySubsequences: false).map(cell)
        let wanted: [(name: String, index: Int)] = columns.compactMap { c in
            names.firstIndex(of: c).map { (c, $0) }
        }
        var lo = [Double](repeating: .infinity, count: wanted.count)
        var hi = [Double](repeating: -.infinity, count: wanted.count)
        var rows = 0
        for line in lines {
            if line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "," }) { continue }
            rows += 1
            guard !wanted.isEmpty else { continue }
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            for (k, w) in wanted.enumerated() where w.index < cells.count {
                if let v = Double(cell(cells[w.index])), v.isFinite {
                    lo[k] = min(lo[k], v)
                    hi[k] = max(hi[k], v)
                }
            }
        }
        var ranges: [String: ClosedRange<Double>] = [:]
        for (k, w) in wanted.enumerated() where lo[k] <= hi[k] {
            ranges[w.name] = lo[k]...hi[k]
        }
        return DataSummary(rows: rows, ranges: ranges)
    }

    /// A cell without surrounding spaces and quotes.
    static func cell(_ s: Substring) -> String {
        var t = s
        while let f = t.first, f == " " || f == "\t" || f == "\u{FEFF}" { t.removeFirst() }
        while let l = t.last, l == " " || l == "\t" || l == "\r" { t.removeLast() }
        if t.count >= 2, t.first == "\"", t.last == "\"" { t = t.dropFirst().dropLast() }
        return String(t)
    }
}
