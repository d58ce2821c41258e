import Foundation
import NNCFiles
import NNCRuntime
import NNCSpec

/// One fit's physics costs: the run's data, this replica's central values,
/// and what the training loop does each epoch — raise the positivity
/// multipliers, test positivity, log each constraint's value.
public struct PhysicsFit: Sendable {
    public struct PositivityRule: Sendable {
        public var constraint: Int
        public var name: String
        public var multiplier: PositivityMultiplier
        public var threshold: Double
    }

    public var data: PhysicsData
    /// Per set, this fit's central values (training rows first).
    public var values: [[Double]]
    public var positivity: [PositivityRule]
    /// Every constraint's name, in spec order: the metrics' extra columns.
    public var constraintNames: [String]
    /// Whether any observable has validation points.
    public var hasValidation: Bool

    /// The physics of replica `replica` of `replicas`: with several, each
    /// fits the data moved by L·z of its own (the replica's fluctuation seed).
    public init(spec: Spec, data: PhysicsData, seeds: ReplicaSeeds, replicas: Int) {
        self.data = data
        var rng = RandomGenerator(seed: ReplicaSeeds.mix(seeds.fluctuation, 0x6f62, 7))
        values = data.sets.indices.map { data.replicaValues($0, fluctuate: replicas > 1, rng: &rng) }
        positivity = spec.training.constraints.enumerated().compactMap { i, c in
            guard case .positivity(let p) = c else { return nil }
            return PositivityRule(constraint: i, name: p.name.value, multiplier: p.multiplier.value, threshold: p.threshold.value)
        }
        constraintNames = spec.training.constraints.map(\.name.value)
        hasValidation = data.sets.contains { $0.validation > 0 }
    }

    /// Writes λ of every positivity constraint at `epoch` (counted from 0) into the engine.
    public func setMultipliers<Engine: TrainingEngine>(_ engine: inout Engine, atEpoch epoch: Int) {
        for rule in positivity { engine.setMultiplier(rule.multiplier.value(atEpoch: epoch), constraint: rule.constraint) }
    }

    /// Whether every positivity value is at least −threshold.
    public func positivitySatisfied(_ m: MonitorResult) -> Bool {
        positivity.allSatisfy { Self.satisfied(m.values["constraint." + $0.name] ?? [], threshold: $0.threshold) }
    }

    /// Each constraint's value: a sum rule's integral, a positivity constraint's smallest value.
    public func constraintValues(_ m: MonitorResult) -> [Double] {
        constraintNames.map { Self.constraintValue(m.values["constraint." + $0] ?? []) }
    }

    static func satisfied<Values: Collection<Float>>(_ values: Values, threshold: Double) -> Bool {
        values.allSatisfy { Double($0) >= -threshold }
    }

    static func constraintValue<Values: Collection<Float>>(_ values: Values) -> Double {
        values.count == 1 ? Double(values.first!) : Double(values.min() ?? .nan)
    }

    /// What the training loop reads after every step: the step's monitors of
    /// the constraints, found once in the engine's memory and read in place
    /// (no dictionary, no copy: an epoch allocates nothing for them).
    public struct StepReadout {
        var positivity: [(values: UnsafeBufferPointer<Float>, threshold: Double)] = []
        var constraints: [UnsafeBufferPointer<Float>] = []

        /// Whether every positivity value is at least −threshold.
        public func positivitySatisfied() -> Bool {
            positivity.allSatisfy { PhysicsFit.satisfied($0.values, threshold: $0.threshold) }
        }

        /// Each constraint's value into `values` (as many as constraints, in spec order).
        public func constraintValues(into values: inout [Double]) {
            for (i, v) in constraints.enumerated() where i < values.count { values[i] = PhysicsFit.constraintValue(v) }
        }
    }

    /// The readout of `engine`'s training step (an empty buffer for a
    /// constraint the step does not measure).
    public func readout<Engine: TrainingEngine>(of engine: Engine) -> StepReadout {
        func buffer(_ name: String) -> UnsafeBufferPointer<Float> {
            engine.stepMonitor(named: "constraint." + name) ?? UnsafeBufferPointer(start: nil, count: 0)
        }
        return StepReadout(
            positivity: positivity.map { (buffer($0.name), $0.threshold) }, constraints: constraintNames.map(buffer))
    }

    /// Each observable's theory values, back in the data file's row order.
    public func theory(_ m: MonitorResult) -> [String: [Double]] {
        var out: [String: [Double]] = [:]
        for s in data.sets {
            guard let v = m.values["observable." + s.name] else { continue }
            var t = [Double](repeating: 0, count: s.points)
            for (k, row) in s.order.enumerated() where k < v.count { t[row] = Double(v[k]) }
            out[s.name] = t
        }
        return out
    }

