import Foundation
import NNCDiagnostics
import NNCSpec
import NNCTrain

/// The figures of one trained run, computed from its files: learning curves
/// from each fit's metrics, the fit (or the confusion matrix) from the
/// network run on its data with `Prediction`.
public struct RunFigures {
    public var learningCurves: Figure
    public var fits: [Figure] = []
    /// One row per fit figure's slice: χ²/N and closure coverage, for the page's table.
    public var fitStatistics: [FitStatistics] = []
    public var classifier: [Figure] = []
    /// A fit to observables: each output along its input, then each data set
    /// against its theory, and the numbers under them.
    public var distributions: [Figure] = []
    public var observables: [Figure] = []
    public var observableStatistics: [ObservablePrediction] = []
    /// Why a figure kind is absent (e.g. a regression with many inputs), for the page.
    public var notes: [String] = []

    /// Points on the fine grid of a fit figure.
    public static let gridPoints = 400
    /// A fit with several inputs is drawn along the first one when the others
    /// take at most this many distinct combinations in the data.
    public static let maximumSlices = 6
    /// Fit figures are drawn for at most this many outputs.
    public static let maximumOutputs = 6

    public static func make(run: TrainedRun) throws -> RunFigures {
        let spec = run.spec
        let metrics = try run.metrics()
        let patience = spec.training.stopping?.value.patience
        var out = RunFigures(learningCurves: LearningCurves.figure(
            metrics: metrics, fits: run.summary.replicas, patience: patience, loss: lossName(spec)))
        if !spec.data.observables.isEmpty {
            try out.addPhysics(run: run)
            // Plain points beside the observables get their fit figure too.
            if spec.data.source == .none { return out }
        }
        let data = try TrainingData.load(spec: spec)
        switch spec.training.loss.value.kind {
        case .categoricalCrossentropy, .binaryCrossentropy:
            try out.addClassifier(run: run, data: data)
        default:
            try out.addFits(run: run, data: data)
        }
        return out
    }

    static func lossName(_ spec: Spec) -> String {
        switch spec.training.loss.value.kind {
        case .chi2: return "χ² per point"
        case .mse: return "loss (mean squared error)"
        case .mae: return "loss (mean absolute error)"
        case .huber: return "loss (Huber)"
        case .categoricalCrossentropy: return "loss (categorical cross-entropy)"
        case .binaryCrossentropy: return "loss (binary cross-entropy)"
        }
    }

    // MARK: classifiers

    mutating func addClassifier(run: TrainedRun, data: TrainingData) throws {
        let set = data.validation ?? data.train
        let name = data.validation == nil ? "training" : "validation"
        let members = try Prediction.members(spec: run.spec, weightFiles: try run.weightFiles(), data: set)
        let (mean, _) = Prediction.ensemble(members)
        let n = set.count, k = set.outputCount
        if run.spec.training.loss.value.kind == .categoricalCrossentropy {
            var counts = [[Int]](repeating: [Int](repeating: 0, count: k), count: k)
            for p in 0..<n {
                let truth = (0..<k).max { set.target($0, p) < set.target($1, p) } ?? 0
                let predicted = (0..<k).max { mean[$0 * n + p] < mean[$1 * n + p] } ?? 0
                counts[truth][predicted] += 1
            }
            classifier.append(ClassifierFigures.confusion(counts, labels: set.outputNames, set: name))
        } else {
            for o in 0..<min(k, Self.maximumOutputs) {
                var counts = [[0, 0], [0, 0]]
                for p in 0..<n {
                    counts[set.target(o, p) > 0.5 ? 1 : 0][mean[o * n + p] > 0.5 ? 1 : 0] += 1
                }
                let output = set.outputNames[o]
                classifier.append(ClassifierFigures.confusion(
                    counts, labels: ["0", "1"], set: name, id: "confusion-" + ScanFigures.slug(output), title: "Confusion matrix of \(output)"))
            }
        }
    }

    // MARK: observables

    /// The fits that did not fail, as weights files.
    func completeWeightFiles(run: TrainedRun) throws -> [String] {
        let complete = run.fitFolders.enumerated().filter { k, _ in
            k >= run.summary.replicas.count || run.summary.replicas[k].failed == nil
        }.map(\.1)
        return try Prediction.weightFiles(complete.isEmpty ? run.fitFolders : complete)
    }

