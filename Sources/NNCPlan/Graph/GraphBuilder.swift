/// Records the layer graph of a spec — its tensors, its parameters and, for
/// each program, its forward instructions in topological order — from the
/// same closed op set the programs run. Lowering (NNCLowering) reads the
/// spec and calls this; it never decides fusions, gradients or placement:
/// `compile()` does, once, for every program.
///
/// The network is described once (`addDenseLayer`, `addPreprocessing`) and
/// emitted into each program by `network(input:columns:)`, unfused: a dense
/// layer is a `dense` with a linear activation followed by an `activation`;
/// dropout and L2 penalties only in the training step. Each program then
/// gets its own terms: data losses on the batch, maps of the outputs on
/// fixed grids and the losses on them.
public struct GraphBuilder {
    public let name: String
    public let mode: PlanMode
    public let batchSize: Int
    public let trainingPoints: Int?
    public let inputs: [String]
    public let outputs: [String]

    public internal(set) var tensors: [Tensor] = []
    /// Each program's forward graph, unfused, in topological order.
    public internal(set) var graphs: [ProgramKind: ProgramGraph] = [:]
    public internal(set) var layers: [PlanLayer] = []
    public internal(set) var parameterTensors: [ParameterTensor] = []
    /// Floats of the parameter slab handed out so far.
    public internal(set) var parameterCount = 0
    /// Floats of trainable parameters: the slab's first ones (frozen parameters come last).
    public internal(set) var trainableCount = 0
    public internal(set) var loss: LossKind?
    public internal(set) var optimizer: Optimizer?
    public internal(set) var constants: [ConstantBinding] = []
    public internal(set) var states: [StateBinding] = []
    public internal(set) var grids: [GridSlice] = []
    /// Tensors the host writes.
    var host = HostSlots()
    /// The network as described, emitted into each program.
    var network: [NetworkLayer] = []
    var preprocessing: PreprocessingParameters?
    /// The program `network`, `loss`, ... record into.
    var current: ProgramKind = .train

    struct HostSlots {
        var input: TensorID?
        var target: TensorID?
        var uncertainty: TensorID?
        var inverseCovariance: TensorID?
    }

    struct NetworkLayer {
        var index: Int
        var name: String
        var inFeatures: Int
        var units: Int
        var activation: Activation
        var weight: TensorID
        var bias: TensorID?
        var dropout: Double
        var l2: Double
    }

    struct PreprocessingParameters {
        var inputRow: Int
        var a: TensorID
        var b: TensorID
        var smallX: (lower: Double, upper: Double)
        var largeX: (lower: Double, upper: Double)
        var trainable: Bool
    }

    public init(name: String, mode: PlanMode, batchSize: Int, trainingPoints: Int?,
                inputs: [String], outputs: [String]) {
        self.name = name
        self.mode = mode
        self.batchSize = batchSize
        self.trainingPoints = trainingPoints
        self.inputs = inputs
        self.outputs = outputs
    }

    // MARK: - Tensors

    /// A new tensor of `rows × columns` (reserved for the full batch); a
    /// transient of a program other than the training step is named with
    /// that program's prefix (`eval.`, `forward.`, `monitor.`).
    public mutating func tensor(_ name: String, _ role: TensorRole, rows: Int, columns: Columns) -> TensorID {
        let prefixed = role.isPersistent || role == .constant ? name : current.prefix + name
        tensors.append(Tensor(name: prefixed, role: role, rows: rows, columns: columns,
                              count: FlopCount.mul(rows, columns.resolve(batchSize))))
        return tensors.count - 1
    }

    /// The host-written tensor kept in `slot`, created on first use.
    mutating func hostTensor(_ slot: WritableKeyPath<HostSlots, TensorID?>, _ name: String, _ role: TensorRole,
                             rows: Int, columns: Columns) -> TensorID {
        if let id = host[keyPath: slot] { return id }
        let id = tensor(name, role, rows: rows, columns: columns)
        host[keyPath: slot] = id
        return id
    }

    /// The batch's inputs, `(inputs, n)`, written by the data stage.
    public mutating func input() -> TensorID {
        hostTensor(\.input, "input", .input, rows: inputs.count, columns: .batch)
    }

    /// The batch's targets, `(outputs, n)`.
    public mutating func target() -> TensorID {
        hostTensor(\.target, "target", .target, rows: outputs.count, columns: .batch)
    }

    /// chi2's per-point σ, `(outputs, n)`.
    public mutating func uncertainty() -> TensorID {
        hostTensor(\.uncertainty, "uncertainty", .uncertainty, rows: outputs.count, columns: .batch)
    }

