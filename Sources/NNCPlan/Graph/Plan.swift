/// Whether a plan runs training steps or forward passes only.
public enum PlanMode: String, Codable, Sendable, CaseIterable {
    /// Training steps, evaluations and forward passes.
    case training
    /// Forward passes only: no targets, gradients, optimiser moments or dropout masks.
    case inference
}

/// The static layer graph of one spec for one batch size: every tensor with
/// its shape and its place in one arena, and the programs the interpreter
/// runs over it, each a list of instructions from the closed op set.
///
/// Everything is decided here: shapes, fusions, where each derivative is
/// taken from, the weight-gradient strategy, and every buffer's offset
/// (scratch and the kernels' workspace included). The runtime allocates
/// `arena.count` floats once and executes the programs as they are.
///
/// A program may run on `n <= batchSize` points (the last, smaller batch of an
/// epoch, or a validation chunk): batch tensors then have
/// `columns.resolve(n)` columns.
public struct Plan: Codable, Equatable, Sendable {
    /// The version of this JSON layout; bumped when a field changes meaning.
    public var formatVersion: Int
    /// The spec's `name`.
    public var name: String
    public var mode: PlanMode
    /// Points of the largest batch.
    public var batchSize: Int
    /// Points the training set holds after the validation split (the batch size
    /// `full` stands for); nil when lowering did not know it.
    public var trainingPoints: Int?
    /// Input feature names, in row order of the input tensor.
    public var inputs: [String]
    /// Output names, in row order of the output and target tensors.
    public var outputs: [String]
    /// The network's dense layers, input to output.
    public var layers: [PlanLayer]
    /// The named parameter tensors, in slab order.
    public var parameterTensors: [ParameterTensor]
    /// Floats of parameters (the parameter slab's used length).
    public var parameters: Int
    /// The loss and optimiser of a training plan; nil in inference mode.
    public var loss: LossKind?
    public var optimizer: Optimizer?
    /// Every tensor; instructions name them by index.
    public var tensors: [Tensor]
    /// The tensors the host writes before a run and reads after it.
    public var host: HostTensors
    /// Tensors filled once a fit: what each holds.
    public var constants: [ConstantBinding]
    /// One-float tensors the host writes when they change.
    public var states: [StateBinding]
    /// The fixed grids the network is evaluated on besides the batch, and
    /// where their points sit in the `grid.inputs` constant.
    public var grids: [GridSlice]
    /// Floats of trainable parameters: the slab's first ones (the optimiser's range).
    public var trainableParameters: Int
    public var programs: Programs
    public var arena: Arena
    /// Bytes of the whole arena.
    public var arenaBytes: Int
    /// The arena split by what it holds.
    public var memory: MemorySplit
    /// FLOPs of one forward pass over a full batch (the network's dense layers).
    public var flopsForward: Int
    /// FLOPs of one training step over a full batch; equals `flopsForward` in inference mode.
    public var flopsPerStep: Int

    public static let currentFormatVersion = 2

