import Foundation

/// The validation split `{fraction, seed}`: a seeded shuffle of the point
/// indices; the first `count - trainCount` shuffled points are validation,
/// the rest training, each list then sorted ascending.
public enum DataSplit {
    /// The number of training points when `fraction` of `total` is held out
    /// for validation: the validation count is `total * fraction` rounded half
    /// away from zero.
    // TODO(plan): reconcile with NNCPlan's `Split.trainCount(total:fraction:)` once it lands; the plan sizes "full" batches by it.
    public static func trainCount(total: Int, fraction: Double) -> Int {
        let held = Int((Double(total) * fraction).rounded(.toNearestOrAwayFromZero))
        return total - min(max(held, 0), total)
    }

    /// The training and validation indices of `total` points.
    public static func indices(total: Int, fraction: Double, seed: UInt64) -> (train: [Int], validation: [Int]) {
        var order = Array(0..<total)
        var rng = DataRandom(seed: seed)
        rng.shuffle(&order)
        let held = total - trainCount(total: total, fraction: fraction)
        return (Array(order[held...]).sorted(), Array(order[..<held]).sorted())
    }
}
