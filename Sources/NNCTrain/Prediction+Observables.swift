import Foundation
import NNCDiagnostics
import NNCLowering
import NNCPlan
import NNCSpec

/// One observable computed from an ensemble of weights, in its data files'
/// row order: what `nnc predict --observables` writes and what the report
/// draws.
public struct ObservablePrediction: Sendable {
    public var name: String
    /// The central values ("the experiment") and σ_i = √C_ii, by row.
    public var data: [Double]
    public var sigma: [Double]
    /// K·truth by row, for closure data (a truth or a `truth_column`).
    public var truth: [Double]?
    /// Whether each row is a validation point of the fit.
    public var validation: [Bool]
    /// Each member's theory by row: `members[m][row]`.
    public var members: [[Double]]
    /// The ensemble mean by row, and the standard deviation over members
    /// (N − 1) with two or more.
    public var mean: [Double]
    public var std: [Double]?
    /// (1/N) rᵀ C⁻¹ r of the mean against the central values, r = data − mean,
    /// over the training and the validation points (each block's own C⁻¹);
    /// nil for a block without points.
    public var chi2Training: Double?
    public var chi2Validation: Double?

    public var points: Int { data.count }
    public var trainingPoints: Int { validation.lazy.filter { !$0 }.count }
    public var validationPoints: Int { validation.lazy.filter { $0 }.count }
}

extension Prediction {
    /// Every observable of `spec` computed from each weights file (the monitor
    /// program on the fixed grids).
    public static func observablePredictions(
        spec: Spec, weightFiles files: [String], sources: SourceManager? = nil
    ) throws -> [ObservablePrediction] {
        let (lowered, diagnostics) = Lowering.lower(spec, options: LoweringOptions(mode: .training))
        guard let plan = lowered else { throw TrainError(diagnostics) }
        guard let physics = try PhysicsData.loadIfNeeded(spec: spec, plan: plan, sources: sources) else {
            throw TrainError(Diagnostic(.nothingToTrain, span: spec.data.span,
                message: "the spec has no observables to compute",
                notes: [DiagnosticNote("--observables evaluates `data.observables`; without them, predict with --input")]))
        }
        let layout = ParameterLayout(plan: plan)
        var engine = try InterpreterEngine(plan: plan)
        engine.prepare(physics: physics, values: physics.sets.map(\.values))
        // theory[set][member][row]
        var theory = physics.sets.map { _ in [[Double]]() }
        for file in files {
            let weights = try Trainer.initialWeights(path: file, layout: layout)
            for i in weights.indices { engine.parameters[i] = weights[i] }
            let m = engine.monitor()
            for (k, s) in physics.sets.enumerated() {
                var t = [Double](repeating: .nan, count: s.points)
                if let v = m.values["observable." + s.name] {
                    for (i, row) in s.order.enumerated() where i < v.count { t[row] = Double(v[i]) }
                }
                theory[k].append(t)
            }
        }
        return zip(physics.sets, theory).map { s, members in
            let n = s.points
            var data = [Double](repeating: 0, count: n), sigma = data, truth = data
            var validation = [Bool](repeating: false, count: n)
            let sigmas = s.sigmas
            for (k, row) in s.order.enumerated() {
                data[row] = s.values[k]
                sigma[row] = sigmas[k]
                truth[row] = s.truth?[k] ?? .nan
                validation[row] = k >= s.training
            }
            let m = Double(max(members.count, 1))
            let mean = (0..<n).map { row in members.reduce(0) { $0 + $1[row] } / m }
            let std: [Double]? = members.count > 1
                ? (0..<n).map { row in
                    (members.reduce(0) { $0 + ($1[row] - mean[row]) * ($1[row] - mean[row]) } / (m - 1)).squareRoot()
                }
                : nil
            // χ² per point of the mean in the fit's order: training rows first.
            func chi2(_ rows: Range<Int>, _ inverse: [Double]) -> Double? {
                guard !rows.isEmpty, inverse.count == rows.count * rows.count else { return nil }
                let r = rows.map { k in s.values[k] - mean[s.order[k]] }
                var total = 0.0
                for i in r.indices { for j in r.indices { total += r[i] * inverse[i * r.count + j] * r[j] } }
                return total / Double(r.count)
            }
            return ObservablePrediction(
                name: s.name, data: data, sigma: sigma, truth: s.truth == nil ? nil : truth, validation: validation,
                members: members, mean: mean, std: std,
                chi2Training: chi2(0..<s.training, s.inverseTraining), chi2Validation: chi2(s.training..<n, s.inverseValidation))
        }
    }

    /// `nnc predict --observables`: every observable as CSV — set, the point's
    /// row in its data files, whether the fit held it out for validation (1)
    /// or trained on it (0), the data's central value and σ, the theory (the
    /// ensemble mean), its standard deviation over the members when there are
    /// several, and the truth's value when the data are closure pseudo-data.
    public static func observables(spec: Spec, weightFiles files: [String], sources: SourceManager? = nil) throws -> String {
        csv(try observablePredictions(spec: spec, weightFiles: files, sources: sources))
    }

    public static func csv(_ sets: [ObservablePrediction]) -> String {
        let many = sets.contains { $0.std != nil }
        let truth = sets.contains { $0.truth != nil }
        var text = "set,point,validation,data,sigma,theory" + (many ? ",theory_std" : "") + (truth ? ",truth" : "") + "\n"
        for s in sets {
            for row in 0..<s.points {
                var line = "\(s.name),\(row),\(s.validation[row] ? 1 : 0),\(s.data[row]),\(s.sigma[row]),\(s.mean[row])"
                if many { line += s.std.map { ",\($0[row])" } ?? "," }
                if truth { line += s.truth.map { ",\($0[row])" } ?? "," }
                text += line + "\n"
            }
        }
        return text
    }
}
