/// Places buffers with live intervals in one block so that buffers live at the
/// same time never overlap, the way XLA's heap simulator does: largest first,
/// each at the lowest aligned offset free over its whole interval.
public enum HeapPlacer {
    /// A buffer to place: `size` floats (already a multiple of the alignment),
    /// live over the steps `first ... last`.
    public struct Item: Equatable, Sendable {
        public var size: Int
        public var first: Int
        public var last: Int

        public init(size: Int, first: Int, last: Int) {
            self.size = size
            self.first = first
            self.last = last
        }

        func overlapsInTime(_ o: Item) -> Bool { first <= o.last && o.first <= last }
    }

    /// The offset of each item (in input order) and the extent of the block.
    /// Deterministic: ties in size are broken by first step, then input order.
    public static func place(_ items: [Item]) -> (offsets: [Int], extent: Int) {
        let order = items.indices.sorted { a, b in
            let x = items[a], y = items[b]
            if x.size != y.size { return x.size > y.size }
            if x.first != y.first { return x.first < y.first }
            return a < b
        }
        var offsets = [Int](repeating: 0, count: items.count)
        var placed: [Int] = []
        var extent = 0
        for i in order {
            let item = items[i]
            let conflicts = placed.filter { items[$0].overlapsInTime(item) && items[$0].size > 0 }
                .sorted { offsets[$0] < offsets[$1] }
            var candidate = 0
            for c in conflicts {
                if candidate + item.size <= offsets[c] { break }
                candidate = max(candidate, offsets[c] + items[c].size)
            }
            offsets[i] = candidate
            placed.append(i)
            extent = max(extent, candidate + item.size)
        }
        return (offsets, extent)
    }

    /// The largest total size of items live at one step: no placement is smaller.
    public static func lowerBound(_ items: [Item]) -> Int {
        // Sweep: +size at first, −size after last; ends sort before starts at the same step.
        var events: [(step: Int, delta: Int)] = []
        events.reserveCapacity(items.count * 2)
        for item in items {
            events.append((item.first, item.size))
            events.append((item.last + 1, -item.size))
        }
        events.sort { $0.step != $1.step ? $0.step < $1.step : $0.delta < $1.delta }
        var live = 0
        var peak = 0
        for e in events {
            live += e.delta
            peak = max(peak, live)
        }
        return peak
    }
}
