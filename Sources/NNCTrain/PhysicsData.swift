import Foundation
import NNCDiagnostics
import NNCFiles
import NNCPlan
import NNCRuntime
import NNCSpec

/// The data of a spec's physics costs, read once a run: every observable's
/// grid, FK table, central values (from a file or closure pseudo-data) and
/// covariance, its points split into training and validation rows, and the
/// constraints' grids and weights — everything the plan's constants hold.
///
/// An observable's data points are reordered training rows first (the split
/// is a seeded shuffle, as for plain data, per set); its FK table, values
/// and covariance follow that order, so the training χ² reads the first
/// rows and the validation χ² the rest. `order` maps back to the file's rows.
public struct PhysicsData: Sendable {
    public struct Set: Sendable {
        public var name: String
        /// Data points, training first: row k is the file's row `order[k]`.
        public var order: [Int]
        public var training: Int
        public var validation: Int
        public var gridPoints: Int
        /// `(points, outputs·grid)` row-major, rows in `order`.
        public var fktable: [Double]
        /// The central values ("the experiment"), in `order`.
        public var values: [Double]
        /// K·truth(grid) when the values are closure pseudo-data.
        public var truth: [Double]?
        /// `(points, points)` in `order`, and its Cholesky factor (replicas' fluctuations).
        public var covariance: [Double]
        public var factor: [Double]
        /// The inverses of the training and validation blocks.
        public var inverseTraining: [Double]
        public var inverseValidation: [Double]

        public var points: Int { order.count }
        /// σ_i = √C_ii, in `order`.
        public var sigmas: [Double] { (0..<points).map { covariance[$0 * points + $0].squareRoot() } }
    }

    public var sets: [Set]
    /// `(inputs, G)`: every grid's points with the network's input features computed.
    public var gridInputs: [Float]
    /// Per constraint: its quadrature (sum rule) or positivity weights.
    public var constraintWeights: [[Float]]
    /// Per constraint: its grid's values of the sampled variable.
    public var constraintGrids: [[Double]]

    /// The physics data of `spec` when its plan has fixed grids, else nil.
    public static func loadIfNeeded(spec: Spec, plan: Plan, sources: SourceManager? = nil) throws -> PhysicsData? {
        guard !plan.grids.isEmpty else { return nil }
        return try load(spec: spec, plan: plan, sources: sources)
    }

    /// Reads and checks every file the spec's observables name and lays the
    /// data out as `plan` expects (its grids and sets).
    public static func load(spec: Spec, plan: Plan, sources: SourceManager? = nil) throws -> PhysicsData {
        let outputs = spec.outputs.count
        let raw = spec.inputs.rawVariables
        var diagnostics: [Diagnostic] = []
        var sets: [Set] = []
        var gridRaw: [String: [[Double]]] = [:]
        var fraction: Double?
        var splitSeed: UInt64 = 0
        if case .fraction(let f, let seed)? = spec.data.validation {
            fraction = f.value
            splitSeed = seed.value
        }

        // Every file read and checked by the one loader `nnc build --data` and
        // `nnc lint --data` use, so training reports the same diagnostics.
        var loaded: [LoadedObservable] = []
        do {
            loaded = try ObservableFiles.loadAll(spec: spec, sources: sources)
        } catch let e as DiagnosticError {
            diagnostics += e.diagnostics
        }
        for (i, (o, l)) in zip(spec.data.observables, loaded).enumerated() {
            do {
                let n = l.dataCount, g = l.gridCount
                gridRaw[o.grid.resolvedPath] = raw.map { Array(l.gridValues(of: $0) ?? []) }
                let fk = (values: l.fktable, rows: n)
                let covariance = l.covariance
                let factor = l.choleskyFactor
                let truth = l.truthValues
                var values = l.values ?? l.truthValues ?? []
                if case .truth(_, let level, let seed, _) = o.values, level.value >= 1 {
                    var rng = RandomGenerator(seed: seed.value)
                    values = shifted(values, factor: factor, n: n, rng: &rng)
                }
                // Training rows first, then validation rows.
                var order = Array(0..<n)
                var validation = 0
                if let fraction {
                    let split = DataSplit.indices(total: n, fraction: fraction, seed: ReplicaSeeds.mix(splitSeed, UInt64(i), 5))
                    order = split.train + split.validation
                    validation = split.validation.count
                }
                let training = n - validation
                let w = outputs * g
                let fkOrdered = order.flatMap { r in fk.values[(r * w)..<((r + 1) * w)] }
                let cov = permuted(covariance, n: n, order: order)
                func inverse(_ rows: Range<Int>) throws -> [Double] {
                    guard !rows.isEmpty else { return [] }
                    let m = rows.count
                    let block = (0..<(m * m)).map { k in cov[(rows.lowerBound + k / m) * n + rows.lowerBound + k % m] }
                    guard let inv = Cholesky.inverse(block, n: m) else {
                        throw TrainError(Diagnostic(.covarianceMismatch, span: o.span,
                            message: "the covariance of '\(o.name.value)' restricted to its \(rows.lowerBound == 0 ? "training" : "validation") points is not positive definite"))
                    }
                    return inv
                }
                sets.append(Set(
                    name: o.name.value, order: order, training: training, validation: validation, gridPoints: g,
                    fktable: fkOrdered, values: order.map { values[$0] }, truth: truth.map { t in order.map { t[$0] } },
                    covariance: cov, factor: Cholesky.factor(cov, n: n) ?? factor,
                    inverseTraining: try inverse(0..<training), inverseValidation: try inverse(training..<n)))
            } catch let e as DiagnosticError {
                diagnostics += e.diagnostics
            }
        }

        // The constraints' grids and weights.
        var weights: [[Float]] = []
        var grids: [[Double]] = []
        for c in spec.training.constraints {
            let sampling: Sampling
            let of: OutputWeights
            switch c {
            case .sumRule(let s): (sampling, of) = (s.over, s.integrand)
            case .positivity(let p): (sampling, of) = (p.at, p.of)
            }
            guard raw == [sampling.variable.value] else {
                diagnostics.append(Diagnostic(.matrixShapeMismatch, span: sampling.span,
                    message: "constraint '\(c.name.value)' samples '\(sampling.variable.value)', but the network's raw inputs are \(raw.joined(separator: ", "))",
                    notes: [DiagnosticNote("constraints integrate and test functions of one input variable")]))
                grids.append([])
                weights.append([])
                continue
            }
            var rng = RandomGenerator(seed: 0)
            let x = PseudoData.sample(sampling, rng: &rng)
            grids.append(x)
            let p = x.count
            let w = outputWeights(of, x: x, variable: sampling.variable.value, outputs: spec.outputs.names)
            switch c {
            case .sumRule:
                // The trapezoidal rule on the grid.
                let trapezoid = Sampling.trapezoidWeights(x)
                weights.append((0..<(outputs * p)).map { k in Float(w[k / p][k % p] * trapezoid[k % p]) })
            case .positivity:
                var m = [Float](repeating: 0, count: p * outputs * p)
                for k in 0..<p {
                    for o in 0..<outputs { m[k * outputs * p + o * p + k] = Float(w[o][k]) }
                }
                weights.append(m)
            }
        }
        if !diagnostics.isEmpty { throw TrainError(diagnostics) }

        // Every grid's points in the plan's column order, features computed.
        let columns = plan.grids.reduce(0) { max($0, $1.column + $1.points) }
        var rawGrid = raw.map { _ in [Double](repeating: 0, count: columns) }
        for slice in plan.grids {
            let values: [[Double]]
            switch slice.source {
            case .observable(let set): values = gridRaw[spec.data.observables[set].grid.resolvedPath] ?? []
            case .constraint(let c): values = [grids[c]]
            }
            for v in raw.indices where v < values.count {
                for j in 0..<min(slice.points, values[v].count) { rawGrid[v][slice.column + j] = values[v][j] }
            }
        }
        let gridData = try DataSet.make(
            from: RawData(variables: raw, columns: rawGrid, outputs: spec.outputs.names,
                          targets: spec.outputs.names.map { _ in [Double](repeating: 0, count: columns) }, origin: .generated),
            inputs: spec.inputs)
        return PhysicsData(sets: sets, gridInputs: gridData.inputs, constraintWeights: weights, constraintGrids: grids)
    }

