import Foundation

/// Counts the data rows of a CSV file with a header, for `batch_size: full`.
///
/// A row is a line with anything other than spaces, tabs or a carriage return;
/// the first such line is the header and is not counted. Quoted fields are not
/// parsed: a quoted newline would count as two rows (nnc's data files are numbers).
public enum DataRows {
    /// The number of data rows, or nil when the file cannot be read.
    public static func count(csvAt path: String) -> Int? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        var lines = 0
        var lineHasContent = false
        for byte in data {
            switch byte {
            case UInt8(ascii: "\n"):
                if lineHasContent { lines += 1 }
                lineHasContent = false
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                break
            default:
                lineHasContent = true
            }
        }
        if lineHasContent { lines += 1 }
        return max(lines - 1, 0)
    }
}
