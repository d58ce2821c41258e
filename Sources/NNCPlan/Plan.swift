import NNCSpec

/// Whether a plan runs training steps or forward passes only.
public enum PlanMode: String, Codable, Sendable, CaseIterable {
    /// Forward, loss, backward and the optimiser update: every buffer a training step needs.
    case training
    /// Forward only: no targets, gradients, optimiser moments or dropout masks.
    case inference
}

/// The static plan of one network for one batch size: layers with their shapes
/// and parameter offsets, every buffer placed in one arena, and the program the
/// interpreter runs over it. Everything is sized here; the runtime allocates
/// `arena.count` floats once and executes `program` with a switch.
///
/// Offsets and counts are in floats (4 bytes) from the start of the arena; every
/// buffer starts on a 64-byte boundary. A program may be run on `n <= batchSize`
/// rows (the last, smaller batch of an epoch, or a validation chunk): each step
/// then reads and writes only the first `n` rows of its row-major buffers.
public struct Plan: Codable, Equatable, Sendable {
    /// The version of this JSON layout; bumped when a field changes meaning.
    public var formatVersion: Int
    /// The spec's `name`.
    public var name: String
    public var mode: PlanMode
    /// Rows of every batch buffer (input, targets, activations, gradients).
    public var batchSize: Int
    /// Points the training set holds after the validation split (the batch size
    /// `full` stands for); nil when lowering did not know it (an override in inference mode).
    public var trainingPoints: Int?
    /// Input feature names, in column order of the input buffer.
    public var inputs: [String]
    /// Output names, in column order of the output and target buffers.
    public var outputs: [String]
    public var layers: [PlanLayer]
    /// Total number of trainable parameters (the parameter slab's length).
    public var parameters: Int
    /// How the loss is computed; nil in inference mode.
    public var loss: LossPlan?
    /// The optimiser and its hyperparameters; nil in inference mode.
    public var optimizer: OptimizerPlan?
    public var arena: Arena
    /// One training step (training mode) or one forward pass (inference mode).
    public var program: [Step]
    /// Training mode: the forward pass without dropout and the loss value
    /// without gradients, for validation and metrics. Empty in inference mode.
    public var evaluationProgram: [Step]
    /// Bytes of the whole arena.
    public var arenaBytes: Int
    /// The arena split by what it holds.
    public var memory: MemorySplit
    /// FLOPs of one forward pass over a full batch (see `FlopCount` for the convention).
    public var flopsForward: Int
    /// FLOPs of one training step over a full batch; equals `flopsForward` in inference mode.
    public var flopsPerStep: Int

    public init(
        formatVersion: Int = Plan.currentFormatVersion, name: String, mode: PlanMode, batchSize: Int,
        trainingPoints: Int?, inputs: [String], outputs: [String], layers: [PlanLayer], parameters: Int,
        loss: LossPlan?, optimizer: OptimizerPlan?, arena: Arena, program: [Step], evaluationProgram: [Step],
        arenaBytes: Int, memory: MemorySplit, flopsForward: Int, flopsPerStep: Int
    ) {
        self.formatVersion = formatVersion
        self.name = name
        self.mode = mode
        self.batchSize = batchSize
        self.trainingPoints = trainingPoints
        self.inputs = inputs
        self.outputs = outputs
        self.layers = layers
        self.parameters = parameters
        self.loss = loss
        self.optimizer = optimizer
        self.arena = arena
        self.program = program
        self.evaluationProgram = evaluationProgram
        self.arenaBytes = arenaBytes
        self.memory = memory
        self.flopsForward = flopsForward
        self.flopsPerStep = flopsPerStep
    }

    public static let currentFormatVersion = 1

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", name, mode, batchSize = "batch_size"
        case trainingPoints = "training_points", inputs, outputs, layers, parameters, loss, optimizer, arena
        case program, evaluationProgram = "evaluation_program", arenaBytes = "arena_bytes", memory
        case flopsForward = "flops_forward", flopsPerStep = "flops_per_step"
    }

    /// The buffer with this name, if the plan has one.
    public func buffer(named name: String) -> Buffer? {
        arena.buffers.first { $0.name == name }
    }
}

/// The arena's bytes by what they hold, as `nnc build` prints them.
public struct MemorySplit: Codable, Equatable, Sendable {
    /// The parameter slab.
    public var parameters: Int
    /// Gradient and optimiser-moment slabs (zero in inference mode).
    public var optimizerState: Int
    /// Every transient buffer after sharing: inputs, targets, activations,
    /// gradients of activations, masks and loss scratch.
    public var activations: Int

    public init(parameters: Int, optimizerState: Int, activations: Int) {
        self.parameters = parameters
        self.optimizerState = optimizerState
        self.activations = activations
    }

    enum CodingKeys: String, CodingKey {
        case parameters, optimizerState = "optimizer_state", activations
    }
}