    /// chi2's inverse covariance over the batch's points, `(outputs·batch)²`.
    public mutating func inverseCovariance() -> TensorID {
        let side = FlopCount.mul(outputs.count, batchSize)
        return hostTensor(\.inverseCovariance, "inverse_covariance", .inverseCovariance, rows: side, columns: .fixed(side))
    }

    /// A tensor the host fills once a fit (or, for `.scalar`, the interpreter
    /// itself), named `name`, holding what `kind` says.
    public mutating func constant(_ name: String, rows: Int, columns: Int, kind: ConstantKind) -> TensorID {
        if let existing = constants.first(where: { $0.name == name }) { return existing.tensor }
        let id = tensor(name, .constant, rows: rows, columns: .fixed(columns))
        constants.append(ConstantBinding(name: name, tensor: id, kind: kind))
        return id
    }

    /// A one-float tensor the host writes when it changes (a schedule's value).
    public mutating func state(_ name: String, kind: StateKind) -> TensorID {
        if let existing = states.first(where: { $0.name == name }) { return existing.tensor }
        let id = tensor(name, .state, rows: 1, columns: .fixed(1))
        states.append(StateBinding(name: name, tensor: id, kind: kind))
        return id
    }

    /// Registers a fixed grid of `points` points whose inputs occupy the
    /// given columns of the `grid.inputs` constant.
    public mutating func addGrid(_ name: String, source: GridSource, column: Int, points: Int) {
        grids.append(GridSlice(name: name, source: source, column: column, points: points))
    }

    /// A named parameter of `shape` in the slab: its view tensor (and its
    /// gradient's view in training plans, for trainable ones). Frozen
    /// parameters come after every trainable one.
    public mutating func parameter(_ name: String, shape: [Int], initializer: ParameterInitializer,
                                   trainable: Bool = true) -> Int {
        let count = shape.reduce(1, *)
        let rows = shape.count == 2 ? shape[0] : 1
        let cols = shape.count == 2 ? shape[1] : count
        let view = tensors.count
        tensors.append(Tensor(name: name, role: .parameter, rows: rows, columns: .fixed(cols), count: count,
                              offset: parameterCount))
        var gradient: TensorID?
        if mode == .training && trainable {
            gradient = tensors.count
            tensors.append(Tensor(name: name + ".gradient", role: .parameterGradient, rows: rows, columns: .fixed(cols),
                                  count: count, offset: parameterCount))
        }
        parameterTensors.append(ParameterTensor(name: name, shape: shape, offset: parameterCount,
                                                initializer: initializer, tensor: view, gradient: gradient))
        parameterCount += count
        if trainable { trainableCount = parameterCount }
        return parameterTensors.count - 1
    }

    // MARK: - The network

    /// Describes one dense layer with `inFeatures` inputs: its parameters and
    /// its row of `layers`. `network(input:columns:)` emits it.
    public mutating func addDenseLayer(
        name: String, inFeatures: Int, units: Int, activation: Activation, initializer: Initializer,
        bias: Bool, dropout: Double, l2: Double
    ) {
        let index = layers.count
        let weight = parameter(name + ".weight", shape: [units, inFeatures], initializer: .weights(initializer))
        let biasEntry = bias ? parameter(name + ".bias", shape: [units], initializer: .zeros) : nil
        network.append(NetworkLayer(
            index: index, name: name, inFeatures: inFeatures, units: units, activation: activation,
            weight: parameterTensors[weight].tensor, bias: biasEntry.map { parameterTensors[$0].tensor },
            dropout: dropout, l2: l2))
        let elements = FlopCount.mul(units, batchSize)
        layers.append(PlanLayer(
            name: name, index: index, inFeatures: inFeatures, outFeatures: units, activation: activation,
            initializer: initializer, dropout: dropout, l2: l2, weight: weight, bias: biasEntry,
            parameters: units * inFeatures + (bias ? units : 0),
            flopsForward: FlopCount.add(FlopCount.mul(2, FlopCount.mul(elements, inFeatures)), bias ? elements : 0,
                                        FlopCount.activation(activation.kind, elements: elements)),
            bytes: 0))
    }

    /// Describes the output preprocessing x^a (1 − x)^b, x the input row
    /// `inputRow`; a and b are one parameter each per output, drawn uniformly
    /// from their ranges at initialisation, trainable (and kept in range) or
    /// frozen. Call after the dense layers.
    public mutating func addPreprocessing(inputRow: Int, smallX: (Double, Double), largeX: (Double, Double),
                                          trainable: Bool) {
        let n = outputs.count
        let a = parameter("preprocessing.a", shape: [n], initializer: .uniform(smallX.0, smallX.1), trainable: trainable)
        let b = parameter("preprocessing.b", shape: [n], initializer: .uniform(largeX.0, largeX.1), trainable: trainable)
        preprocessing = PreprocessingParameters(
            inputRow: inputRow, a: parameterTensors[a].tensor, b: parameterTensors[b].tensor,
            smallX: smallX, largeX: largeX, trainable: trainable)
    }

