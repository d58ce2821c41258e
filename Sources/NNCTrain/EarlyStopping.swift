/// Look-back stopping on the validation loss (Keras's `EarlyStopping` rule):
/// an epoch improves when its loss is below the best so far by more than
/// `minDelta`; training stops once `patience` epochs in a row have not
/// improved. Without a `Stopping` in the spec it only tracks the best epoch.
public struct EarlyStopping: Sendable, Equatable {
    public var patience: Int?
    public var minDelta: Double
    /// The lowest validation loss seen, and the epoch (1-based) that had it.
    public var bestLoss: Double = .infinity
    public var bestEpoch: Int = 0
    /// Epochs since the best one.
    public var epochsSinceBest: Int = 0
    /// The validation accuracy of the best epoch, for classifiers (set by the loop).
    public var bestAccuracy: Double?

    public init(patience: Int?, minDelta: Double = 0) {
        self.patience = patience
        self.minDelta = minDelta
    }

    /// Records `loss` of `epoch`; returns whether it is the new best.
    public mutating func record(loss: Double, epoch: Int) -> Bool {
        if loss < bestLoss - minDelta || (bestEpoch == 0 && loss.isFinite) {
            bestLoss = loss
            bestEpoch = epoch
            epochsSinceBest = 0
            return true
        }
        epochsSinceBest += 1
        return false
    }

    /// An epoch that is not a candidate (its positivity is violated): not an improvement.
    public mutating func pass() {
        epochsSinceBest += 1
    }

    /// True once patience has run out.
    public var shouldStop: Bool {
        guard let patience else { return false }
        return epochsSinceBest >= patience
    }
}
