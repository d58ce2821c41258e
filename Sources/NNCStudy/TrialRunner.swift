import Foundation
import NNCCheck
import NNCDiagnostics
import NNCLowering
import NNCPlan
import NNCRuntime
import NNCSpec
import NNCTrain

/// Runs trials in this process: a trial's values are set on the spec
/// template, the spec is decoded and checked, lowered (an engine is reused
/// when the plan is the same as an earlier trial's), and trained with
/// `Fit.run` once per fold and replica, keeping nothing on disk.
///
/// A trial's outcome depends only on its values and the spec's seeds, so a
/// re-queued trial and `best.yaml` retrained give the same reward.
public final class TrialRunner {
    public let base: Spec
    public let hyperopt: Hyperopt
    public let template: SpecTemplate
    public let space: SearchSpace
    /// Engines of recent trials (eight; the least recently used goes): a plan
    /// is compiled once per distinct shape, and lowered once per distinct spec
    /// (`CachedEngine`).
    private var engines: [CachedEngine] = []
    /// Observable data of recent trials, by the spec parts and grids they come from.
    private var physicsData: [(key: DataKey, grids: [GridSlice], data: PhysicsData)] = []
    /// Data of recent trials, by the spec parts they come from (and the
    /// trial's structure, which finds them without comparing specs).
    private var data: [CachedData] = []

    /// Data and what it was made from (a class, for the reason of `DecodedSpec`).
    final class CachedData {
        let key: DataKey
        let structure: Parameters
        let data: TrainingData
        init(key: DataKey, structure: Parameters, data: TrainingData) {
            self.key = key
            self.structure = structure
            self.data = data
        }
    }
    /// Seconds spent inside `Fit.run` (training steps and evaluations), for the overhead figure.
    public private(set) var trainingSeconds = 0.0
    /// CPU seconds of the calling thread inside `Fit.run`.
    public private(set) var trainingCPUSeconds = 0.0
    /// Plans lowered and engines built (cache misses).
    public private(set) var compiled = 0

    /// `template` is the spec's (`SpecTemplate(base: spec)`), when the caller has it already.
    public init(spec: Spec, template: SpecTemplate? = nil) {
        base = spec
        hyperopt = spec.hyperopt ?? Hyperopt(
            trials: Located(1, span: spec.span), sampler: Located(.random, span: spec.span), seed: Located(0, span: spec.span),
            reward: Reward(loss: Located(.validation, span: spec.span), folds: Located(1, span: spec.span),
                           statistic: Located(.average, span: spec.span), span: spec.span),
            prune: nil, space: [], architecture: nil, span: spec.span)
        self.template = template ?? SpecTemplate(base: spec)
        space = SearchSpace(hyperopt)
    }

    /// Decoded trial specs by their values outside the optimiser's numeric
    /// parameters, most recent last (see `spec(for:)`), with the facts the
    /// rules judged them by (`RuleContext`: the data's size, which the
    /// optimiser's numbers do not change).
    private var decodedSpecs: [DecodedSpec] = []

    /// A class: a look-up passes each entry by reference (a tuple or struct
    /// holding a `Spec` was copied, field by field, for every comparison).
    final class DecodedSpec {
        let key: Parameters
        let spec: Spec
        let context: RuleContext
        init(key: Parameters, spec: Spec, context: RuleContext) {
            self.key = key
            self.spec = spec
            self.context = context
        }
    }
    /// Trial specs decoded from their tree (the others were set on a decoded one).
    public private(set) var decoded = 0

