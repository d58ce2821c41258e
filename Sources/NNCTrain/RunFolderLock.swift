import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NNCDiagnostics

/// An advisory lock on a run folder, held while a process trains into it, so
/// a second process cannot write the same folder at once.
///
/// The lock is `flock` on `DIR/.nnc-lock`: the kernel releases it when the
/// process ends however it ends (even `kill -9`), so a lock is never stale.
/// While held, the file names its holder — pid, host, start time, command —
/// for the message another process prints. The file itself stays (emptied
/// on release): removing it would let two processes lock two different files.
/// On a file system without locks (some Lustre mounts) the run goes on
/// unlocked and `unsupported` says why.
public final class RunFolderLock: @unchecked Sendable {
    public static let fileName = ".nnc-lock"

    public let path: String
    /// Why the folder could not be locked (the file system does not support
    /// it); nil when the lock is held.
    public let unsupported: String?
    private var fd: Int32

    private init(path: String, fd: Int32, unsupported: String?) {
        self.path = path
        self.fd = fd
        self.unsupported = unsupported
    }

    /// Locks `folder` (which must exist) for this process, recording
    /// `command`; E0722 names the process that holds it.
    public static func acquire(folder: String, command: String) throws -> RunFolderLock {
        let path = folder + "/" + fileName
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno)).lowercased()
            throw TrainError(Diagnostic(
                .cannotWriteOutput, span: .wholeFile(path), message: "cannot create the lock file '\(path)': \(reason)",
                notes: [DiagnosticNote("choose a writable folder with --out")]))
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            guard code == EWOULDBLOCK || code == EAGAIN else {
                // ENOLCK, EOPNOTSUPP, ENOSYS, EINVAL: the file system has no locks.
                return RunFolderLock(path: path, fd: fd, unsupported: String(cString: strerror(code)).lowercased())
            }
            let holder = Holder(text: readAll(fd))
            close(fd)
            throw TrainError(Diagnostic(
                .runFolderInUse, span: .wholeFile(folder),
                message: "the run folder '\(folder)' is in use by another nnc: \(holder.description)",
                notes: [
                    DiagnosticNote("two trainings writing one folder would mix their checkpoints, weights and metrics"),
                    DiagnosticNote("wait for it to finish (or stop it: Ctrl-C or kill \(holder.pid.map(String.init) ?? "PID") on its host), or train into another folder with --out DIR"),
                ]))
        }
        let lock = RunFolderLock(path: path, fd: fd, unsupported: nil)
        lock.record(Holder(
            pid: Int(getpid()), host: ProcessInfo.processInfo.hostName,
            started: ISO8601DateFormatter().string(from: Date()), command: command))
        return lock
    }

    /// Empties the lock file and releases the lock.
    public func release() {
        guard fd >= 0 else { return }
        if unsupported == nil {
            _ = ftruncate(fd, 0)
            _ = flock(fd, LOCK_UN)
        }
        close(fd)
        fd = -1
    }

    deinit { release() }

    private func record(_ holder: Holder) {
        let bytes = Array(holder.text.utf8)
        _ = ftruncate(fd, 0)
        _ = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        _ = fsync(fd)
    }

    private static func readAll(_ fd: Int32) -> String {
        var bytes = [UInt8](repeating: 0, count: 4096)
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        return String(decoding: bytes.prefix(max(n, 0)), as: UTF8.self)
    }

    /// Who holds the lock, as the lock file says: `key: value` lines.
    struct Holder {
        var pid: Int?
        var host: String?
        var started: String?
        var command: String?

        init(pid: Int?, host: String?, started: String?, command: String?) {
            self.pid = pid
            self.host = host
            self.started = started
            self.command = command
        }

        init(text: String) {
            var fields: [String: String] = [:]
            for line in text.split(separator: "\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            self.init(pid: fields["pid"].flatMap(Int.init), host: fields["host"], started: fields["started"], command: fields["command"])
        }

        var text: String {
            "pid: \(pid.map(String.init) ?? "")\nhost: \(host ?? "")\nstarted: \(started ?? "")\ncommand: \(command ?? "")\n"
        }

        var description: String {
            guard let pid else { return "a process that has not yet written its name into the lock file" }
            var out = "process \(pid)"
            if let host, !host.isEmpty { out += " on \(host)" }
            if let started, !started.isEmpty { out += ", started \(started)" }
            if let command, !command.isEmpty { out += " (\(command))" }
            return out
        }
    }
}
