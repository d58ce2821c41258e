/// Records the layer graph of a spec: its tensors and its forward
/// instructions, in topological order, from the same closed op set the
/// programs run. Lowering (NNCLowering) reads the spec and calls this; it
/// never decides fusions, gradients or placement — `compile()` does, once,
/// for every program.
///
/// The graph is written unfused and for training: a dense layer is a `dense`
/// with a linear activation followed by an `activation`, dropout is present,
/// each loss term reads the network's output. `compile()` derives the
/// programs from it (dropping dropout and gradients for evaluation, losses
/// for the forward pass), differentiates the training step, fuses, and places
/// every tensor in the arena.
public struct GraphBuilder {
    public let name: String
    public let mode: PlanMode
    public let batchSize: Int
    public let trainingPoints: Int?
    public let inputs: [String]
    public let outputs: [String]

    public internal(set) var tensors: [Tensor] = []
    /// The forward graph, unfused, in topological order.
    public internal(set) var graph: [Instruction] = []
    public internal(set) var layers: [PlanLayer] = []
    public internal(set) var parameterTensors: [ParameterTensor] = []
    /// Floats of the parameter slab handed out so far.
    public internal(set) var parameterCount = 0
    public internal(set) var loss: LossKind?
    public internal(set) var optimizer: Optimizer?
    /// Loss terms and penalties in slot order; `loss.terms` is created when there is more than one.
    var terms: [Term] = []
    /// Tensors the host writes.
    var host = HostSlots()
    /// The network's output (see `setOutput`).
    var networkOutput: TensorID?

    struct Term {
        /// The index of the instruction in `graph` that computes it.
        var instruction: Int
        /// Data terms count in evaluation; penalties only in the training step.
        var isData: Bool
    }

    struct HostSlots {
        var input: TensorID?
        var target: TensorID?
        var uncertainty: TensorID?
        var inverseCovariance: TensorID?
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

    /// A new tensor of `rows × columns` (reserved for the full batch).
    public mutating func tensor(_ name: String, _ role: TensorRole, rows: Int, columns: Columns) -> TensorID {
        tensors.append(Tensor(name: name, role: role, rows: rows, columns: columns,
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

    /// A named parameter of `shape` in the slab: its view tensor (and its
    /// gradient's view in training plans).
    public mutating func parameter(_ name: String, shape: [Int], initializer: ParameterInitializer) -> Int {
        let count = shape.reduce(1, *)
        let rows = shape.count == 2 ? shape[0] : 1
        let cols = shape.count == 2 ? shape[1] : count
        let view = tensors.count
        tensors.append(Tensor(name: name, role: .parameter, rows: rows, columns: .fixed(cols), count: count,
                              offset: parameterCount))
        var gradient: TensorID?
        if mode == .training {
            gradient = tensors.count
            tensors.append(Tensor(name: name + ".gradient", role: .parameterGradient, rows: rows, columns: .fixed(cols),
                                  count: count, offset: parameterCount))
        }
        parameterTensors.append(ParameterTensor(name: name, shape: shape, offset: parameterCount,
                                                initializer: initializer, tensor: view, gradient: gradient))
        parameterCount += count
        return parameterTensors.count - 1
    }

    // MARK: - The network

    /// One dense layer on `input` (`inFeatures` rows): `dense` then its
    /// activation, then dropout when training with a rate; returns the tensor
    /// the next layer reads.
    public mutating func denseLayer(
        name: String, input x: TensorID, inFeatures: Int, units: Int, activation: Activation, initializer: Initializer,
        bias: Bool, dropout: Double, l2: Double, columns: Columns = .batch
    ) -> TensorID {
        let index = layers.count
        let weight = parameter(name + ".weight", shape: [units, inFeatures], initializer: .weights(initializer))
        let biasEntry = bias ? parameter(name + ".bias", shape: [units], initializer: .zeros) : nil
        let z = tensor(name + ".preactivation", .preactivation, rows: units, columns: columns)
        graph.append(.dense(DenseOp(
            layer: index, inFeatures: inFeatures, outFeatures: units, columns: columns, activation: Activation(.linear),
            input: x, weight: parameterTensors[weight].tensor, bias: biasEntry.map { parameterTensors[$0].tensor },
            preactivation: nil, output: z)))
        var out = z
        if activation.kind != .linear {
            out = tensor(name + ".output", .activation, rows: units, columns: columns)
            graph.append(.activation(ActivationOp(layer: index, features: units, columns: columns, activation: activation,
                                                  input: z, output: out)))
        } else {
            tensors[z].name = name + ".output"
            tensors[z].role = .activation
        }
        if mode == .training && dropout > 0 {
            let mask = tensor(name + ".dropout_mask", .dropoutMask, rows: units, columns: columns)
            let dropped = tensor(name + ".dropout_output", .dropoutOutput, rows: units, columns: columns)
            graph.append(.dropout(DropoutOp(layer: index, features: units, columns: columns, rate: dropout,
                                            input: out, mask: mask, output: dropped)))
            out = dropped
        }
        if mode == .training && l2 > 0 {
            terms.append(Term(instruction: graph.count, isData: false))
            graph.append(.penalty(PenaltyOp(layer: index, l2: l2, count: units * inFeatures,
                                            weight: parameterTensors[weight].tensor, value: -1, slot: -1)))
        }
        let elements = FlopCount.mul(units, columns.resolve(batchSize))
        layers.append(PlanLayer(
            name: name, index: index, inFeatures: inFeatures, outFeatures: units, activation: activation,
            initializer: initializer, dropout: dropout, l2: l2, weight: weight, bias: biasEntry,
            parameters: units * inFeatures + (bias ? units : 0),
            flopsForward: FlopCount.add(FlopCount.mul(2, FlopCount.mul(elements, inFeatures)), bias ? elements : 0,
                                        FlopCount.activation(activation.kind, elements: elements)),
            bytes: 0))
        return out
    }

    // MARK: - Loss and optimiser

    /// A data loss term of `kind` on `prediction` (`outputs` rows, the batch's
    /// points from `column`), against the host's targets. chi2 reads per-point
    /// σ or the inverse covariance as `chi2` says.
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
        let scratchCount = rule == .chi2Covariance ? outputs * batchSize : outputs
        let scratch = tensor("loss.scratch", .scratch, rows: 1, columns: .fixed(max(scratchCount, 1)))
        terms.append(Term(instruction: graph.count, isData: true))
        graph.append(.loss(LossOp(
            rule: rule, delta: kind == .huber ? (delta ?? LossKind.defaultDelta) : 0, outputs: outputs, columns: columns,
            column: column, prediction: prediction, logits: nil, target: target(), uncertainty: uncertainty,
            inverseCovariance: covariance, covarianceLeading: outputs * batchSize, gradient: nil, scratch: scratch,
            value: -1, slot: -1, weight: weight)))
    }

    /// Where chi2's uncertainties come from.
    public enum Chi2Input: Sendable {
        /// Per-point σ in the `uncertainty` tensor.
        case uncertainty
        /// The inverse covariance of the batch's points in `inverse_covariance`.
        case covariance
    }

    /// The optimiser of the training step.
    public mutating func optimize(with optimizer: Optimizer) {
        self.optimizer = optimizer
    }
}
