/// What the training loop needs from whatever executes the network: the
/// interpreter over a plan's arena in nnc, a small reference model in tests.
///
/// The loop calls it once per batch, never per operation, and is generic over
/// it, so the call is specialised and direct.
public protocol TrainingEngine {
    /// The most points one step or evaluation can take.
    var batchCapacity: Int { get }
    /// The parameter slab (`ParameterLayout`'s offsets index it).
    var parameters: UnsafeMutableBufferPointer<Float> { get }
    /// The optimiser's moment slabs, same layout as `parameters` (0 to 2 of them).
    var moments: [UnsafeMutableBufferPointer<Float>] { get }
    /// Optimiser steps taken (Adam's bias correction depends on it).
    var optimizerSteps: Int { get set }
    /// The state of the engine's own generator (dropout masks), four words.
    var generatorState: [UInt64] { get set }

    /// Draws initial weights with the network's initialisers from `seed`, and
    /// clears the optimiser state.
    mutating func initialize(seed: UInt64)

    /// Copies the points `indices` of `data` (inputs, targets and, when the
    /// data has them, uncertainties) into the engine's batch buffers.
    mutating func load(_ data: DataSet, indices: ArraySlice<Int>)

    /// One training step on the `count` points loaded: forward, loss, backward,
    /// optimiser update. Returns the batch's mean loss before the update
    /// (including any L2 penalty).
    mutating func trainStep(count: Int) -> Double

    /// The mean loss of the `count` points loaded, without dropout or update;
    /// afterwards `output` reads the network's predictions for them.
    mutating func evaluate(count: Int) -> Double

    /// Forward pass only (no targets needed); afterwards `output` reads the predictions.
    mutating func forward(count: Int)

    /// Output `o` of point `k` of the last evaluation or forward pass.
    func output(_ o: Int, point k: Int) -> Float

    // The physics costs (defaults below for engines without fixed grids).

    /// Whether a training step evaluates fixed grids (observables,
    /// constraints): then an epoch has a step even without plain points.
    var hasFixedGrids: Bool { get }

    /// Writes the plan's constants from `physics`, with the replica's central values.
    mutating func prepare(physics: PhysicsData, values: [[Double]])

    /// Writes positivity constraint `constraint`'s multiplier (by constraint index).
    mutating func setMultiplier(_ value: Double, constraint: Int)

    /// The optimiser's learning rate from the next step on (a schedule's rate of the epoch).
    mutating func setLearningRate(_ rate: Double)

    /// Runs the monitor program (nothing without fixed grids).
    mutating func monitor() -> MonitorResult

    /// The validation terms the last training step measured on the weights
    /// it started from (0 without validation points).
    var stepValidationLoss: Double { get }

    /// Where the training step writes its monitor `name` (an observable's
    /// theory values, a constraint's values), measured on the weights the
    /// step starts from: memory the training loop reads in place after every
    /// step, found once. Nil when the step has no such monitor.
    func stepMonitor(named name: String) -> UnsafeBufferPointer<Float>?
}

/// What the monitor program measured once an epoch: the observables'
/// validation χ² (weighted into the validation loss) and, by name, every
/// observable's theory values on all its points and every constraint's
/// values (a sum rule's integral; a positivity constraint's v_k).
public struct MonitorResult: Sendable {
    public var validationLoss: Double
    public var values: [String: [Float]]

    public init(validationLoss: Double = 0, values: [String: [Float]] = [:]) {
        self.validationLoss = validationLoss
        self.values = values
    }
}

/// The physics costs: engines without fixed grids keep these defaults.
extension TrainingEngine {
    public var hasFixedGrids: Bool { false }
    public mutating func prepare(physics: PhysicsData, values: [[Double]]) {}
    public mutating func setMultiplier(_ value: Double, constraint: Int) {}
    public mutating func setLearningRate(_ rate: Double) {}
    public mutating func monitor() -> MonitorResult { MonitorResult() }
    public var stepValidationLoss: Double { 0 }
    public func stepMonitor(named name: String) -> UnsafeBufferPointer<Float>? { nil }
}
