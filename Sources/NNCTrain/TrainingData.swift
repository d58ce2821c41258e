import NNCDiagnostics
import NNCSpec

/// The data of a run: the training and validation sets, built from the spec's
/// `data:` section.
public struct TrainingData: Sendable {
    /// The training points before derived inputs (kept for closure comparisons).
    public var rawTrain: RawData
    public var rawValidation: RawData?
    public var train: DataSet
    public var validation: DataSet?

    public init(rawTrain: RawData, rawValidation: RawData?, train: DataSet, validation: DataSet?) {
        self.rawTrain = rawTrain
        self.rawValidation = rawValidation
        self.train = train
        self.validation = validation
    }

    /// Every problem in the data of `spec`, found by loading it as a run
    /// does: each data file the spec names (training and validation CSVs, a
    /// covariance matrix) read with the located diagnostics of training, then
    /// the checks on the loaded data (derived inputs, uncertainties, the
    /// covariance blocks), and the files of each observable (`ObservableFiles`).
    /// For `nnc lint --data` and `nnc build --data`.
    public static func check(spec: Spec, sources: SourceManager? = nil) -> [Diagnostic] {
        let observables = ObservableFiles.check(spec: spec, sources: sources)
        // Observables only: no plain points to read (and none to split).
        if isObservablesOnly(spec) { return observables }
        do {
            _ = try load(spec: spec, sources: sources)
            return observables
        } catch let e as DiagnosticError {
            return e.diagnostics + observables
        } catch {
            return [Diagnostic(.runDataUnreadable, span: spec.span, message: "cannot load the data: \(error)")] + observables
        }
    }

    /// True when the spec fits observables only (no plain data points).
    static func isObservablesOnly(_ spec: Spec) -> Bool {
        if case .none = spec.data.source { return true }
        return false
    }

    /// Reads or generates the data of `spec`, splits off validation, and
    /// computes derived inputs. Every file is read before anything is thrown,
    /// so the problems of all of them are reported at once. CSV files with
    /// problems are added to `sources` so their diagnostics show the offending line.
    public static func load(spec: Spec, sources: SourceManager? = nil) throws -> TrainingData {
        let outputs = spec.outputs.names
        var sigmaColumn: String?
        if spec.training.loss.value.kind == .chi2, case .column(let c)? = spec.training.loss.value.chi2 {
            sigmaColumn = c.value
        }
        var problems: [Diagnostic] = []
        func reading<T>(_ body: () throws -> T) throws -> T? {
            do {
                return try body()
            } catch let e as DiagnosticError {
                problems += e.diagnostics
                return nil
            }
        }
        let variables: [String]
        let read: RawData?
        switch spec.data.source {
        case .generate(let g):
            read = try reading { try PseudoData.generate(g, outputs: outputs) }
            variables = read?.variables ?? g.sampling.map(\.variable.value)
        case .csv(let source):
            variables = spec.inputs.rawVariables
            read = try reading {
                try readCSV(source, variables: variables, outputs: outputs, sigmaColumn: sigmaColumn, sources: sources)
            }
        case .none:
            // Observables only: no plain points.
            variables = spec.inputs.rawVariables
            read = RawData(variables: variables, columns: variables.map { _ in [] }, outputs: outputs,
                           targets: outputs.map { _ in [] }, origin: .generated)
        }
        var validationFile: RawData?
        if case .csv(let source)? = spec.data.validation {
            // The same columns as the training data (for generated data: the sampled variables).
            validationFile = try reading {
                try readCSV(source, variables: variables, outputs: outputs, sigmaColumn: sigmaColumn, sources: sources)
            }
        }
        guard let all = read, problems.isEmpty else {
            // The covariance matrix is read too when the points can be counted,
            // so one run reports the problems of every file.
            if read == nil, spec.training.loss.value.kind == .chi2,
               case .covariance(let matrix)? = spec.training.loss.value.chi2,
               case .csv(let train) = spec.data.source, let points = CSVHeader.countRows(train.resolvedPath)
            {
                _ = try reading {
                    try DataCovariance.readMatrix(
                        path: matrix.resolvedPath, points: points, outputs: outputs.count,
                        lossSpan: spec.training.loss.span, sources: sources)
                }
            }
            throw DiagnosticError(problems)
        }

        var rawTrain = all
        var rawValidation: RawData?
        // Positions in `all` of the training and validation points (covariance blocks).
        var trainIndices = Array(0..<all.count)
        var validationIndices: [Int]?
        switch spec.data.validation {
        case nil:
            break
        case .fraction?  where all.count == 0:
            // Observables only: the fraction splits each data set's points (PhysicsData).
            break
        case .fraction(let fraction, let seed)?:
            let split = DataSplit.indices(total: all.count, fraction: fraction.value, seed: seed.value)
            if split.train.isEmpty || split.validation.isEmpty {
                throw TrainError(Diagnostic(
                    .emptyDataSet, span: fraction.span,
                    message: "a validation fraction of \(fraction.value) leaves \(split.train.count) training and \(split.validation.count) validation points of \(all.count)",
                    notes: [DiagnosticNote("both sets need at least one point; choose a fraction such as 0.2 or add data")]))
            }
            rawTrain = all.subset(split.train)
            rawValidation = all.subset(split.validation)
            trainIndices = split.train
            validationIndices = split.validation
        case .csv?:
            rawValidation = validationFile
        }

        var covariances: (train: DataCovariance, validation: DataCovariance?)?
        // Observables carry their own covariances; plain points, when any, need σ.
        if spec.training.loss.value.kind == .chi2 && all.count > 0 {
            if case .covariance(let source)? = spec.training.loss.value.chi2 {
                covariances = try loadCovariance(
                    source, spec: spec, all: all, train: trainIndices, validation: validationIndices, sources: sources)
            } else {
                try checkSigmas(rawTrain, spec: spec)
                if let rawValidation { try checkSigmas(rawValidation, spec: spec) }
            }
        }
        var train = try DataSet.make(from: rawTrain, inputs: spec.inputs)
        var validation = try rawValidation.map { try DataSet.make(from: $0, inputs: spec.inputs) }
        if let covariances {
            // The covariance replaces any per-point σ (generated data's noise model).
            train.sigmas = nil
            train.covariance = covariances.train
            validation?.sigmas = nil
            validation?.covariance = covariances.validation
        }
        return TrainingData(rawTrain: rawTrain, rawValidation: rawValidation, train: train, validation: validation)
    }