    public init(
        name: String, mode: PlanMode, batchSize: Int, trainingPoints: Int?, inputs: [String],
        outputs: [String], layers: [PlanLayer], parameterTensors: [ParameterTensor], parameters: Int,
        loss: LossKind?, optimizer: Optimizer?, tensors: [Tensor], host: HostTensors, constants: [ConstantBinding] = [],
        states: [StateBinding] = [], grids: [GridSlice] = [], trainableParameters: Int? = nil, programs: Programs,
        arena: Arena, memory: MemorySplit, flopsForward: Int, flopsPerStep: Int
    ) {
        formatVersion = Plan.currentFormatVersion
        self.name = name
        self.mode = mode
        self.batchSize = batchSize
        self.trainingPoints = trainingPoints
        self.inputs = inputs
        self.outputs = outputs
        self.layers = layers
        self.parameterTensors = parameterTensors
        self.parameters = parameters
        self.loss = loss
        self.optimizer = optimizer
        self.tensors = tensors
        self.host = host
        self.constants = constants
        self.states = states
        self.grids = grids
        self.trainableParameters = trainableParameters ?? parameters
        self.programs = programs
        self.arena = arena
        arenaBytes = arena.bytes
        self.memory = memory
        self.flopsForward = flopsForward
        self.flopsPerStep = flopsPerStep
    }

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", name, mode, batchSize = "batch_size"
        case trainingPoints = "training_points", inputs, outputs, layers
        case parameterTensors = "parameter_tensors", parameters, loss, optimizer, tensors, host, constants, states
        case grids, trainableParameters = "trainable_parameters", programs, arena
        case arenaBytes = "arena_bytes", memory, flopsForward = "flops_forward", flopsPerStep = "flops_per_step"
    }

    /// The tensor with this name, if the plan has one.
    public func tensor(named name: String) -> Tensor? {
        tensors.first { $0.name == name }
    }

    /// The programs in the order of the timeline, with their names.
    public var programList: [(name: String, program: Program)] {
        ProgramKind.allCases.compactMap { kind in programs[kind].map { (kind.rawValue, $0) } }
    }

    /// The constant called `name`.
    public func constant(named name: String) -> ConstantBinding? {
        constants.first { $0.name == name }
    }

    /// Shortest round-trip form of a double: `0.1`, `1e-05`, `20`.
    public static func number(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
        return "\(d)"
    }

    /// An activation as listings write it: `tanh`, `leaky_relu(0.2)`.
    public static func text(_ a: Activation) -> String {
        a.alpha.map { "\(a.kind.rawValue)(\(number($0)))" } ?? a.kind.rawValue
    }
}

/// The programs of a plan, in timeline order.
public enum ProgramKind: String, Codable, CaseIterable, Sendable {
    /// One training step: forward, losses, backward, the optimiser update.
    case train
    /// The batch's loss without dropout, gradients or update, for validation and metrics.
    case evaluate
    /// The network's outputs without dropout.
    case forward
    /// Once an epoch, on the fixed grids only: every observable's theory
    /// values, their validation χ², the sum rules' integrals and the
    /// positivity values.
    case monitor

    /// Prefix of the names of the program's own tensors.
    public var prefix: String {
        switch self {
        case .train: return ""
        case .evaluate: return "eval."
        case .forward: return "forward."
        case .monitor: return "monitor."
        }
    }
}

/// The programs of a plan. A training plan has `train`, `evaluate` and
/// `forward`, and `monitor` when it has observables or constraints; an
/// inference plan has `forward` only.
public struct Programs: Codable, Equatable, Sendable {
    public var train: Program?
    public var evaluate: Program?
    public var forward: Program
    public var monitor: Program?

    public init(train: Program?, evaluate: Program?, forward: Program, monitor: Program? = nil) {
        self.train = train
        self.evaluate = evaluate
        self.forward = forward
        self.monitor = monitor
    }

    public subscript(kind: ProgramKind) -> Program? {
        switch kind {
        case .train: return train
        case .evaluate: return evaluate
        case .forward: return forward
        case .monitor: return monitor
        }
    }
}

/// One program: the instructions and where the host finds its results.
public struct Program: Codable, Equatable, Sendable {
    public var instructions: [Instruction]
    /// The network's output for the batch's points: `(outputs, C)`, the
    /// points at columns `outputColumn ..< outputColumn + n`.
    public var output: TensorID
    public var outputColumn: Int
    /// The one-float loss value after a run; nil for a forward program.
    public var loss: TensorID?
    /// The one-float validation loss a run also measures (a training step's
    /// observables on their validation rows); nil when it measures none.
    public var validationLoss: TensorID?
    /// Results the host reads after a run, by name.
    public var monitors: [MonitorBinding]

    public init(instructions: [Instruction], output: TensorID, outputColumn: Int = 0, loss: TensorID?,
                validationLoss: TensorID? = nil, monitors: [MonitorBinding] = []) {
        self.instructions = instructions
        self.output = output
        self.outputColumn = outputColumn
        self.loss = loss
        self.validationLoss = validationLoss
        self.monitors = monitors
    }

    enum CodingKeys: String, CodingKey {
        case instructions, output, outputColumn = "output_column", loss, validationLoss = "validation_loss", monitors
    }
}

