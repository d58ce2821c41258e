/// How a data set of `total` points is split into training and validation
/// points. Lowering (for `batch_size: full`) and the data stage both call this,
/// so the plan's batch and the loaded training set always agree.
///
/// The validation set holds `round(total × fraction)` points, rounding halves
/// away from zero, but at least one point and at most `total − 1` whenever
/// `fraction > 0` and `total ≥ 2` (a split never leaves either side empty);
/// with `total < 2` or `fraction ≤ 0` it holds none. For every spec the checker
/// accepts this is `CheckContext.validationCount` (the checker rejects a split
/// that would leave either side empty; the clamp only keeps unchecked input safe).
public enum Split {
    public static func validationCount(total: Int, fraction: Double) -> Int {
        guard total >= 2, fraction.isFinite, fraction > 0 else { return 0 }
        let wanted = (Double(total) * min(fraction, 1)).rounded(.toNearestOrAwayFromZero)
        return min(max(Int(wanted), 1), total - 1)
    }

    public static func trainCount(total: Int, fraction: Double) -> Int {
        max(total, 0) - validationCount(total: total, fraction: fraction)
    }
}
