import NNCSpec

/// The plan before placement: layers with their parameter-slab offsets, and
/// every transient buffer with its shape and live interval over the schedule.
/// `nnc build --dump ir` prints it; `Lowering.place` turns it into a `Plan`.
public struct LayerGraph: Equatable, Sendable {
    public var name: String
    public var mode: PlanMode
    public var batchSize: Int
    public var trainingPoints: Int?
    public var inputs: [String]
    public var outputs: [String]
    /// Layers with slab offsets, FLOPs and bytes filled in.
    public var layers: [PlanLayer]
    public var parameters: Int
    public var loss: LossPlan?
    public var optimizer: OptimizerPlan?
    /// Transient buffers, offset 0 (not yet placed), with their live intervals.
    public var buffers: [Buffer]
    /// Per-layer buffer indices into `buffers`.
    var layerBuffers: [LayerBuffers]
    /// Indices into `buffers` of the buffers not tied to a layer.
    var shared: SharedBuffers
    /// The derivative each layer's backward step uses (training mode).
    public var derivatives: [DerivativeSource]
    /// The training (or forward) schedule's length: live intervals range over `0 ... scheduleLength`.
    public var scheduleLength: Int
    /// The operation at each schedule step, e.g. `dense_forward dense_0`, for dumps.
    public var schedule: [String]
    public var flopsForward: Int
    public var flopsPerStep: Int

    /// Floats of each slab (the parameter count rounded up to the alignment).
    public var slabCount: Int { Arena.aligned(parameters) }
    /// Number of slabs: parameters, then gradients and moments in training.
    public var slabs: Int { mode == .training ? 2 + (optimizer?.moments ?? 0) : 1 }
}

/// Which transient buffers belong to one layer (indices into `LayerGraph.buffers`).
struct LayerBuffers: Equatable, Sendable {
    var preactivation: Int?
    var output: Int
    var mask: Int?
    var dropped: Int?
    var gradient: Int?

    /// The buffer the next layer reads in training (after dropout).
    var trainingOutput: Int { dropped ?? output }

    var all: [Int] { [preactivation, output, mask, dropped, gradient].compactMap { $0 } }
}

/// The transient buffers not tied to a layer.
struct SharedBuffers: Equatable, Sendable {
    var input: Int
    var target: Int?
    var uncertainty: Int?
    var inverseCovariance: Int?
    var lossScratch: Int?
    var lossValue: Int?
}