    /// The trial's spec, or why the spec rejects these values.
    ///
    /// A trial's values are set on the base spec's tree and the tree is
    /// decoded and checked. When the only values that differ from an earlier
    /// trial's are numbers of the optimiser's parameters
    /// (`training.optimizer.*.learning_rate`, a continuous learning rate), the
    /// earlier decoded spec takes them through the vocabulary's `Optimizer`
    /// (as the decoder builds it) instead: the spec is the same as decoded,
    /// and the rules that read the optimiser check it again (the earlier
    /// spec passed them all), with the earlier spec's facts about the data.
    public func spec(for p: Parameters) -> Result<Spec, TrialFailure> {
        let numeric = optimizerNumbers(p)
        var key = p
        for n in numeric { key[n.dimension] = nil }
        if !numeric.isEmpty, let i = decodedSpecs.lastIndex(where: { $0.key == key }),
           let spec = Self.setting(numeric, on: decodedSpecs[i].spec) {
            // The earlier spec passed every rule; only the optimiser changed.
            return checked(spec, by: optimizerRules, context: decodedSpecs[i].context)
        }
        decoded += 1
        let (assignments, hidden) = space.assignments(p)
        let (decoded, diagnostics) = template.spec(assignments, hiddenUnits: hidden)
        if let first = diagnostics.first(where: { $0.severity == .error }) {
            return .failure(TrialFailure("[\(first.code)] \(first.message)"))
        }
        guard let decoded else { return .failure(TrialFailure("the trial's spec did not decode")) }
        let result = checked(decoded)
        // Only a spec that passed every rule is a base for later trials.
        if !numeric.isEmpty, case .success = result {
            decodedSpecs.append(DecodedSpec(key: key, spec: decoded, context: RuleContext(spec: decoded)))
            if decodedSpecs.count > 16 { decodedSpecs.removeFirst() }
        }
        return result
    }

    /// The error rules that read the optimiser: those a trial set on an
    /// earlier checked spec is checked by (found once: a path's rules do not
    /// depend on the numbers in it).
    private lazy var optimizerRules = Checker.errorRules(reading: ["training.optimizer"], in: base)

    /// `spec` when the checker finds no error in it (only `rules`, when
    /// given, with `context`: the rest passed on the spec it came from).
    func checked(_ spec: Spec, by rules: [any Rule.Type]? = nil, context: RuleContext? = nil) -> Result<Spec, TrialFailure> {
        let errors = rules.map { Checker.errors(in: spec, by: $0, context: context ?? RuleContext(spec: spec)) } ?? Checker.errors(in: spec)
        if let first = errors.first(where: { $0.severity == .error }) {
            return .failure(TrialFailure("[\(first.code)] \(first.message)"))
        }
        return .success(spec)
    }

    /// The trial's values at `training.optimizer.*.NAME` that are numbers, by
    /// dimension name and parameter name.
    func optimizerNumbers(_ p: Parameters) -> [(dimension: String, parameter: String, value: Double)] {
        var out: [(String, String, Double)] = []
        for d in optimizerDimensions {
            switch p[d.dimension] {
            case .double(let x)?: out.append((d.dimension, d.parameter, x))
            case .int(let i)?: out.append((d.dimension, d.parameter, Double(i)))
            default: continue
            }
        }
        return out
    }

    /// The dimensions at `training.optimizer.*.NAME`, with NAME.
    private lazy var optimizerDimensions: [(dimension: String, parameter: String)] =
        space.dimensions.filter { $0.name.hasPrefix("training.optimizer.*.") }
            .map { ($0.name, String($0.name.dropFirst("training.optimizer.*.".count))) }

    /// `spec` with these optimiser parameters; nil when its optimiser does not
    /// take one of them (the decoder then says so), or when its learning rate
    /// is a schedule (which a number replaces: the decoder then decides).
    static func setting(_ numbers: [(dimension: String, parameter: String, value: Double)], on spec: Spec) -> Spec? {
        guard spec.training.schedule == nil else { return nil }
        let o = spec.training.optimizer.value
        if numbers.count == 1, numbers[0].parameter == "learning_rate", o.kind.parameter("learning_rate")?.kind == .number {
            // What `Optimizer(kind, values:)` does with a learning rate it takes: it keeps it as it is.
            var out = spec
            out.training.optimizer.value.learningRate = numbers[0].value
            return out
        }
        var values: [String: Double] = [:]
        for parameter in o.kind.parameters {
            if let v = o.value(of: parameter.name) { values[parameter.name] = v }
        }
        for n in numbers {
            guard let parameter = o.kind.parameter(n.parameter), parameter.kind == .number else { return nil }
            values[n.parameter] = n.value
        }
        var out = spec
        out.training.optimizer.value = Optimizer(o.kind, values: values)
        return out
    }

