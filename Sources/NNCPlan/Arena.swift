/// One block of floats holding every buffer of a plan.
///
/// Layout: the parameter slab, then the gradient slab and 0–2 optimiser-moment
/// slabs of the same layout (so an optimiser step is one loop over `parameters`
/// floats of each), then the persistent region (tensors the host writes, the
/// kernels' workspace), then the transient region where tensors that are never
/// live at the same time share space. `Plan.tensors` holds every tensor with
/// its offset.
public struct Arena: Codable, Equatable, Sendable {
    /// Every float is 4 bytes; every buffer starts on a multiple of this many floats (64 bytes).
    public static let alignment = 16

    /// Total floats to allocate.
    public var count: Int
    /// The slabs and the transient region, in address order.
    public var regions: [Region]
    /// The transient region's size as placed, in floats.
    public var transientCount: Int
    /// The peak over the schedule of the floats of transient buffers live at
    /// once (each rounded up to the alignment): no placement can use less.
    public var transientLowerBound: Int
    /// The transient floats without any sharing: the sum of all transient buffers.
    public var transientUnshared: Int
    /// Steps of the timeline: every program's instructions one after the
    /// other, each program followed by one step at which the host reads its
    /// results. Live intervals range over `0 ..< timelineLength`.
    public var timelineLength: Int

    public init(
        count: Int, regions: [Region], transientCount: Int, transientLowerBound: Int,
        transientUnshared: Int, timelineLength: Int
    ) {
        self.count = count
        self.regions = regions
        self.transientCount = transientCount
        self.transientLowerBound = transientLowerBound
        self.transientUnshared = transientUnshared
        self.timelineLength = timelineLength
    }

    public var bytes: Int { count * 4 }

    enum CodingKeys: String, CodingKey {
        case count, regions, transientCount = "transient_count"
        case transientLowerBound = "transient_lower_bound", transientUnshared = "transient_unshared"
        case timelineLength = "timeline_length"
    }

    /// Rounds a float count up to the alignment.
    public static func aligned(_ n: Int) -> Int {
        (n + alignment - 1) / alignment * alignment
    }
}

/// A named span of the arena.
public struct Region: Codable, Equatable, Sendable {
    public var kind: RegionKind
    public var offset: Int
    public var count: Int

    public init(kind: RegionKind, offset: Int, count: Int) {
        self.kind = kind
        self.offset = offset
        self.count = count
    }
}

public enum RegionKind: String, Codable, Sendable, CaseIterable {
    case parameters, gradients
    case moment1 = "moment1"
    case moment2 = "moment2"
    case persistent
    case transient
}
