import Foundation
import NNCDiagnostics

/// Reads a text file for the front end, with the reason when it cannot.
public enum SourceReader {
    public struct Problem: Error, Equatable, Sendable {
        /// Lowercase, for the end of a message: "no such file", "it is a folder".
        public var reason: String
    }

    /// Spec files are small; anything above this is not a spec and is refused
    /// rather than read into memory.
    public static let maxBytes = 16 << 20

    public static func read(_ path: String) -> Result<SourceFile, Problem> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(Problem(reason: "no such file"))
        }
        if isDirectory.boolValue { return .failure(Problem(reason: "it is a folder")) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return .failure(Problem(reason: "permission denied"))
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maxBytes + 1) ?? Data()
        } catch {
            return .failure(Problem(reason: "it could not be read"))
        }
        if data.count > maxBytes {
            return .failure(Problem(reason: "it is larger than \(maxBytes >> 20) MB"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(Problem(reason: "it is not UTF-8 text"))
        }
        return .success(SourceFile(path: path, text: text))
    }
}
