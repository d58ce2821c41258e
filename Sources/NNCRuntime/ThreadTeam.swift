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
///
/// Work is split into chunks that members claim one at a time, so a member
/// the OS has not scheduled yet (a loaded machine) costs nothing: the others,
/// the caller included, take its chunks, and a late waker finds none left.
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
    /// Chunks of the current task: claimed so far, finished so far, in all.
    var claimed = 0
    var finished = 0
    var chunks = 0
    var chunkRows = 0
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

    /// Runs `task` over rows 0..<rows, in chunks of whole blocks of `blockRows`
    /// rows (the kernels' tallest tile) claimed by the members.
    func run(_ task: DenseTask, rows: Int, blockRows: Int, workspace: Workspace) {
        let blocks = (rows + blockRows - 1) / blockRows
        // About four chunks per member: balance without much locking.
        let perChunk = max(1, blocks / (members * 4))
        pthread_mutex_lock(mutex)
        self.task = task
        self.rows = rows
        self.workspace = workspace
        chunkRows = perChunk * blockRows
        chunks = (blocks + perChunk - 1) / perChunk
        claimed = 0
        finished = 0
        generation &+= 1
        pthread_cond_broadcast(start)
        drain(task, member: 0, workspace: workspace)
        while finished < chunks { pthread_cond_wait(done, mutex) }
        pthread_mutex_unlock(mutex)
    }

    /// Claims and runs chunks until none is left; called and returns with `mutex` held.
    func drain(_ task: DenseTask, member: Int, workspace: Workspace) {
        while claimed < chunks {
            let c = claimed
            claimed += 1
            let lo = c * chunkRows
            let hi = min(rows, lo + chunkRows)
            pthread_mutex_unlock(mutex)
            task.run(rows: lo..<hi, thread: member, workspace: workspace)
            pthread_mutex_lock(mutex)
            finished += 1
            if finished == chunks { pthread_cond_signal(done) }
        }
    }

    func work(_ index: Int) {
        var seen = 0
        pthread_mutex_lock(mutex)
        while true {
            while generation == seen && !stopping { pthread_cond_wait(start, mutex) }
            if stopping { break }
            seen = generation
            drain(task!, member: index, workspace: workspace!)
        }
        pthread_mutex_unlock(mutex)
    }
}