    /// What a finished fit reports.
    func outcome(_ m: MonitorResult, everPositive: Bool) -> PhysicsOutcome {
        let values = constraintValues(m)
        var constraints: [String: Double] = [:]
        for (name, v) in zip(constraintNames, values) { constraints[name] = v }
        let failure = positivity.isEmpty || everPositive ? nil
            : "positivity was never satisfied (every epoch had a value below −threshold)"
        return PhysicsOutcome(constraints: constraints, failure: failure, theory: theory(m))
    }

    /// `observables.csv`: set, the point's row in its data file, data (this
    /// fit's central value), theory.
    func observablesCSV(_ m: MonitorResult) -> String {
        var text = "set,point,data,theory\n"
        let t = theory(m)
        for (i, s) in data.sets.enumerated() {
            var byRow = [Double](repeating: 0, count: s.points)
            for (k, row) in s.order.enumerated() { byRow[row] = values[i][k] }
            for row in 0..<s.points {
                text += "\(s.name),\(row),\(byRow[row]),\(t[s.name]?[row] ?? .nan)\n"
            }
        }
        return text
    }
}

/// A finished fit's physics figures.
struct PhysicsOutcome {
    var constraints: [String: Double]
    var failure: String?
    var theory: [String: [Double]]
}

/// The closure-test statistics over every data point of every set with a
/// truth, C the experimental covariance of each set (block diagonal):
/// bias = (1/N)(F̄ − T)ᵀC⁻¹(F̄ − T); variance = mean over replicas of
/// (1/N)(F⁽ʳ⁾ − F̄)ᵀC⁻¹(F⁽ʳ⁾ − F̄); their ratio √(bias/variance); ξ₁σ the
/// fraction of points with |F̄_i − T_i| < σ_i, σ the replicas' standard
/// deviation (over the replicas, not N − 1); χ² to the truth, the mean over replicas of
/// (1/N)(F⁽ʳ⁾ − T)ᵀC⁻¹(F⁽ʳ⁾ − T) (= bias + variance).
public struct ClosureStatistics: Codable, Sendable, Equatable {
    public var bias: Double
    public var variance: Double
    public var biasVarianceRatio: Double
    public var xi1Sigma: Double
    public var chi2ToTruth: Double
    public var points: Int
    public var replicas: Int

    enum CodingKeys: String, CodingKey {
        case bias, variance, biasVarianceRatio = "bias_variance_ratio", xi1Sigma = "xi_1sigma"
        case chi2ToTruth = "chi2_to_truth", points, replicas
    }

    /// The statistics of `fits` (each fit's theory by set, file row order), or
    /// nil without a truth or with fewer than two replicas.
    public static func compute(data: PhysicsData, fits: [[String: [Double]]]) -> ClosureStatistics? {
        let sets = data.sets.filter { $0.truth != nil }
        guard !sets.isEmpty, fits.count >= 2 else { return nil }
        var biasSum = 0.0, varianceSum = 0.0, truthSum = 0.0, inside = 0, total = 0
        let r = Double(fits.count)
        for s in sets {
            let n = s.points
            // C⁻¹ of the whole set, in the file's row order.
            var cov = [Double](repeating: 0, count: n * n)
            for i in 0..<n { for j in 0..<n { cov[s.order[i] * n + s.order[j]] = s.covariance[i * n + j] } }
            guard let inv = Cholesky.inverse(cov, n: n) else { continue }
            var truth = [Double](repeating: 0, count: n)
            for (k, row) in s.order.enumerated() { truth[row] = s.truth![k] }
            let members = fits.compactMap { $0[s.name] }
            guard members.count == fits.count else { continue }
            let mean = (0..<n).map { i in members.reduce(0) { $0 + $1[i] } / r }
            func quadratic(_ d: [Double]) -> Double {
                var q = 0.0
                for i in 0..<n { for j in 0..<n { q += d[i] * inv[i * n + j] * d[j] } }
                return q
            }
            biasSum += quadratic(zip(mean, truth).map { $0 - $1 })
            for m in members {
                varianceSum += quadratic(zip(m, mean).map { $0 - $1 }) / r
                truthSum += quadratic(zip(m, truth).map { $0 - $1 }) / r
            }
            for i in 0..<n {
                let spread = (members.reduce(0) { $0 + ($1[i] - mean[i]) * ($1[i] - mean[i]) } / r).squareRoot()
                if abs(mean[i] - truth[i]) < spread { inside += 1 }
            }
            total += n
        }
        guard total > 0 else { return nil }
        let bias = biasSum / Double(total), variance = varianceSum / Double(total)
        return ClosureStatistics(
            bias: bias, variance: variance, biasVarianceRatio: variance > 0 ? (bias / variance).squareRoot() : .infinity,
            xi1Sigma: Double(inside) / Double(total), chi2ToTruth: truthSum / Double(total), points: total,
            replicas: fits.count)
    }
}
