/// Fewer points for a polyline that looks the same: of the points falling in
/// one pixel column, keep the lowest and the highest (in their order), and the
/// curve's first and last point. The vertical extent of every column (all a
/// reader can see at that column) survives, so thousands of epochs cost at
/// most two points a pixel column.
public enum Thinning {
    /// Indices of `pixelX`/`pixelY` to keep. `pixelX` must be non-decreasing
    /// within a segment (curves over epochs or a grid are).
    public static func keep(pixelX: [Double], pixelY: [Double]) -> [Int] {
        precondition(pixelX.count == pixelY.count)
        guard pixelX.count > 4 else { return Array(pixelX.indices) }
        var out: [Int] = []
        out.reserveCapacity(min(pixelX.count, 4096))
        var start = 0
        while start < pixelX.count {
            let column = pixelX[start].rounded(.down)
            var end = start
            var lo = start, hi = start
            while end + 1 < pixelX.count && pixelX[end + 1].rounded(.down) == column {
                end += 1
                if pixelY[end] < pixelY[lo] { lo = end }
                if pixelY[end] > pixelY[hi] { hi = end }
            }
            var chosen = [lo, hi]
            if start == 0 { chosen.append(start) }
            if end == pixelX.count - 1 { chosen.append(end) }
            chosen.sort()
            for i in chosen where out.last != i { out.append(i) }
            start = end + 1
        }
        return out
    }
}