    mutating func addPhysics(run: TrainedRun) throws {
        let spec = run.spec
        let files = try completeWeightFiles(run: run)
        let predictions = try Prediction.observablePredictions(spec: spec, weightFiles: files)
        observableStatistics = predictions
        observables = predictions.map(PhysicsFigures.observable)

        // Each output along the input the observables' grids sample.
        let variables = spec.inputs.rawVariables
        guard variables.count == 1, let variable = variables.first else {
            notes.append("No figure of the outputs: they are drawn along one input, and the network reads \(variables.count) (\(variables.joined(separator: ", "))).")
            return
        }
        let loaded = try ObservableFiles.loadAll(spec: spec)
        let xs = loaded.flatMap { $0.gridValues(of: variable).map(Array.init) ?? [] }.filter(\.isFinite)
        guard let lo = xs.min(), let hi = xs.max() else { return }
        let scale: AxisScale = lo > 0 && hi / lo >= 100 ? .log : .linear
        let grid = Self.grid(lower: lo, upper: hi, scale: scale)
        var set = try DataSet.make(
            from: RawData(variables: [variable], columns: [grid], outputs: [], targets: [], origin: .generated), inputs: spec.inputs)
        set.outputNames = spec.outputs.names
        let members = try Prediction.members(spec: spec, weightFiles: files, data: set)
        var truths: [String: Expr] = [:]
        for o in spec.data.observables {
            if case .truth(let ts, _, _, _) = o.values { for t in ts where truths[t.output] == nil { truths[t.output] = t.expression } }
        }
        let weighted = spec.network.preprocessing?.input.value == variable
        let n = grid.count
        for (k, output) in spec.outputs.names.enumerated().prefix(Self.maximumOutputs) {
            let truth = truths[output].map { e in grid.map { x in e.evaluate { $0 == variable ? x : .nan } } }
            distributions.append(PhysicsFigures.distribution(
                id: "distribution-" + ScanFigures.slug(output), output: output, variable: variable, grid: grid,
                members: members.map { m in (0..<n).map { Double(m[k * n + $0]) } }, truth: truth, weighted: weighted, scale: scale))
        }
    }

    // MARK: regression

