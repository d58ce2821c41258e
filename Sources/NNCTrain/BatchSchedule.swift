import NNCRuntime

/// The order in which an epoch visits the training points, and its batches.
///
/// Mini-batches: each epoch starts from the identity order and shuffles it
/// with the schedule's own seeded generator (so the generator's four words
/// are the whole state a checkpoint needs); batches are consecutive slices of
/// `batchSize` points, and the last, smaller batch is kept (PyTorch's default,
/// `drop_last=False`). A full batch (`batchSize >= count`) is one batch in
/// point order and draws nothing from the generator.
public struct BatchSchedule: Sendable {
    public let count: Int
    public let batchSize: Int
    var rng: RandomGenerator
    /// The current epoch's order; valid after `nextEpoch()`.
    public private(set) var order: [Int]

    public init(count: Int, batchSize: Int, seed: UInt64) {
        self.count = count
        self.batchSize = max(1, min(batchSize, count))
        self.rng = RandomGenerator(seed: seed)
        self.order = Array(0..<count)
    }

    public var isFullBatch: Bool { batchSize >= count }

    /// Batches per epoch, the last one possibly smaller.
    public var batchesPerEpoch: Int { (count + batchSize - 1) / batchSize }

    /// Draws the next epoch's order (in place; no allocation after the first).
    public mutating func nextEpoch() {
        guard !isFullBatch else { return }
        for i in order.indices { order[i] = i }
        rng.shuffle(&order)
    }

    /// The point indices of batch `b` of the current epoch.
    public func batch(_ b: Int) -> ArraySlice<Int> {
        let start = b * batchSize
        return order[start..<min(start + batchSize, count)]
    }

    /// The generator state, for checkpoints.
    public var state: [UInt64] {
        get { rng.stateWords }
        set { rng = RandomGenerator(state: newValue) ?? rng }
    }
}
