import Foundation

/// Why a file cannot be read, in words for the end of a message.
enum SourceReader {
    /// "no such file", "it is a folder" or "it could not be read".
    static func problem(at path: String) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return "no such file" }
        return isDirectory.boolValue ? "it is a folder" : "it could not be read"
    }
}