    /// Starts recording program `kind`.
    public mutating func begin(_ kind: ProgramKind) {
        current = kind
        if graphs[kind] == nil { graphs[kind] = ProgramGraph() }
    }

    /// Emits the network on `input` (the network's input rows, `columns`
    /// columns) into the current program; returns its output: the last
    /// layer's (after dropout in training), preprocessed when the network has it.
    public mutating func network(input x: TensorID, columns: Columns) -> TensorID {
        let training = current == .train && mode == .training
        var out = x
        for layer in network {
            let z = tensor(layer.name + ".preactivation", .preactivation, rows: layer.units, columns: columns)
            emit(.dense(DenseOp(
                layer: layer.index, inFeatures: layer.inFeatures, outFeatures: layer.units, columns: columns,
                activation: Activation(.linear), input: out, weight: layer.weight, bias: layer.bias,
                preactivation: nil, output: z)))
            out = z
            if layer.activation.kind != .linear {
                out = tensor(layer.name + ".output", .activation, rows: layer.units, columns: columns)
                emit(.activation(ActivationOp(layer: layer.index, features: layer.units, columns: columns,
                                              activation: layer.activation, input: z, output: out)))
            } else {
                tensors[z].name = current.prefix + layer.name + ".output"
                tensors[z].role = .activation
            }
            if training && layer.dropout > 0 {
                let mask = tensor(layer.name + ".dropout_mask", .dropoutMask, rows: layer.units, columns: columns)
                let dropped = tensor(layer.name + ".dropout_output", .dropoutOutput, rows: layer.units, columns: columns)
                emit(.dropout(DropoutOp(layer: layer.index, features: layer.units, columns: columns, rate: layer.dropout,
                                        input: out, mask: mask, output: dropped)))
                graphs[current]!.beforeDropout[dropped] = out
                out = dropped
            }
            if training && layer.l2 > 0 {
                graphs[current]!.terms += 1
                emit(.penalty(PenaltyOp(layer: layer.index, l2: layer.l2, count: layer.units * layer.inFeatures,
                                        weight: layer.weight, value: -1, slot: -1)))
            }
        }
        if let p = preprocessing {
            let n = outputs.count
            let y = tensor("preprocessing.output", .activation, rows: n, columns: columns)
            emit(.preprocess(PreprocessOp(
                outputs: n, inputRow: p.inputRow, columns: columns, x: x, a: p.a, b: p.b, input: out,
                factor: tensor("preprocessing.factor", .scratch, rows: n, columns: columns),
                logs: tensor("preprocessing.logs", .scratch, rows: 2, columns: columns), output: y)))
            out = y
        }
        return out
    }

    /// `[fixed | batch]` row by row, the network's input on a step that
    /// evaluates fixed grids and the batch together.
    public mutating func concat(fixed: TensorID, fixedColumns: Int, batch: TensorID) -> TensorID {
        let rows = tensors[batch].rows
        let out = tensor("network_input", .activation, rows: rows, columns: Columns(fixed: fixedColumns, batched: true))
        emit(.concat(ConcatOp(rows: rows, fixedColumns: fixedColumns, fixed: fixed, batch: batch, output: out)))
        return out
    }

    /// A fixed linear map of `input`'s grid columns `column ..< column + grid`:
    /// rows `rowOffset ..< rowOffset + rows` of `matrix`; returns the `(1, rows)` result.
    public mutating func linearMap(
        _ name: String, matrix: TensorID, matrixRows: Int, rows: Int, rowOffset: Int = 0, input: TensorID,
        grid: Int, column: Int, columns: Columns
    ) -> TensorID {
        let out = tensor(name, .activation, rows: 1, columns: .fixed(rows))
        emit(.linearMap(LinearMapOp(
            rows: rows, rowOffset: rowOffset, matrixRows: matrixRows, outputs: tensors[input].rows, grid: grid,
            column: column, columns: columns, matrix: matrix, input: input, output: out)))
        return out
    }

    mutating func emit(_ instruction: Instruction) {
        graphs[current]!.instructions.append(instruction)
    }

    // MARK: - Losses, results and the optimiser

