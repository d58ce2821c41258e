import Foundation
import NNCPlan
import NNCSpec
import NNCRuntime

/// The validation split `{fraction, seed}`: a seeded shuffle of the point
/// indices; the first `Split.validationCount` shuffled points are validation,
/// the rest training, each list then sorted ascending. The counts are the
/// plan's (`NNCPlan.Split`), so a `full` batch is exactly the training set.
public enum DataSplit {
    /// The number of training points when `fraction` of `total` is held out.
    public static func trainCount(total: Int, fraction: Double) -> Int {
        Split.trainCount(total: total, fraction: fraction)
    }

    /// The training and validation indices of `total` points.
    public static func indices(total: Int, fraction: Double, seed: UInt64) -> (train: [Int], validation: [Int]) {
        var order = Array(0..<total)
        var rng = RandomGenerator(seed: seed)
        rng.shuffle(&order)
        let held = Split.validationCount(total: total, fraction: fraction)
        return (Array(order[held...]).sorted(), Array(order[..<held]).sorted())
    }
}