    /// Each output's weight w_o(x_k) on a grid in one variable (0 for outputs not named).
    static func outputWeights(_ of: OutputWeights, x: [Double], variable: String, outputs: [String]) -> [[Double]] {
        outputs.map { output in
            guard let term = of.terms.first(where: { $0.output.value == output }) else {
                return [Double](repeating: 0, count: x.count)
            }
            return x.map { v in term.weight.expression.evaluate { $0 == variable ? v : .nan } }
        }
    }

    /// `values + L·z`, z standard normal from `rng`.
    static func shifted(_ values: [Double], factor l: [Double], n: Int, rng: inout RandomGenerator) -> [Double] {
        let z = (0..<n).map { _ in rng.normal() }
        return (0..<n).map { i in values[i] + (0...i).reduce(0.0) { $0 + l[i * n + $1] * z[$1] } }
    }

    static func permuted(_ m: [Double], n: Int, order: [Int]) -> [Double] {
        (0..<(n * n)).map { k in m[order[k / n] * n + order[k % n]] }
    }

    /// The central values one replica fits: the data as they are for a single
    /// fit, or moved by L·z from the replica's own generator (NNPDF's replicas).
    public func replicaValues(_ set: Int, fluctuate: Bool, rng: inout RandomGenerator) -> [Double] {
        let s = sets[set]
        return fluctuate ? Self.shifted(s.values, factor: s.factor, n: s.points, rng: &rng) : s.values
    }

    /// Writes every constant of `plan` into `write` (a tensor's name → its
    /// memory), with the replica's central values.
    public func fill(plan: Plan, values: [[Double]], write: (String) -> UnsafeMutableBufferPointer<Float>?) {
        for c in plan.constants {
            guard let memory = write(c.name) else { continue }
            func put(_ v: [Double]) { for i in 0..<min(v.count, memory.count) { memory[i] = Float(v[i]) } }
            switch c.kind {
            case .gridInputs:
                for i in 0..<min(gridInputs.count, memory.count) { memory[i] = gridInputs[i] }
            case .fktable(let set): put(sets[set].fktable)
            case .values(let set, let part):
                let s = sets[set]
                put(part == .training ? Array(values[set][..<s.training]) : Array(values[set][s.training...]))
            case .inverseCovariance(let set, let part):
                put(part == .training ? sets[set].inverseTraining : sets[set].inverseValidation)
            case .sumRuleWeights(let constraint), .positivityWeights(let constraint):
                let w = constraintWeights[constraint]
                for i in 0..<min(w.count, memory.count) { memory[i] = w[i] }
            case .scalar:
                break
            }
        }
    }
}