    /// chi2 with a covariance matrix: reads the N×N matrix over every point of
    /// `all` (file order), and inverts the training block C_tt and the
    /// validation block C_vv. The loss couples every point, so it needs one
    /// batch of all training points, and a validation set no larger than that
    /// batch (evaluated in one piece) taken from the same file.
    static func loadCovariance(
        _ source: CSVSource, spec: Spec, all: RawData, train: [Int], validation: [Int]?, sources: SourceManager?
    ) throws -> (train: DataCovariance, validation: DataCovariance?) {
        let loss = spec.training.loss
        let usedHere = DiagnosticNote("the loss asks for the covariance matrix here", span: loss.span)
        if case .size(let n) = spec.training.batchSize.value, n < train.count {
            throw TrainError(Diagnostic(
                .covarianceMismatch, span: spec.training.batchSize.span,
                message: "chi2 with a covariance matrix needs one batch of all \(train.count) training points, found batch_size \(n)",
                notes: [DiagnosticNote("the covariance couples every point, so the loss is only defined on the whole set: use batch_size: full"), usedHere]))
        }
        if case .csv(let file)? = spec.data.validation {
            throw TrainError(Diagnostic(
                .covarianceMismatch, span: file.path.span,
                message: "chi2 with a covariance matrix cannot use a separate validation file; the matrix covers only data.train",
                notes: [DiagnosticNote("split the validation points off data.train instead: validation: {fraction: 0.2, seed: 1}"), usedHere]))
        }
        if case .fraction(let fraction, _)? = spec.data.validation, let validation, validation.count > train.count {
            throw TrainError(Diagnostic(
                .covarianceMismatch, span: fraction.span,
                message: "a validation fraction of \(fraction.value) leaves \(validation.count) validation points but \(train.count) training points; with a covariance matrix the validation set must not be larger",
                notes: [DiagnosticNote("the validation loss uses the covariance of all validation points at once, in one batch of the training size; choose a fraction up to 0.5"), usedHere]))
        }
        let outputs = all.outputs.count
        let matrix = try DataCovariance.readMatrix(
            path: source.resolvedPath, points: all.count, outputs: outputs, lossSpan: loss.span, sources: sources)
        func block(_ indices: [Int], _ name: String) throws -> DataCovariance {
            guard let c = DataCovariance.block(of: matrix, points: all.count, outputs: outputs, indices: indices) else {
                throw TrainError(Diagnostic(
                    .covarianceMismatch, span: .wholeFile(source.resolvedPath),
                    message: "the \(name) block of the covariance matrix '\(source.resolvedPath)' cannot be inverted in float32",
                    notes: [DiagnosticNote("the matrix is nearly singular; check for points that are copies of each other"), usedHere]))
            }
            return c
        }
        return (try block(train, "training"), try validation.map { try block($0, "validation") })
    }

    /// Reads the raw variables, the outputs and an optional uncertainty column of a CSV file.
    static func readCSV(
        _ source: CSVSource, variables: [String], outputs: [String], sigmaColumn: String?, sources: SourceManager?
    ) throws -> RawData {
        var names = variables
        for o in outputs where !names.contains(o) { names.append(o) }
        if let sigmaColumn, !names.contains(sigmaColumn) { names.append(sigmaColumn) }
        let table = try CSVTable.read(path: source.resolvedPath, columns: names, sources: sources)
        let targets = outputs.map { table.column($0)! }
        return RawData(
            variables: variables, columns: variables.map { table.column($0)! }, outputs: outputs, targets: targets,
            sigmas: sigmaColumn.map { c in outputs.map { _ in table.column(c)! } },
            origin: .file(path: source.resolvedPath, lines: table.lines))
    }

    /// chi2 divides by each point's uncertainty: it must be known and positive.
    static func checkSigmas(_ raw: RawData, spec: Spec) throws {
        let loss = spec.training.loss
        guard let sigmas = raw.sigmas else {
            throw TrainError(Diagnostic(
                .chi2UncertaintyInvalid, span: loss.span,
                message: "chi2 needs per-point uncertainties, and the data has none",
                notes: [DiagnosticNote("generated data gets them from 'noise:'; a CSV file from a column named by {chi2: {uncertainty: COLUMN}}")]))
        }
        for o in sigmas.indices {
            if let n = sigmas[o].indices.first(where: { !(sigmas[o][$0] > 0) || !Float(sigmas[o][$0]).isNormal }) {
                var notes = [DiagnosticNote("chi2 divides each residual by its uncertainty, so every uncertainty must be positive")]
                if let s = raw.span(ofPoint: n) { notes.append(DiagnosticNote("the point is here", span: s)) }
                if case .generated = raw.origin {
                    notes.append(DiagnosticNote("relative noise gives a zero uncertainty where the truth is zero; use absolute noise there"))
                }
                throw TrainError(Diagnostic(
                    .chi2UncertaintyInvalid, span: loss.span,
                    message: "the uncertainty of '\(raw.outputs[o])' is \(sigmas[o][n]) at \(raw.describePoint(n))",
                    notes: notes))
            }
        }
    }
}