/// A program's result the host reads: `observable.F2.theory`, `constraint.momentum`.
public struct MonitorBinding: Codable, Equatable, Sendable {
    public var name: String
    public var tensor: TensorID

    public init(name: String, tensor: TensorID) {
        self.name = name
        self.tensor = tensor
    }
}

/// A constant tensor and what the host puts in it.
public struct ConstantBinding: Codable, Equatable, Sendable {
    public var name: String
    public var tensor: TensorID
    public var kind: ConstantKind

    public init(name: String, tensor: TensorID, kind: ConstantKind) {
        self.name = name
        self.tensor = tensor
        self.kind = kind
    }
}

/// What a constant holds, as the training stage fills it (sets and
/// constraints are numbered in spec order; an observable's data points are
/// ordered training points first).
public enum ConstantKind: Codable, Equatable, Sendable {
    /// `(inputs, G)`: every fixed grid's points, network inputs computed (`Plan.grids`).
    case gridInputs
    /// `(N, outputs·G)`: observable `set`'s FK table, output-major columns.
    case fktable(set: Int)
    /// `(1, N_part)`: observable `set`'s central values of one part, the replica's own.
    case values(set: Int, part: DataPart)
    /// `(N_part, N_part)`: the inverse covariance of one part of observable `set`.
    case inverseCovariance(set: Int, part: DataPart)
    /// `(1, outputs·G)`: constraint `constraint`'s quadrature weights times its integrand's weights.
    case sumRuleWeights(constraint: Int)
    /// `(P, outputs·P)`: constraint `constraint`'s weights w_o(x_k), one row a point.
    case positivityWeights(constraint: Int)
    /// One number, written into the arena by the interpreter itself.
    case scalar(Double)
}

/// The training or validation points of a data set.
public enum DataPart: String, Codable, Sendable {
    case training, validation
}

/// A one-float tensor the training loop writes.
public struct StateBinding: Codable, Equatable, Sendable {
    public var name: String
    public var tensor: TensorID
    public var kind: StateKind

    public init(name: String, tensor: TensorID, kind: StateKind) {
        self.name = name
        self.tensor = tensor
        self.kind = kind
    }
}

public enum StateKind: Codable, Equatable, Sendable {
    /// λ_t of positivity constraint `constraint`, written at each epoch's start.
    case positivityMultiplier(constraint: Int)
}

/// A fixed grid: `points` columns from `column` of the `grid.inputs` constant
/// (and of the network's output on a step that evaluates it).
public struct GridSlice: Codable, Equatable, Sendable {
    public var name: String
    public var source: GridSource
    public var column: Int
    public var points: Int

    public init(name: String, source: GridSource, column: Int, points: Int) {
        self.name = name
        self.source = source
        self.column = column
        self.points = points
    }
}

/// Where a grid's points come from.
public enum GridSource: Codable, Equatable, Sendable {
    /// The grid file of observable `set` (others with the same file share it).
    case observable(set: Int)
    /// The `over`/`at` sampling of constraint `constraint`.
    case constraint(Int)
}

/// The tensors the data stage and the training loop write, shared by every program.
public struct HostTensors: Codable, Equatable, Sendable {
    /// The batch's inputs, `(inputs, n)`.
    public var input: TensorID
    /// The batch's targets, `(outputs, n)`; training plans only.
    public var target: TensorID?
    /// chi2 with per-point σ: `(outputs, n)`.
    public var uncertainty: TensorID?
    /// chi2 with a covariance: the inverse over the batch's points, `(outputs·batch)²`.
    public var inverseCovariance: TensorID?
    /// The slabs (parameters always; the rest in training plans).
    public var parameters: TensorID
    public var gradients: TensorID?
    public var moment1: TensorID?
    public var moment2: TensorID?
    /// The kernels' packing scratch for the interpreter's own thread,
    /// `KernelWorkspace.floatsPerThread` floats (extra threads of a team
    /// splitting large products bring their own).
    public var workspace: TensorID