    /// Called at every epoch of the first fit that is a multiple of the pruning
    /// interval, with the best validation loss so far; returns true to stop the trial.
    public typealias PruneCheck = (_ epoch: Int, _ best: Double) -> Bool

    public func run(_ p: Parameters, stop: StopRequest, prune: PruneCheck? = nil) -> TrialOutcome {
        let clock = Date()
        let spec: Spec
        switch self.spec(for: p) {
        case .failure(let f): return TrialOutcome(state: .failed, reward: nil, folds: [], epochs: 0, seconds: 0, message: f.message)
        case .success(let s): spec = s
        }
        do {
            let structure = self.structure(p)
            let loaded = try trainingData(spec, structure: structure)
            var losses: [Double] = []
            var epochs = 0
            var pruned = false
            let sets = try folds(spec, loaded)
            let replicas = max(1, spec.training.replicas.value)
            var first = true
            for (train0, validation0) in sets {
                for r in 0..<replicas {
                    let seeds = ReplicaSeeds(trainingSeed: spec.training.seed.value, replica: r)
                    var train = train0
                    var validation = validation0
                    if replicas > 1 {
                        var rng = RandomGenerator(seed: seeds.fluctuation)
                        train = train.fluctuated(&rng)
                        validation = validation?.fluctuated(&rng)
                    }
                    let (summary, wasPruned) = try fit(spec, structure: structure, train: train, validation: validation, seeds: seeds, replica: r,
                                                       stop: stop, prune: first ? prune : nil)
                    first = false
                    epochs += summary.epochsRun
                    if wasPruned {
                        pruned = true
                        losses.append(summary.bestValidationLoss ?? .infinity)
                        break
                    }
                    if stop.isRequested {
                        return TrialOutcome(state: .queued, reward: nil, folds: losses, epochs: epochs,
                                            seconds: Date().timeIntervalSince(clock), message: "interrupted")
                    }
                    let loss: Double? = hyperopt.reward.loss.value == .training
                        ? summary.finalTrainLoss
                        : (summary.bestValidationLoss ?? summary.finalValidationLoss ?? summary.finalTrainLoss)
                    losses.append(loss ?? .infinity)
                }
                if pruned { break }
            }
            let reward = Self.statistic(hyperopt.reward.statistic.value, losses)
            return TrialOutcome(state: pruned ? .pruned : .complete, reward: pruned ? nil : reward, folds: losses, epochs: epochs,
                                seconds: Date().timeIntervalSince(clock))
        } catch let e as TrainError {
            let d = e.diagnostics.first
            return TrialOutcome(state: .failed, reward: nil, folds: [], epochs: 0, seconds: Date().timeIntervalSince(clock),
                                message: d.map { "[\($0.code)] \($0.message)" } ?? "training failed")
        } catch let f as TrialFailure {
            return TrialOutcome(state: .failed, reward: nil, folds: [], epochs: 0, seconds: Date().timeIntervalSince(clock), message: f.message)
        } catch {
            return TrialOutcome(state: .failed, reward: nil, folds: [], epochs: 0, seconds: Date().timeIntervalSince(clock), message: "\(error)")
        }
    }

    /// The fold and replica losses combined.
    public static func statistic(_ s: RewardStatistic, _ losses: [Double]) -> Double {
        guard !losses.isEmpty else { return .infinity }
        let mean = losses.reduce(0, +) / Double(losses.count)
        switch s {
        case .average: return mean
        case .bestWorst: return losses.max()!
        case .std: return (losses.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(losses.count)).squareRoot()
        }
    }

    // MARK: Data and folds

    /// What a data set is made from.
    struct DataKey: Equatable {
        var inputs: Features
        var outputs: Features
        var data: DataSpec
        var loss: NNCSpec.Loss
    }

