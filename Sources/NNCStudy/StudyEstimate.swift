import Foundation
import NNCPlan
import NNCSpec
import NNCTrain

/// What `nnc build` and `nnc hyperopt --dry-run` say of a search before it
/// runs: the space's size, the epochs all trials may take, and the time that
/// is, from the base plan's measured speed.
public struct StudyEstimate: Sendable {
    /// Distinct value sets; nil when a dimension is continuous.
    public var spaceSize: Int?
    public var trials: Int
    /// Fits per trial: folds × replicas.
    public var fitsPerTrial: Int
    /// The most epochs the trials take (every fit to its last epoch; stopping and pruning take fewer).
    public var totalEpochs: Int
    /// Training steps per epoch of the base spec.
    public var stepsPerEpoch: Int
    /// Measured seconds a training step of the base plan.
    public var secondsPerStep: Double
    public var flopsPerStep: Int

    public var seconds: Double { Double(totalEpochs) * Double(stepsPerEpoch) * secondsPerStep }

    /// Measures up to ~0.2 s of training steps of the base plan.
    public static func make(spec: Spec, plan: Plan, trials: Int? = nil) -> StudyEstimate? {
        guard let h = spec.hyperopt else { return nil }
        let space = SearchSpace(h)
        var n = trials ?? h.trials.value
        if let s = space.size { n = min(n, s) }
        let fits = max(1, h.reward.folds.value) * max(1, spec.training.replicas.value)
        var points = plan.batchSize
        if let data = try? TrainingData.load(spec: spec) {
            points = h.reward.folds.value >= 2 ? data.train.count - data.train.count / h.reward.folds.value : data.train.count
        }
        let steps = max(1, (points + plan.batchSize - 1) / max(plan.batchSize, 1))
        var perStep = 0.0
        if let engine = try? InterpreterEngine(plan: plan, threads: 1) {
            engine.interpreter.initializeParameters(seed: 1)
            let clock = Date()
            var count = 0
            while count < 1000 {
                _ = engine.interpreter.trainStep(rows: plan.batchSize)
                count += 1
                if Date().timeIntervalSince(clock) > 0.2 { break }
            }
            perStep = Date().timeIntervalSince(clock) / Double(count)
        }
        return StudyEstimate(spaceSize: space.size, trials: n, fitsPerTrial: fits, totalEpochs: n * fits * spec.training.epochs.value,
                             stepsPerEpoch: steps, secondsPerStep: perStep, flopsPerStep: plan.flopsPerStep)
    }

    /// The lines `nnc build` prints.
    public func text() -> String {
        func duration(_ s: Double) -> String {
            if s < 10 { return String(format: "%.2g s", s) }
            if s < 120 { return String(format: "%.0f s", s) }
            if s < 7200 { return String(format: "%.0f min", s / 60) }
            return String(format: "%.1f h", s / 3600)
        }
        let size = spaceSize.map { $0 == Int.max ? "a space of more than 9e18 value sets" : "a space of \($0) value sets" } ?? "a continuous space"
        return """
            hyperopt: \(trials) trials over \(size); \(fitsPerTrial) fit(s) a trial
            hyperopt: at most \(totalEpochs) epochs in all, \(stepsPerEpoch) step(s) an epoch; \
            estimated \(duration(seconds)) on one core at \(String(format: "%.1f", secondsPerStep * 1e6)) µs a step of the base plan \
            (\(flopsPerStep) FLOPs); trials that stop early or are pruned take less

            """
    }
}
