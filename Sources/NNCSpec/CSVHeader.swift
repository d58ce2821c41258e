import Foundation

/// The first line of a CSV data file: its column names. The decoder reads only
/// this much, so a spec can be checked against a large file cheaply.
public struct CSVHeader: Equatable, Sendable {
    public var columns: [String]

    public enum Problem: Error, Equatable, Sendable {
        case unreadable(String)
        case empty
        case emptyColumn(Int)
    }

    /// Reads and splits the header line (commas; surrounding spaces and double quotes stripped).
    public static func read(_ path: String) -> Result<CSVHeader, Problem> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(.unreadable("no such file"))
        }
        if isDirectory.boolValue { return .failure(.unreadable("it is a folder")) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return .failure(.unreadable("permission denied"))
        }
        defer { try? handle.close() }
        var bytes = Data()
        // A header longer than this is not a header of columns nnc could use.
        while bytes.count < 1 << 20 {
            guard let chunk = try? handle.read(upToCount: 64 << 10), !chunk.isEmpty else { break }
            bytes.append(chunk)
            if chunk.contains(UInt8(ascii: "\n")) { break }
        }
        if let nl = bytes.firstIndex(of: UInt8(ascii: "\n")) { bytes = bytes[bytes.startIndex..<nl] }
        guard var line = String(data: bytes, encoding: .utf8) else {
            return .failure(.unreadable("its first line is not UTF-8 text"))
        }
        if line.hasPrefix("\u{FEFF}") { line.removeFirst() }
        if line.hasSuffix("\r") { line.removeLast() }
        let columns = parse(line)
        if columns.allSatisfy(\.isEmpty) { return .failure(.empty) }
        if let i = columns.firstIndex(of: "") { return .failure(.emptyColumn(i + 1)) }
        return .success(CSVHeader(columns: columns))
    }

    /// Splits one CSV line, honouring double quotes around a field.
    static func parse(_ line: String) -> [String] {
        var out: [String] = []
        var field = ""
        var quoted = false
        var chars = line.makeIterator()
        while let c = chars.next() {
            if quoted {
                if c == "\"" {
                    quoted = false
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                out.append(field.trimmingCharacters(in: .whitespaces))
                field = ""
            } else {
                field.append(c)
            }
        }
        out.append(field.trimmingCharacters(in: .whitespaces))
        return out
    }

    /// The number of data rows (non-blank lines after the header), or nil when
    /// the file cannot be read. Reads the file in chunks; never loads it whole.
    public static func countRows(_ path: String) -> Int? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var lines = 0
        var lineHasContent = false
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            for b in chunk {
                if b == UInt8(ascii: "\n") {
                    if lineHasContent { lines += 1 }
                    lineHasContent = false
                } else if b != UInt8(ascii: "\r") && b != UInt8(ascii: " ") && b != UInt8(ascii: "\t") {
                    lineHasContent = true
                }
            }
        }
        if lineHasContent { lines += 1 }
        return max(lines - 1, 0)
    }
}