    func trainingData(_ spec: Spec, structure: Parameters) throws -> TrainingData {
        if let hit = data.last(where: { $0.structure == structure }) { return hit.data }
        let key = DataKey(inputs: spec.inputs, outputs: spec.outputs, data: spec.data, loss: spec.training.loss.value)
        let d = try data.last(where: { $0.key == key })?.data ?? TrainingData.load(spec: spec)
        if data.count >= 8 { data.removeFirst() }
        data.append(CachedData(key: key, structure: structure, data: d))
        return d
    }

    /// A trial's values without its learning rates: trials alike in these
    /// have the same spec but for the learning rate, which is the
    /// interpreter's data, so they share an engine and the data.
    func structure(_ p: Parameters) -> Parameters {
        var key = p
        for d in learningRateDimensions { key[d] = nil }
        return key
    }

    private lazy var learningRateDimensions: [String] = space.dimensions.map(\.name)
        .filter { $0.hasPrefix("training.optimizer.") && $0.hasSuffix(".learning_rate") }

    /// The (training, validation) sets of each fit: the spec's own with one
    /// fold, else the k-fold partition of the training points (shuffled with
    /// the spec's training seed), each fold held out once as the validation set.
    func folds(_ spec: Spec, _ d: TrainingData) throws -> [(DataSet, DataSet?)] {
        let k = hyperopt.reward.folds.value
        guard k >= 2 else { return [(d.train, d.validation)] }
        if d.train.covariance != nil {
            throw TrialFailure("k-fold is not available with a chi2 covariance matrix; use folds: 1")
        }
        let n = d.rawTrain.count
        guard n >= k else { throw TrialFailure("\(k) folds need at least \(k) training points, the data has \(n)") }
        var order = Array(0..<n)
        var rng = RandomGenerator(seed: ReplicaSeeds.mix(spec.training.seed.value, UInt64(k), 0xF01D))
        rng.shuffle(&order)
        var out: [(DataSet, DataSet?)] = []
        for f in 0..<k {
            let held = order.enumerated().filter { $0.offset % k == f }.map(\.element).sorted()
            let heldSet = Set(held)
            let rest = (0..<n).filter { !heldSet.contains($0) }
            out.append((try DataSet.make(from: d.rawTrain.subset(rest), inputs: spec.inputs),
                        try DataSet.make(from: d.rawTrain.subset(held), inputs: spec.inputs)))
        }
        return out
    }

    // MARK: One fit

    /// A cached engine: the trial values it was built for without their
    /// learning rates (found first by these: comparing a few values is cheaper
    /// than comparing specs), the trial spec without its learning rate, the
    /// batch size of a full batch, and its plan with the learning rate set to
    /// 0. The interpreter takes the learning rate as data, so trials that
    /// differ only in it share one engine and skip lowering; trials whose
    /// specs differ elsewhere but lower to the same plan (another patience,
    /// say) share the engine after lowering.
    /// (A class, for the reason of `DecodedSpec`.)
    final class CachedEngine {
        /// The trial values it was built for (`structure`), when known.
        let structure: Parameters?
        let spec: Spec
        let batchSize: Int?
        let shape: Plan
        let engine: InterpreterEngine
        /// When it was last used (`uses`): the least recently used is dropped.
        var used: Int

        init(structure: Parameters?, spec: Spec, batchSize: Int?, shape: Plan, engine: InterpreterEngine, used: Int) {
            self.structure = structure
            self.spec = spec
            self.batchSize = batchSize
            self.shape = shape
            self.engine = engine
            self.used = used
        }
    }

    /// Engine look-ups so far.
    private var uses = 0