    mutating func addFits(run: TrainedRun, data: TrainingData) throws {
        let spec = run.spec
        let train = data.rawTrain, validation = data.rawValidation
        guard train.count > 0 else { return }
        let variables = train.variables
        guard let first = variables.first else { return }
        // The other inputs' combinations present in the data, each one slice.
        var combos: [[Double]] = []
        for raw in [train] + (validation.map { [$0] } ?? []) {
            for p in 0..<raw.count {
                let c = (1..<variables.count).map { raw.columns[$0][p] }
                if !combos.contains(c) { combos.append(c) }
                if combos.count > Self.maximumSlices { break }
            }
        }
        guard combos.count <= Self.maximumSlices else {
            notes.append("No fit figure: the fit is drawn along \(first) when the other inputs (\(variables.dropFirst().joined(separator: ", "))) take at most \(Self.maximumSlices) combinations of values in the data, and here they take more.")
            return
        }
        combos.sort { $0.lexicographicallyPrecedes($1) }
        let allX = train.columns[0] + (validation?.columns[0] ?? [])
        let scale = axisScale(spec: spec, variable: first, values: allX)

        // One prediction over every point needed: each slice's grid, then the data.
        var columns = [[Double]](repeating: [], count: variables.count)
        var gridRanges: [Range<Int>] = []
        for combo in combos {
            let xs = points(in: combo, of: [train] + (validation.map { [$0] } ?? []), variables: variables)
            let grid = Self.grid(lower: xs.min() ?? 0, upper: xs.max() ?? 1, scale: scale)
            let start = columns[0].count
            columns[0] += grid
            for v in 1..<max(variables.count, 1) { columns[v] += [Double](repeating: combo[v - 1], count: grid.count) }
            gridRanges.append(start..<columns[0].count)
        }
        let trainStart = columns[0].count
        for v in variables.indices { columns[v] += train.columns[v] }
        let validationStart = columns[0].count
        if let validation { for v in variables.indices { columns[v] += validation.columns[v] } }
        let all = RawData(variables: variables, columns: columns, outputs: [], targets: [], origin: .generated)
        var set = try DataSet.make(from: all, inputs: spec.inputs)
        set.outputNames = spec.outputs.names
        let members = try Prediction.members(spec: spec, weightFiles: try run.weightFiles(), data: set)
        let total = set.count
        func value(_ member: [Float], _ o: Int, _ p: Int) -> Double { Double(member[o * total + p]) }
        let (mean, _) = Prediction.ensemble(members)

        var truthExpressions: [String: Expr] = [:]
        if case .generate(let g) = spec.data.source {
            for t in g.truth { truthExpressions[t.output] = t.expression }
        }
        for (o, output) in spec.outputs.names.enumerated().prefix(Self.maximumOutputs) {
            var slices: [FitSlice] = []
            for (s, combo) in combos.enumerated() {
                let range = gridRanges[s]
                let grid = Array(columns[0][range])
                let truth = truthExpressions[output].map { e in
                    range.map { p in e.evaluate { name in variables.firstIndex(of: name).map { columns[$0][p] } ?? .nan } }
                }
                func dataPoints(_ raw: RawData, start: Int) -> DataPoints {
                    let idx = (0..<raw.count).filter { p in (1..<variables.count).allSatisfy { raw.columns[$0][p] == combo[$0 - 1] } }
                    return DataPoints(
                        x: idx.map { raw.columns[0][$0] }, y: idx.map { raw.targets[o][$0] },
                        sigma: raw.sigmas.map { s in idx.map { s[o][$0] } }, fit: idx.map { mean[o * total + start + $0] })
                }
                let label = variables.count > 1
                    ? zip(variables.dropFirst(), combo).map { "\($0) = \(String(format: "%g", $1))" }.joined(separator: ", ")
                    : nil
                slices.append(FitSlice(
                    label: label, grid: grid, members: members.map { m in range.map { value(m, o, $0) } }, truth: truth,
                    training: dataPoints(train, start: trainStart), validation: validation.map { dataPoints($0, start: validationStart) }))
            }
            let id = "fit-" + ScanFigures.slug(output)
            fits.append(FitFigure.figure(id: id, output: output, variable: first, scale: scale, slices: slices))
            for slice in slices {
                fitStatistics.append(FitStatistics(
                    output: output, slice: slice.label, trainingChi2: slice.training.chi2PerPoint,
                    validationChi2: slice.validation?.chi2PerPoint, coverage: slice.truthCoverage,
                    trainingPoints: slice.training.x.count, validationPoints: slice.validation?.x.count ?? 0,
                    largePulls: slice.training.sigma == nil ? 0
                        : (slice.training.pulls + (slice.validation?.pulls ?? [])).filter { $0.isFinite && abs($0) > 5 }.count))
            }
        }
    }

    /// Values of the first variable at the points whose other variables equal `combo`.
    func points(in combo: [Double], of sets: [RawData], variables: [String]) -> [Double] {
        sets.flatMap { raw in
            (0..<raw.count).filter { p in (1..<variables.count).allSatisfy { raw.columns[$0][p] == combo[$0 - 1] } }.map { raw.columns[0][$0] }
        }
    }

    /// Log when the data was generated log-spaced, or is positive over two decades or more.
    func axisScale(spec: Spec, variable: String, values: [Double]) -> AxisScale {
        if case .generate(let g) = spec.data.source, let s = g.sampling.first(where: { $0.variable.value == variable }) {
            return s.kind.value == .logspace ? .log : .linear
        }
        guard let lo = values.min(), let hi = values.max(), lo > 0, hi / lo >= 100 else { return .linear }
        return .log
    }

    static func grid(lower: Double, upper: Double, scale: AxisScale) -> [Double] {
        let n = gridPoints
        guard upper > lower else { return [lower] }
        if scale == .log && lower > 0 {
            let a = log10(lower), b = log10(upper)
            return (0..<n).map { i in i == 0 ? lower : (i == n - 1 ? upper : pow(10, a + (b - a) * Double(i) / Double(n - 1))) }
        }
        return (0..<n).map { i in i == n - 1 ? upper : lower + (upper - lower) * Double(i) / Double(n - 1) }
    }
}

/// The numbers under a fit figure, one row per output and slice.
public struct FitStatistics: Sendable {
    public var output: String
    public var slice: String?
    public var trainingChi2: Double?
    public var validationChi2: Double?
    public var coverage: (oneSigma: Double, twoSigma: Double)?
    public var trainingPoints: Int
    public var validationPoints: Int
    /// Data points (training and validation) with |pull| > 5.
    public var largePulls: Int
}
