#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fixed team of worker threads that splits one dense kernel's rows across
/// cores. The threads start once, with the workspace; handing them a task is a
/// mutex, a condition variable and a plain `DenseTask` value — no closure, no
/// allocation, no reference counting (libdispatch's `concurrentPerform`
/// allocated on every call). The caller works as member 0.
final class ThreadTeam {
    /// Members including the calling thread.
    let size: Int
    let mutex: UnsafeMutablePointer<pthread_mutex_t>
    let start: UnsafeMutablePointer<pthread_cond_t>
    let done: UnsafeMutablePointer<pthread_cond_t>
    var threads: [pthread_t] = []
    /// Per-thread (team, index) arguments, alive as long as the team.
    let arguments: UnsafeMutablePointer<(Unmanaged<ThreadTeam>, Int)>

    // Guarded by `mutex`.
    var task: DenseTask?
    var rows = 0
    var workspace: Workspace?
    var generation = 0
    var remaining = 0
    var stopping = false

    init(size: Int) {
        self.size = max(1, size)
        mutex = .allocate(capacity: 1)
        start = .allocate(capacity: 1)
        done = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(start, nil)
        pthread_cond_init(done, nil)
        arguments = .allocate(capacity: self.size)
        for index in 1..<self.size {
            arguments[index] = (Unmanaged.passUnretained(self), index)
            var thread = pthread_t()
            let created = pthread_create(&thread, nil, { raw in
                let (team, index) = raw!.assumingMemoryBound(to: (Unmanaged<ThreadTeam>, Int).self).pointee
                team.takeUnretainedValue().work(index)
                return nil
            }, UnsafeMutableRawPointer(arguments + index))
            if created == 0 { threads.append(thread) }
        }
    }

    /// Stops and joins the workers.
    func stop() {
        pthread_mutex_lock(mutex)
        stopping = true
        pthread_cond_broadcast(start)
        pthread_mutex_unlock(mutex)
        for t in threads { pthread_join(t, nil) }
        threads = []
    }

    deinit {
        pthread_cond_destroy(start)
        pthread_cond_destroy(done)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        start.deallocate()
        done.deallocate()
        arguments.deallocate()
    }

    /// Members that actually run (threads that failed to start are skipped).
    var members: Int { threads.count + 1 }

    /// Runs `task` over rows 0..<rows split in whole row blocks across the team.
    func run(_ task: DenseTask, rows: Int, workspace: Workspace) {
        let count = members
        pthread_mutex_lock(mutex)
        self.task = task
        self.rows = rows
        self.workspace = workspace
        remaining = count - 1
        generation &+= 1
        pthread_cond_broadcast(start)
        pthread_mutex_unlock(mutex)
        task.run(rows: Self.share(0, of: count, rows: rows), thread: 0, workspace: workspace)
        pthread_mutex_lock(mutex)
        while remaining > 0 { pthread_cond_wait(done, mutex) }
        pthread_mutex_unlock(mutex)
    }

    /// Member index's rows: whole blocks of `GEMM.blockRows`, as even as they come.
    static func share(_ index: Int, of count: Int, rows: Int) -> Range<Int> {
        let blocks = (rows + GEMM.blockRows - 1) / GEMM.blockRows
        let lo = min(rows, blocks * index / count * GEMM.blockRows)
        let hi = min(rows, blocks * (index + 1) / count * GEMM.blockRows)
        return lo..<hi
    }

    func work(_ index: Int) {
        var seen = 0
        pthread_mutex_lock(mutex)
        while true {
            while generation == seen && !stopping { pthread_cond_wait(start, mutex) }
            if stopping { break }
            seen = generation
            let task = self.task!, rows = self.rows, workspace = self.workspace!, count = members
            pthread_mutex_unlock(mutex)
            task.run(rows: Self.share(index, of: count, rows: rows), thread: index, workspace: workspace)
            pthread_mutex_lock(mutex)
            remaining -= 1
            if remaining == 0 { pthread_cond_signal(done) }
        }
        pthread_mutex_unlock(mutex)
    }
}
