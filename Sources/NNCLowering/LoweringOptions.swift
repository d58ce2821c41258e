import Foundation
import NNCPlan

/// What lowering is asked for beyond the spec itself.
public struct LoweringOptions: Sendable, Equatable {
    public var mode: PlanMode
    /// Rows of every batch buffer; nil takes the spec's `batch_size` (`full` =
    /// the training points after the validation split).
    public var batchSize: Int?
    /// The most arena bytes the plan may need; a bigger plan is refused with E0601.
    public var memoryBudget: Int

    public init(mode: PlanMode = .training, batchSize: Int? = nil, memoryBudget: Int? = nil) {
        self.mode = mode
        self.batchSize = batchSize
        self.memoryBudget = memoryBudget ?? LoweringOptions.defaultMemoryBudget
    }

    /// Three quarters of the machine's physical memory: room for the arena,
    /// with the rest left to the data set, the OS and other programs. Read
    /// once (a system call; a search lowers once a trial).
    public static let defaultMemoryBudget: Int = {
        let physical = ProcessInfo.processInfo.physicalMemory
        return Int(min(Double(physical) * 0.75, Double(Int.max / 2)))
    }()
}
