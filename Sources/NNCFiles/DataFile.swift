import Foundation

/// Opening a data file (CSV, `.npy`) and saying in words why it cannot be read.
public enum DataFile {
    /// Why a file cannot be read, in words that end a sentence: "no such
    /// file", "it is a folder", "permission denied".
    public struct Unreadable: Error, Equatable, Sendable {
        public var reason: String

        public init(_ reason: String) {
            self.reason = reason
        }
    }

    /// Nil when `path` names a readable file, else why not. Reads nothing.
    /// A device (`/dev/zero`, `/dev/stdin` on a terminal) is refused: it has
    /// no end, and the front end would wait on it for ever.
    public static func problem(_ path: String) -> Unreadable? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return Unreadable("no such file")
        }
        if isDirectory.boolValue { return Unreadable("it is a folder") }
        if let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType,
           type == .typeCharacterSpecial || type == .typeBlockSpecial || type == .typeSocket
        {
            return Unreadable("it is a device, not a file")
        }
        guard FileManager.default.isReadableFile(atPath: path) else { return Unreadable("permission denied") }
        return nil
    }

    /// The whole file, mapped into memory when the system allows it (a large
    /// file then costs page cache, not heap).
    public static func contents(_ path: String) -> Result<Data, Unreadable> {
        if let problem = problem(path) { return .failure(problem) }
        do {
            return .success(try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe))
        } catch {
            return .failure(Unreadable(reason(error)))
        }
    }

    /// The first bytes of the file, read in chunks until `enough` says the
    /// prefix suffices or `limit` bytes are read; `complete` tells whether the
    /// prefix is the whole file.
    public static func prefix(
        _ path: String, limit: Int, enough: ([UInt8]) -> Bool
    ) -> Result<(bytes: [UInt8], complete: Bool), Unreadable> {
        if let problem = problem(path) { return .failure(problem) }
        guard let handle = FileHandle(forReadingAtPath: path) else { return .failure(Unreadable("permission denied")) }
        defer { try? handle.close() }
        var bytes: [UInt8] = []
        while bytes.count < limit {
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: min(64 << 10, limit - bytes.count))
            } catch {
                return .failure(Unreadable(reason(error)))
            }
            guard let chunk, !chunk.isEmpty else { return .success((bytes, true)) }
            bytes += chunk
            if enough(bytes) { break }
        }
        // Whether anything follows decides `complete`.
        let more = (try? handle.read(upToCount: 1)).map { $0?.isEmpty == false } ?? false
        return .success((bytes, !more))
    }

    /// An I/O error in words: the POSIX reason when there is one ("permission denied").
    public static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code))).lowercased()
        }
        if ns.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(ns.code))).lowercased()
        }
        if ns.domain == NSCocoaErrorDomain && ns.code == NSFileReadNoSuchFileError {
            return "no such file"
        }
        return ns.localizedDescription.lowercased()
    }

    /// The length of a UTF-8 byte-order mark at the start of `bytes` (0 or 3).
    static func bomLength<C: Collection>(_ bytes: C) -> Int where C.Element == UInt8, C.Index == Int {
        let s = bytes.startIndex
        return bytes.count >= 3 && bytes[s] == 0xEF && bytes[s + 1] == 0xBB && bytes[s + 2] == 0xBF ? 3 : 0
    }
}
