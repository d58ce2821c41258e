import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NNCDiagnostics

/// Writes a file so that readers see either the old contents or the new, never
/// a torn mix: the bytes go to a temporary file in the same folder, which is
/// flushed to disk (fsync), renamed over the target (atomic on POSIX), and the
/// folder is flushed so the rename itself survives a crash.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temp = folder + "/." + url.lastPathComponent + ".tmp-\(getpid())"
        func failure(_ what: String) -> TrainError {
            let reason = String(cString: strerror(errno)).lowercased()
            return TrainError(Diagnostic(
                .cannotWriteOutput, span: .wholeFile(path), message: "cannot write '\(path)': \(what): \(reason)",
                notes: [DiagnosticNote("check that the folder exists, is writable and the disk is not full")]))
        }
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw failure("cannot create a temporary file") }
        var written = 0
        let ok: Bool = bytes.withUnsafeBytes { buf in
            while written < buf.count {
                let r = systemWrite(fd, buf.baseAddress! + written, buf.count - written)
                if r < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                written += r
            }
            return true
        }
        guard ok, fsync(fd) == 0 else {
            let error = failure("writing failed")
            close(fd)
            unlink(temp)
            throw error
        }
        close(fd)
        guard rename(temp, path) == 0 else {
            let error = failure("cannot rename the temporary file into place")
            unlink(temp)
            throw error
        }
        let dir = open(folder.isEmpty ? "." : folder, O_RDONLY)
        if dir >= 0 {
            _ = fsync(dir)
            close(dir)
        }
    }

    public static func write(_ text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
#else
private let systemWrite = Darwin.write
#endif
