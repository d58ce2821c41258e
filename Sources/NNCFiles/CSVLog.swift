import Foundation
import NNCDiagnostics

/// Columns picked by name from a CSV file that nnc itself wrote (a run's
/// `metrics.csv`), where an empty field means "not measured": each value is
/// nil when its field is empty, holds no number, or the header lacks the
/// column; `nan` and `inf` are read as themselves (a diverged loss is
/// logged). The same byte scanner as `CSVTable`, without its per-field
/// diagnostics: a log's reader judges the rows it needs.
public struct CSVLog: Sendable {
    /// Every column name of the header, in file order (empty for an empty file).
    public var header: [String]
    /// `values[c][r]`: requested column `c` of data row `r`.
    public var values: [[Double?]]
    /// The 1-based file line of each data row.
    public var lines: [Int]

    /// Reads `columns` from `bytes`; `path` names the file in the one error
    /// thrown, a quote never closed (E0706).
    public static func scan(bytes: UnsafeBufferPointer<UInt8>, path: String, columns: [String]) throws -> CSVLog {
        var scanner = CSVScanner(bytes: bytes, path: path)
        var fields: [CSVField] = []
        guard try scanner.nextRecord(into: &fields) != nil else {
            return CSVLog(header: [], values: columns.map { _ in [] }, lines: [])
        }
        let header = fields.map { scanner.trimmedText(of: $0) }
        let picked = columns.map { header.firstIndex(of: $0) }
        var values = columns.map { _ in [Double?]() }
        var lines: [Int] = []
        while let line = try scanner.nextRecord(into: &fields) {
            lines.append(line)
            for (c, h) in picked.enumerated() {
                guard let h, h < fields.count else {
                    values[c].append(nil)
                    continue
                }
                switch scanner.number(fields[h]) {
                case .value(let v): values[c].append(v)
                case .missingMarker(let text) where text.lowercased() == "nan": values[c].append(.nan)
                case .infinite(let text): values[c].append(text.hasPrefix("-") ? -.infinity : .infinity)
                default: values[c].append(nil)
                }
            }
        }
        return CSVLog(header: header, values: values, lines: lines)
    }

    /// Reads `columns` from the file at `path` (E0701 when it cannot be read).
    public static func read(path: String, columns: [String]) throws -> CSVLog {
        let data = try CSVTable.contents(path, what: "file")
        return try data.withUnsafeBytes { try scan(bytes: $0.bindMemory(to: UInt8.self), path: path, columns: columns) }
    }
}
