#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NNCKernels

/// A fixed team of worker threads that splits one dense kernel's rows across
/// cores. The threads start once, with the workspace; handing them a task is a
/// plain `DenseTask` value under a mutex — no closure, no allocation, no
/// reference counting (libdispatch's `concurrentPerform` allocated on every
/// call). The caller works as member 0.
///
/// Work is split into chunks that members claim one at a time, so a member
/// the OS has not scheduled yet (a loaded machine) costs nothing: the others,
/// the caller included, take its chunks, and a late waker finds none left.
///
/// Waiting spins before it sleeps: a worker watches the task counter for
/// `spinNanoseconds` after its last task before it blocks on the condition
/// variable, and the caller watches the finished count likewise. A training
/// step hands the team a task every few hundred microseconds, and waking a
/// blocked thread took 30–70 µs in the KVM guests this was measured on (a
/// spinning one: 0.1 µs) — a dozen wake-ups a `wide` step.
final class ThreadTeam {
    /// Members including the calling thread.
    let size: Int
    let mutex: UnsafeMutablePointer<pthread_mutex_t>
    let start: UnsafeMutablePointer<pthread_cond_t>
    let done: UnsafeMutablePointer<pthread_cond_t>
    var threads: [pthread_t] = []
    /// Per-thread (team, index) arguments, alive as long as the team.
    let arguments: UnsafeMutablePointer<(Unmanaged<ThreadTeam>, Int)>
    /// Counters read without the mutex while spinning (written with it held):
    /// [0] the task generation, [8] chunks finished of the current task (apart,
    /// on their own cache lines).
    let counters: UnsafeMutablePointer<Int64>

    /// How long a waiting thread spins before it blocks.
    static let spinNanoseconds: UInt64 = 200_000

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
    /// Workers blocked on `start`, and whether the caller is blocked on `done`.
    var sleepers = 0
    var callerWaiting = false

    init(size: Int) {
        self.size = max(1, size)
        mutex = .allocate(capacity: 1)
        start = .allocate(capacity: 1)
        done = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(start, nil)
        pthread_cond_init(done, nil)
        counters = .allocate(capacity: 16)
        counters.initialize(repeating: 0, count: 16)
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
        nnc_atomic_store(counters, -1)
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
        counters.deallocate()
        arguments.deallocate()
    }

    /// Members that actually run (threads that failed to start are skipped).
    var members: Int { threads.count + 1 }

    static func now() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return UInt64(t.tv_sec) &* 1_000_000_000 &+ UInt64(t.tv_nsec)
    }

    /// Spins until `counters[index]` differs from `value` or the spin time is
    /// up; returns whether it changed.
    func spin(while index: Int, equals value: Int64) -> Bool {
        let deadline = Self.now() &+ Self.spinNanoseconds
        while true {
            for _ in 0..<64 {
                if nnc_atomic_load(counters + index) != value { return true }
                nnc_spin_pause()
            }
            if Self.now() > deadline { return false }
        }
    }

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
        nnc_atomic_store(counters + 8, 0)
        generation &+= 1
        nnc_atomic_store(counters, Int64(generation))
        if sleepers > 0 { pthread_cond_broadcast(start) }
        drain(task, member: 0, workspace: workspace)
        while finished < chunks {
            // The other members still run chunks: watch for the last one, then block.
            pthread_mutex_unlock(mutex)
            _ = spin(while: 8, equals: Int64(finished))
            pthread_mutex_lock(mutex)
            if finished < chunks && nnc_atomic_load(counters + 8) == Int64(finished) {
                callerWaiting = true
                pthread_cond_wait(done, mutex)
                callerWaiting = false
            }
        }
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
            nnc_atomic_store(counters + 8, Int64(finished))
            if finished == chunks && callerWaiting { pthread_cond_signal(done) }
        }
    }

    func work(_ index: Int) {
        var seen = 0
        pthread_mutex_lock(mutex)
        while true {
            if generation == seen && !stopping {
                // Watch for the next task for a while before sleeping.
                pthread_mutex_unlock(mutex)
                _ = spin(while: 0, equals: Int64(seen))
                pthread_mutex_lock(mutex)
                while generation == seen && !stopping {
                    sleepers += 1
                    pthread_cond_wait(start, mutex)
                    sleepers -= 1
                }
            }
            if stopping { break }
            seen = generation
            drain(task!, member: index, workspace: workspace!)
        }
        pthread_mutex_unlock(mutex)
    }
}
