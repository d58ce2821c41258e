import NNCKernels

/// Scratch memory the dense kernels need, allocated once by its owner and
/// reused by every call: a transpose area for the weight gradient and one
/// tile-packing scratch per thread; and the kernel variant its owner runs.
/// A plain struct over raw pointers — no reference counting on the hot path;
/// the owner calls `deallocate()`.
public struct Workspace {
    public let base: UnsafeMutablePointer<Float>
    public let floatCount: Int
    /// Threads a large product may be split across (1 = never split).
    public let threads: Int
    /// Floats for a transposed input (the largest inputs × batch).
    public let transposeCount: Int
    /// Floats of scratch per thread.
    public let scratchPerThread: Int
    /// The kernels every product and elementwise pass of this workspace runs.
    public let kernels: KernelVariant
    /// `kernels`' entry points, looked up once.
    let table: UnsafePointer<nnc_kernel_table>
    /// Rows of `kernels`' tallest GEMM tile: threads split products in whole blocks of these.
    let blockRows: Int
    /// The worker threads (threads − 1 of them), started once; unmanaged so
    /// that copying the workspace does no reference counting.
    let team: Unmanaged<ThreadTeam>?

    /// Room for products with inner dimension up to `maxInner`, transposes of up
    /// to `maxTranspose` floats, on `threads` threads, running `kernels`
    /// (which must be supported: `KernelVariant.isSupported`).
    public init(maxInner: Int, maxTranspose: Int, threads: Int, kernels: KernelVariant = .best) {
        self.kernels = kernels
        table = kernels.table
        blockRows = Int(table.pointee.block_rows)
        self.threads = max(1, threads)
        self.transposeCount = (max(maxTranspose, 0) + 15) / 16 * 16
        self.scratchPerThread = (Int(table.pointee.scratch_floats(Int64(max(maxInner, 1)))) + 15) / 16 * 16
        self.floatCount = transposeCount + self.threads * scratchPerThread
        let raw = UnsafeMutableRawPointer.allocate(byteCount: floatCount * 4, alignment: 64)
        base = raw.bindMemory(to: Float.self, capacity: floatCount)
        base.initialize(repeating: 0, count: floatCount)
        team = self.threads > 1 ? Unmanaged.passRetained(ThreadTeam(size: self.threads)) : nil
    }

    /// The sizes a stack of dense layers needs: widths = [inputs, units…].
    public init(widths: [Int], batch: Int, threads: Int, kernels: KernelVariant = .best) {
        let maxWidth = widths.max() ?? 1
        self.init(maxInner: max(maxWidth, batch), maxTranspose: maxWidth * batch, threads: threads, kernels: kernels)
    }

    public var transposeArea: UnsafeMutablePointer<Float> { base }

    public func scratch(thread: Int) -> UnsafeMutablePointer<Float> {
        base + transposeCount + thread * scratchPerThread
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

    /// Frees the memory and stops the worker threads.
    public func deallocate() {
        if let team {
            team._withUnsafeGuaranteedRef { $0.stop() }
            team.release()
        }
        UnsafeMutableRawPointer(base).deallocate()
    }
}