    public init(input: TensorID, target: TensorID?, uncertainty: TensorID?, inverseCovariance: TensorID?,
                parameters: TensorID, gradients: TensorID?, moment1: TensorID?, moment2: TensorID?, workspace: TensorID) {
        self.input = input
        self.target = target
        self.uncertainty = uncertainty
        self.inverseCovariance = inverseCovariance
        self.parameters = parameters
        self.gradients = gradients
        self.moment1 = moment1
        self.moment2 = moment2
        self.workspace = workspace
    }

    enum CodingKeys: String, CodingKey {
        case input, target, uncertainty, inverseCovariance = "inverse_covariance", parameters, gradients
        case moment1, moment2, workspace
    }
}

/// One dense layer of the network: `output = activation(input · weightᵀ + bias)`,
/// PyTorch's `nn.Linear` layout (weight `[out, in]`, bias `[out]`).
public struct PlanLayer: Codable, Equatable, Sendable {
    /// The layer's name (`dense_<i>` by default); tensors are `<name>.weight` and `<name>.bias`.
    public var name: String
    public var index: Int
    public var inFeatures: Int
    public var outFeatures: Int
    public var activation: Activation
    public var initializer: Initializer
    /// Dropout rate on the output during training; 0 means none.
    public var dropout: Double
    /// L2 coefficient on the weight; 0 means none.
    public var l2: Double
    /// The weight's and bias's entries in `Plan.parameterTensors`.
    public var weight: Int
    public var bias: Int?
    /// Parameters of the layer (weight and bias).
    public var parameters: Int
    /// FLOPs of the layer's forward pass over a full batch.
    public var flopsForward: Int
    /// Bytes the layer accounts for: its parameters with their gradients and
    /// moments, and its own batch tensors of the training step before sharing.
    public var bytes: Int

    public init(name: String, index: Int, inFeatures: Int, outFeatures: Int, activation: Activation,
                initializer: Initializer, dropout: Double, l2: Double, weight: Int, bias: Int?, parameters: Int,
                flopsForward: Int, bytes: Int) {
        self.name = name
        self.index = index
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        self.activation = activation
        self.initializer = initializer
        self.dropout = dropout
        self.l2 = l2
        self.weight = weight
        self.bias = bias
        self.parameters = parameters
        self.flopsForward = flopsForward
        self.bytes = bytes
    }

    enum CodingKeys: String, CodingKey {
        case name, index, inFeatures = "in_features", outFeatures = "out_features", activation, initializer
        case dropout, l2, weight, bias, parameters, flopsForward = "flops_forward", bytes
    }
}

/// A named parameter inside the parameter slab (its gradient and moments sit
/// at the same offset in theirs).
public struct ParameterTensor: Codable, Equatable, Sendable {
    /// `dense_0.weight`: the name in weights files.
    public var name: String
    /// Row-major shape: `[out, in]` for a weight, `[out]` for a bias.
    public var shape: [Int]
    /// Offset of the first element within the slab, in floats.
    public var offset: Int
    public var count: Int
    /// How training starts it.
    public var initializer: ParameterInitializer
    /// The parameter's view tensor and its gradient's (in `Plan.tensors`).
    public var tensor: TensorID
    public var gradient: TensorID?

    public init(name: String, shape: [Int], offset: Int, initializer: ParameterInitializer, tensor: TensorID, gradient: TensorID?) {
        self.name = name
        self.shape = shape
        self.offset = offset
        count = shape.reduce(1, *)
        self.initializer = initializer
        self.tensor = tensor
        self.gradient = gradient
    }
}

/// How a parameter tensor is initialised.
public enum ParameterInitializer: Codable, Equatable, Sendable {
    /// A weight matrix `[out, in]` from a vocabulary initialiser (Keras's formulas, fan-in `in`, fan-out `out`).
    case weights(Initializer)
    /// All zeros (biases).
    case zeros
    /// Uniform in [lower, upper] (preprocessing exponents).
    case uniform(Double, Double)
}

/// The arena's bytes by what they hold, as `nnc build` prints them.
public struct MemorySplit: Codable, Equatable, Sendable {
    /// The parameter slab.
    public var parameters: Int
    /// Gradient and optimiser-moment slabs (zero in inference mode).
    public var optimizerState: Int
    /// Every other tensor after sharing: host-written batch tensors, the
    /// workspace, activations, gradients, masks, loss terms and scratch.
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