    func engine(for spec: Spec, structure: Parameters? = nil, points: Int) throws -> InterpreterEngine {
        var options = LoweringOptions(mode: .training)
        if spec.training.batchSize.value == .full { options.batchSize = points }
        let rate = spec.training.optimizer.value.learningRate
        uses += 1
        if let structure, let i = engines.lastIndex(where: { $0.batchSize == options.batchSize && $0.structure == structure }) {
            engines[i].used = uses
            let engine = engines[i].engine
            engine.interpreter.learningRate = rate
            return engine
        }
        var key = spec
        key.training.optimizer.value.learningRate = 0
        let engine: InterpreterEngine
        let shape: Plan
        if let hit = engines.last(where: { $0.batchSize == options.batchSize && $0.spec == key }) {
            // Other values, the same spec: no lowering.
            (engine, shape) = (hit.engine, hit.shape)
        } else {
            let (plan, diagnostics) = Lowering.lower(spec, options: options)
            guard let plan else {
                let d = diagnostics.first { $0.severity == .error }
                throw TrialFailure(d.map { "[\($0.code)] \($0.message)" } ?? "the trial's spec could not be lowered")
            }
            shape = plan.withLearningRate(0)
            if let hit = engines.last(where: { $0.shape == shape }) {
                engine = hit.engine
            } else {
                compiled += 1
                engine = try InterpreterEngine(plan: plan, threads: 1)
            }
        }
        engine.interpreter.learningRate = rate
        if engines.count == 8, let oldest = engines.indices.min(by: { engines[$0].used < engines[$1].used }) {
            engines.remove(at: oldest)
        }
        engines.append(CachedEngine(structure: structure, spec: key, batchSize: options.batchSize, shape: shape, engine: engine, used: uses))
        return engine
    }

    func fit(
        _ spec: Spec, structure: Parameters? = nil, train: DataSet, validation: DataSet?, seeds: ReplicaSeeds, replica: Int,
        stop: StopRequest, prune: PruneCheck?
    ) throws -> (FitSummary, pruned: Bool) {
        var engine = try engine(for: spec, structure: structure, points: train.count)
        let plan = engine.interpreter.plan
        let t = spec.training
        let stopping = t.stopping?.value
        var options = FitOptions(
            epochs: t.epochs.value, patience: stopping?.patience, minDelta: stopping?.minDelta ?? 0,
            restoreBest: t.keep.value == .best, checkpoints: .epochs(Int.max), folder: "",
            replica: replica, replicas: max(1, t.replicas.value), seeds: seeds, trainingSeed: t.seed.value,
            layout: ParameterLayout(plan: engine.interpreter.plan), planHash: "", optimizer: t.optimizer.value.kind.rawValue,
            learningRate: t.optimizer.value.learningRate, optimizerSpan: t.optimizer.span)
        options.writesFiles = false
        options.schedule = t.schedule?.value
        // Observables and constraints (physics specs): their data once per distinct data and grids.
        if !plan.grids.isEmpty {
            if hyperopt.reward.folds.value >= 2 {
                throw TrialFailure("k-fold is not available with observables; use folds: 1 (each data set has its own validation split)")
            }
            let key = DataKey(inputs: spec.inputs, outputs: spec.outputs, data: spec.data, loss: spec.training.loss.value)
            let physics: PhysicsData
            if let hit = physicsData.first(where: { $0.key == key && $0.grids == plan.grids }) {
                physics = hit.data
            } else {
                guard let loaded = try PhysicsData.loadIfNeeded(spec: spec, plan: plan) else { throw TrialFailure("the observables' data could not be loaded") }
                physics = loaded
                if physicsData.count >= 2 { physicsData.removeFirst() }
                physicsData.append((key, plan.grids, loaded))
            }
            options.physics = PhysicsFit(spec: spec, data: physics, seeds: seeds, replicas: max(1, t.replicas.value))
        }
        let pruned = PruneFlag()
        let every = hyperopt.prune?.value.every ?? 0
        let clock = Date()
        let cpu = Self.threadCPUSeconds()
        defer {
            trainingSeconds += Date().timeIntervalSince(clock)
            trainingCPUSeconds += Self.threadCPUSeconds() - cpu
        }
        let summary = try Fit.run(engine: &engine, train: train, validation: validation, options: options, stop: stop) { progress in
            guard let prune, every > 0, progress.epoch % every == 0, let best = progress.bestValidationLoss else { return }
            if prune(progress.epoch, best) {
                pruned.set()
                stop.request()
            }
        }
        return (summary, pruned.isSet)
    }
}

extension TrialRunner {
    /// CPU seconds of the calling thread.
    static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}

/// Why a trial could not run: its values make a spec the checker rejects,
/// or its data cannot be split as asked.
public struct TrialFailure: Error, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

final class PruneFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}
