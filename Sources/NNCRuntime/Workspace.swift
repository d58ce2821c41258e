/// Scratch memory the dense kernels need, allocated once by its owner and
/// reused by every call: a transpose area for the weight gradient and one
/// tail-packing scratch per thread. A plain struct over a raw pointer — no
/// reference counting on the hot path; the owner calls `deallocate()`.
public struct Workspace {
    public let base: UnsafeMutablePointer<Float>
    public let floatCount: Int
    /// Threads a large product may be split across (1 = never split).
    public let threads: Int
    /// Floats for a transposed input (the largest inputs × batch).
    public let transposeCount: Int
    /// Floats of scratch per thread.
    public let scratchPerThread: Int
    /// The worker threads (threads − 1 of them), started once; unmanaged so
    /// that copying the workspace does no reference counting.
    let team: Unmanaged<ThreadTeam>?

    /// Room for products with inner dimension up to `maxInner`, transposes of up
    /// to `maxTranspose` floats, on `threads` threads.
    public init(maxInner: Int, maxTranspose: Int, threads: Int) {
        self.threads = max(1, threads)
        self.transposeCount = (max(maxTranspose, 0) + 15) / 16 * 16
        self.scratchPerThread = (GEMM.scratchCount(k: maxInner) + 15) / 16 * 16
        self.floatCount = transposeCount + self.threads * scratchPerThread
        let raw = UnsafeMutableRawPointer.allocate(byteCount: floatCount * 4, alignment: 64)
        base = raw.bindMemory(to: Float.self, capacity: floatCount)
        base.initialize(repeating: 0, count: floatCount)
        team = self.threads > 1 ? Unmanaged.passRetained(ThreadTeam(size: self.threads)) : nil
    }

    /// The sizes a stack of dense layers needs: widths = [inputs, units…].
    public init(widths: [Int], batch: Int, threads: Int) {
        let maxWidth = widths.max() ?? 1
        self.init(maxInner: max(maxWidth, batch), maxTranspose: maxWidth * batch, threads: threads)
    }

    public var transposeArea: UnsafeMutablePointer<Float> { base }

    public func scratch(thread: Int) -> UnsafeMutablePointer<Float> {
        base + transposeCount + thread * scratchPerThread
    }

    /// Runs task over rows 0..<rows: on the thread team when the product is
    /// large (`work` multiply-adds ≥ `GEMM.parallelThreshold`), inline otherwise.
    func parallel(_ task: DenseTask, rows: Int, work: Int) {
        if let team, work >= GEMM.parallelThreshold, rows > GEMM.blockRows {
            team._withUnsafeGuaranteedRef { $0.run(task, rows: rows, workspace: self) }
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
