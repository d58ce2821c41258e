import NNCKernels
import NNCPlan

/// The dense kernels' per-thread packing scratch, the thread team that
/// splits large products, and the kernel variant they run. Thread 0's scratch
/// is the plan's `workspace` tensor inside the arena
/// (`KernelWorkspace.floatsPerThread` floats); the team's extra threads get
/// as much each, allocated with the team when it starts (or, for kernel tests,
/// all of it is the workspace's own). A plain struct over raw pointers — no
/// reference counting on the hot path; the owner calls `deallocate()`.
public struct Workspace {
    public let base: UnsafeMutablePointer<Float>
    /// The extra threads' scratch, `(threads − 1) × scratchPerThread` floats; nil with one thread.
    let extra: UnsafeMutablePointer<Float>?
    /// Threads a large product may be split across (1 = never split).
    public let threads: Int
    /// Floats of scratch per thread.
    public let scratchPerThread: Int
    /// The kernels every product and elementwise pass of this workspace runs.
    public let kernels: KernelVariant
    /// `kernels`' entry points, looked up once.
    let table: UnsafePointer<nnc_kernel_table>
    /// Rows of `kernels`' tallest GEMM tile: threads split products in whole blocks of these.
    let blockRows: Int
    /// Whether `base` was allocated here (and is freed by `deallocate()`).
    let owned: Bool
    /// The worker threads (threads − 1 of them), started once; unmanaged so
    /// that copying the workspace does no reference counting.
    let team: Unmanaged<ThreadTeam>?

    /// A workspace whose thread 0 uses the `scratchPerThread` floats at `base`
    /// (the arena's), running `kernels` (which must be supported:
    /// `KernelVariant.isSupported`).
    public init(base: UnsafeMutablePointer<Float>, scratchPerThread: Int, threads: Int, kernels: KernelVariant = .best) {
        self.base = base
        self.threads = max(1, threads)
        self.scratchPerThread = scratchPerThread
        self.kernels = kernels
        table = kernels.table
        blockRows = Int(table.pointee.block_rows)
        owned = false
        extra = Self.allocate((self.threads - 1) * scratchPerThread)
        team = self.threads > 1 ? Unmanaged.passRetained(ThreadTeam(size: self.threads)) : nil
    }

    static func allocate(_ count: Int) -> UnsafeMutablePointer<Float>? {
        guard count > 0 else { return nil }
        let raw = UnsafeMutableRawPointer.allocate(byteCount: count * 4, alignment: 64)
        let p = raw.bindMemory(to: Float.self, capacity: count)
        p.initialize(repeating: 0, count: count)
        return p
    }

    /// A workspace with memory of its own, for products with inner dimension up to `maxInner`.
    public init(maxInner: Int, threads: Int, kernels: KernelVariant = .best) {
        self.threads = max(1, threads)
        scratchPerThread = KernelWorkspace.floatsPerThread(maxInner: maxInner)
        self.kernels = kernels
        table = kernels.table
        blockRows = Int(table.pointee.block_rows)
        base = Self.allocate(scratchPerThread)!
        extra = Self.allocate((self.threads - 1) * scratchPerThread)
        owned = true
        team = self.threads > 1 ? Unmanaged.passRetained(ThreadTeam(size: self.threads)) : nil
    }

    /// Whether the kernels' scratch for inner dimension `k` fits a thread's share.
    public func fits(inner k: Int) -> Bool {
        GEMM.scratchCount(k: k, kernels: kernels) <= scratchPerThread
    }

    public func scratch(thread: Int) -> UnsafeMutablePointer<Float> {
        thread == 0 ? base : extra! + (thread - 1) * scratchPerThread
    }

    /// Runs task over rows 0..<rows: on the thread team when the product is
    /// large (`work` multiply-adds ≥ `GEMM.parallelThreshold`), inline otherwise.
    func parallel(_ task: DenseTask, rows: Int, work: Int) {
        if let team, work >= GEMM.parallelThreshold, rows > blockRows {
            team._withUnsafeGuaranteedRef { $0.run(task, rows: rows, blockRows: blockRows, workspace: self) }
        } else {
            task.run(rows: 0..<rows, thread: 0, workspace: self)
        }
    }

    /// Stops the worker threads and frees memory the workspace allocated.
    public func deallocate() {
        if let team {
            team._withUnsafeGuaranteedRef { $0.stop() }
            team.release()
        }
        if owned { UnsafeMutableRawPointer(base).deallocate() }
        if let extra { UnsafeMutableRawPointer(extra).deallocate() }
    }
}
