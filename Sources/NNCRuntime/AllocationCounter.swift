#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Counts the Swift heap allocations and reference-count operations a piece of
/// code performs, to prove that a training step does neither.
///
/// It uses the Swift runtime's instrumentation hooks (`_swift_allocObject`,
/// `_swift_retain`, `_swift_release` and their `_n` forms, enabled through
/// `_swift_enableSwizzlingOfAllocationAndRefCountingFunctions_forInstrumentsOnly`),
/// found with `dlsym`: every class instance, array or dictionary buffer,
/// closure context and existential box goes through `swift_allocObject`, and
/// all ARC traffic through retain/release. Raw `malloc` from C code (or
/// `UnsafeMutablePointer.allocate`) is not seen; nnc's step calls neither.
///
/// Hooks are process-wide while `measure` runs, and enabling them sends every
/// thread's reference counting through the runtime's instrumented path, which
/// crashed on tagged pointers when other threads ran Swift code at the same
/// time (seen under the parallel test runner). So `measure` is for a process
/// that runs nothing else meanwhile (`nnc bench`), and
/// `measureInChildProcess` forks first, so only the measured thread exists.
public enum AllocationCounter {
    public struct Counts: Equatable, Sendable {
        public var allocations: Int
        public var retains: Int
        public var releases: Int
    }

    typealias AllocFunction = @convention(c) (UnsafeRawPointer?, Int, Int) -> UnsafeMutableRawPointer?
    typealias RetainFunction = @convention(c) (UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer?
    typealias RetainNFunction = @convention(c) (UnsafeMutableRawPointer?, UInt32) -> UnsafeMutableRawPointer?
    typealias ReleaseFunction = @convention(c) (UnsafeMutableRawPointer?) -> Void
    typealias ReleaseNFunction = @convention(c) (UnsafeMutableRawPointer?, UInt32) -> Void

    // Read by the hooks; written only by `measure`, which runs one at a time.
    nonisolated(unsafe) static var allocations = 0
    nonisolated(unsafe) static var retains = 0
    nonisolated(unsafe) static var releases = 0
    nonisolated(unsafe) static var originalAlloc: AllocFunction?
    nonisolated(unsafe) static var originalRetain: RetainFunction?
    nonisolated(unsafe) static var originalRetainN: RetainNFunction?
    nonisolated(unsafe) static var originalRelease: ReleaseFunction?
    nonisolated(unsafe) static var originalReleaseN: ReleaseNFunction?

    static func symbol<T>(_ name: String, as type: T.Type) -> UnsafeMutablePointer<T>? {
        #if canImport(Glibc) || canImport(Darwin)
        guard let handle = dlopen(nil, RTLD_NOW), let p = dlsym(handle, name) else { return nil }
        return p.assumingMemoryBound(to: T.self)
        #else
        return nil
        #endif
    }

    /// Whether the runtime exposes the hooks (the counts are meaningful).
    public static var isAvailable: Bool {
        symbol("_swift_allocObject", as: AllocFunction?.self) != nil
            && symbol("_swift_enableSwizzlingOfAllocationAndRefCountingFunctions_forInstrumentsOnly", as: Bool.self) != nil
    }

    /// Runs body with the hooks installed and returns what it did; retains and
    /// releases are counted (and reported non-zero) only with `references`.
    public static func measure(references: Bool = false, _ body: () -> Void) -> Counts {
        guard
            let enable = symbol("_swift_enableSwizzlingOfAllocationAndRefCountingFunctions_forInstrumentsOnly", as: Bool.self),
            let alloc = symbol("_swift_allocObject", as: AllocFunction?.self),
            let retain = symbol("_swift_retain", as: RetainFunction?.self),
            let retainN = symbol("_swift_retain_n", as: RetainNFunction?.self),
            let release = symbol("_swift_release", as: ReleaseFunction?.self),
            let releaseN = symbol("_swift_release_n", as: ReleaseNFunction?.self)
        else {
            body()
            return Counts(allocations: 0, retains: 0, releases: 0)
        }
        originalAlloc = alloc.pointee
        originalRetain = retain.pointee
        originalRetainN = retainN.pointee
        originalRelease = release.pointee
        originalReleaseN = releaseN.pointee
        allocations = 0
        retains = 0
        releases = 0
        alloc.pointee = { metadata, size, alignment in
            AllocationCounter.allocations += 1
            return AllocationCounter.originalAlloc!(metadata, size, alignment)
        }
        if references {
        retain.pointee = { object in
            AllocationCounter.retains += 1
            return AllocationCounter.originalRetain!(object)
        }
        retainN.pointee = { object, n in
            AllocationCounter.retains += Int(n)
            return AllocationCounter.originalRetainN!(object, n)
        }
        release.pointee = { object in
            AllocationCounter.releases += 1
            AllocationCounter.originalRelease!(object)
        }
        releaseN.pointee = { object, n in
            AllocationCounter.releases += Int(n)
            AllocationCounter.originalReleaseN!(object, n)
        }
        }
        enable.pointee = true
        body()
        enable.pointee = false
        alloc.pointee = originalAlloc
        retain.pointee = originalRetain
        retainN.pointee = originalRetainN
        release.pointee = originalRelease
        releaseN.pointee = originalReleaseN
        return Counts(allocations: allocations, retains: retains, releases: releases)
    }

    /// Runs body in a forked child process (where it is the only thread) with
    /// the hooks installed, and returns the counts; nil where fork is not
    /// available or the child failed. Warm body up in the parent first, so the
    /// child does not initialise anything lazily.
    public static func measureInChildProcess(_ body: () -> Void) -> Counts? {
        #if canImport(Glibc)
        guard isAvailable else { return nil }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return nil }
        let pid = fork()
        if pid == 0 {
            close(fds[0])
            let counts = measure(references: true, body)
            var words = [counts.allocations, counts.retains, counts.releases]
            _ = words.withUnsafeMutableBytes { write(fds[1], $0.baseAddress, $0.count) }
            _exit(0)
        }
        close(fds[1])
        defer { close(fds[0]) }
        guard pid > 0 else { return nil }
        var words = [Int](repeating: -1, count: 3)
        let got = words.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        guard got == 3 * MemoryLayout<Int>.size else { return nil }
        return Counts(allocations: words[0], retains: words[1], releases: words[2])
        #else
        return nil
        #endif
    }
}
