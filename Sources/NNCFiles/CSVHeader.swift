import Foundation
import NNCDiagnostics

/// The header-only mode of the CSV reader: the first record of a data file,
/// its column names. The front end reads only this much, so a spec can be
/// checked against a large file cheaply; `countRows` counts the data records
/// with the same scanner the data reader uses, so both agree on what a row is.
public struct CSVHeader: Equatable, Sendable {
    /// The column names, spaces around them and quotes removed.
    public var columns: [String]
    /// The 1-based line of the header (blank lines before it are skipped).
    public var line: Int
    /// When the header is one field that splits at another separator (`;`,
    /// tabs): that separator and the names it gives.
    public var otherDelimiter: CSVDelimiter?

    public enum Problem: Error, Equatable, Sendable {
        /// The file cannot be read: the reason in words.
        case unreadable(String)
        /// No header line (an empty file, or only blank lines).
        case empty
        /// Column `n` (1-based) has no name.
        case emptyColumn(Int)
        /// The header is not CSV (a quote never closed, text after a quote): the message.
        case malformed(String)
    }

    /// Headers longer than this are not headers of columns nnc could use.
    static let maximumBytes = 1 << 20

    /// Reads the header of the file at `path`, reading no more of it than needed.
    public static func read(_ path: String) -> Result<CSVHeader, Problem> {
        switch DataFile.prefix(path, limit: maximumBytes, enough: { $0.contains(CSVScanner.lf) }) {
        case .failure(let e):
            return .failure(.unreadable(e.reason))
        case .success(let (bytes, complete)):
            // A header with a quoted line break may need more than the first line.
            var result = parse(bytes: bytes, path: path, complete: complete)
            if case .failure(.malformed) = result, !complete {
                if case .success(let whole) = DataFile.prefix(path, limit: maximumBytes, enough: { _ in false }) {
                    result = parse(bytes: whole.bytes, path: path, complete: whole.complete)
                }
            }
            return result
        }
    }

    /// The header of CSV text given as bytes; `complete` is false when the
    /// bytes are only the start of the file.
    public static func parse(bytes: [UInt8], path: String, complete: Bool = true) -> Result<CSVHeader, Problem> {
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = CSVScanner(bytes: buffer, path: path)
            var fields: [CSVField] = []
            let line: Int
            do {
                guard let l = try scanner.nextRecord(into: &fields) else { return .failure(.empty) }
                line = l
            } catch {
                return .failure(.malformed((error as? DiagnosticError)?.diagnostics.first?.message ?? "\(error)"))
            }
            if !complete && !scanner.endedAtLineBreak {
                return .failure(.malformed("the first line is longer than \(maximumBytes / 1024) KiB"))
            }
            // The names are text: a header that is not UTF-8 is not a header.
            let end = fields.last.map { $0.quoted ? $0.end + 1 : $0.end } ?? 0
            let start = DataFile.bomLength(buffer)
            guard String(validating: UnsafeBufferPointer(rebasing: buffer[start..<max(start, end)]), as: UTF8.self) != nil
            else { return .failure(.unreadable("its first line is not UTF-8 text")) }
            let columns = fields.map { scanner.trimmedText(of: $0) }
            if columns.allSatisfy(\.isEmpty) { return .failure(.empty) }
            if let i = columns.firstIndex(of: "") { return .failure(.emptyColumn(i + 1)) }
            let other = columns.count == 1 ? CSVDelimiter.guess(columns[0]) : nil
            return .success(CSVHeader(columns: columns, line: line, otherDelimiter: other))
        }
    }

    /// The number of data records (non-blank records after the header), or
    /// nil when the file cannot be read or is not CSV. The file is mapped,
    /// not loaded.
    public static func countRows(_ path: String) -> Int? {
        guard case .success(let data) = DataFile.contents(path) else { return nil }
        return data.withUnsafeBytes { raw in
            var scanner = CSVScanner(bytes: raw.bindMemory(to: UInt8.self), path: path)
            var fields: [CSVField] = []
            var records = 0
            do {
                while try scanner.nextRecord(into: &fields) != nil { records += 1 }
            } catch {
                return nil
            }
            return max(records - 1, 0)
        }
    }
}