    /// A data loss term of `kind` on `prediction` (`outputs` rows; the
    /// batch's points, from `column`, by default), against the host's
    /// targets. chi2 reads per-point σ or the inverse covariance as `chi2` says.
    public mutating func loss(
        _ kind: LossKind, delta: Double?, chi2: Chi2Input?, prediction: TensorID, columns: Columns = .batch,
        column: Int = 0, weight: Double = 1
    ) {
        if loss == nil { loss = kind }
        let outputs = tensors[prediction].rows
        let rule: LossRule
        var uncertainty: TensorID?
        var covariance: TensorID?
        switch kind {
        case .mse: rule = .mse
        case .mae: rule = .mae
        case .huber: rule = .huber
        case .binaryCrossentropy: rule = .binaryCrossentropy
        case .categoricalCrossentropy: rule = .categoricalCrossentropy
        case .chi2:
            switch chi2 ?? .uncertainty {
            case .uncertainty:
                rule = .chi2
                uncertainty = self.uncertainty()
            case .covariance:
                rule = .chi2Covariance
                covariance = inverseCovariance()
            }
        }
        term(LossOp(
            rule: rule, delta: kind == .huber ? (delta ?? LossKind.defaultDelta) : 0, outputs: outputs, points: .batch,
            columns: columns, column: column, prediction: prediction, logits: nil, target: target(),
            uncertainty: uncertainty, inverseCovariance: covariance, covarianceLeading: outputs * batchSize,
            gradient: nil, scratch: lossScratch(rule == .chi2Covariance ? outputs * batchSize : outputs), value: -1,
            slot: -1, weight: weight))
    }

    /// χ² of fixed points: `(prediction − target)ᵀ C⁻¹ (prediction − target) / points × weight`,
    /// over `points` entries of `prediction` from `column` (an observable's data).
    /// With `validation`, the term is measured, not trained on (the program's validation loss).
    public mutating func chi2(prediction: TensorID, column: Int = 0, points: Int, target: TensorID,
                              inverseCovariance: TensorID, weight: Double, validation: Bool = false) {
        let columns = tensors[prediction].columns
        term(LossOp(
            rule: .chi2Covariance, delta: 0, outputs: 1, points: .fixed(points), columns: columns, column: column,
            prediction: prediction, logits: nil, target: target, uncertainty: nil, inverseCovariance: inverseCovariance,
            covarianceLeading: points, gradient: nil, scratch: lossScratch(points), value: -1, slot: -1, weight: weight,
            validation: validation))
    }

    /// `weight · (prediction − target)²` of one value (a sum rule).
    public mutating func squaredDeviation(prediction: TensorID, target: TensorID, weight: Double) {
        term(LossOp(
            rule: .mse, delta: 0, outputs: 1, points: .fixed(1), columns: .fixed(1), column: 0, prediction: prediction,
            logits: nil, target: target, uncertainty: nil, inverseCovariance: nil, covarianceLeading: 1, gradient: nil,
            scratch: lossScratch(1), value: -1, slot: -1, weight: weight))
    }

    /// `multiplier · Σ max(0, −prediction)` over its `points` values (positivity).
    public mutating func positivity(prediction: TensorID, points: Int, multiplier: TensorID) {
        term(LossOp(
            rule: .positivity, delta: 0, outputs: 1, points: .fixed(points), columns: .fixed(points), column: 0,
            prediction: prediction, logits: nil, target: prediction, uncertainty: nil, inverseCovariance: nil,
            covarianceLeading: 1, gradient: nil, scratch: lossScratch(1), value: -1, slot: -1, weight: 1,
            multiplier: multiplier))
    }

    mutating func lossScratch(_ floats: Int) -> TensorID {
        tensor("loss.scratch", .scratch, rows: 1, columns: .fixed(max(floats, 1)))
    }

    mutating func term(_ l: LossOp) {
        graphs[current]!.terms += 1
        emit(.loss(l))
    }

    /// Where chi2's uncertainties come from.
    public enum Chi2Input: Sendable {
        /// Per-point σ in the `uncertainty` tensor.
        case uncertainty
        /// The inverse covariance of the batch's points in `inverse_covariance`.
        case covariance
    }

    /// The current program's output for the batch's points: `t`, the points from `column`.
    public mutating func setOutput(_ t: TensorID, column: Int = 0) {
        graphs[current]!.output = t
        graphs[current]!.outputColumn = column
    }

    /// Names a tensor of the current program the host reads after a run.
    public mutating func monitor(_ name: String, _ t: TensorID) {
        graphs[current]!.monitors.append(MonitorBinding(name: name, tensor: t))
    }

    /// The optimiser of the training step.
    public mutating func optimize(with optimizer: Optimizer) {
        self.optimizer = optimizer
    }
}

/// One program's graph as lowering records it.
public struct ProgramGraph: Sendable {
    public internal(set) var instructions: [Instruction] = []
    public internal(set) var output: TensorID?
    public internal(set) var outputColumn = 0
    public internal(set) var monitors: [MonitorBinding] = []
    /// Loss terms and penalties recorded.
    var terms = 0
    /// A dropout's output → its input: the host reads outputs before dropout.
    var beforeDropout: [TensorID: TensorID] = [:]
}
