import NNCDiagnostics
import NNCSyntax

/// `training:`: loss, optimizer, batches, epochs, stopping, seed, replicas.
extension SpecDecoder {
    static let trainingKeys = ["loss", "optimizer", "batch_size", "epochs", "stopping", "keep", "seed", "replicas", "constraints"]

    /// The training section as far as it decodes (each key that fails is
    /// poisoned and holds its default); nil when it is not a mapping.
    mutating func decodeTraining(_ f: Field, data: DataSpec?, rawInputs: [String]?, specFile: String) -> Training? {
        let required = ["loss", "optimizer", "epochs"]
        guard let t = fields(f, context: "in 'training'", known: Self.trainingKeys, required: required,
                             example: "training: {loss: mse, optimizer: adam, epochs: 1000}")
        else { return nil }
        poisonUnwritten(t, required: required, under: "training")
        let span = f.node.span
        // Decodes one key, poisoning it when it reported an error.
        func key<T>(_ key: String, _ decode: (inout SpecDecoder, Field) -> T?) -> T? {
            guard let field = t[key] else { return nil }
            let before = errorCount
            let value = decode(&self, field)
            poisonIfFailed("training." + key, since: before, at: field.entrySpan)
            poisonIfSyntaxError("training." + key, inside: field.entrySpan)
            return value
        }
        let loss = key("loss") { $0.decodeLoss($1, data: data, specFile: specFile) } ?? Located(Loss(.mse), span: span)
        let writtenEpochs = key("epochs") { $0.integer($1) }
        let epochs = writtenEpochs ?? Located(1, span: span)
        let decoded = key("optimizer") { $0.decodeOptimizer($1, epochs: writtenEpochs?.value) }
        let optimizer = decoded?.optimizer ?? Located(Optimizer(.adam), span: span)
        let batchSize = key("batch_size") { $0.decodeBatchSize($1) } ?? Located(BatchSize.full, span: span)
        var restoreBest: Located<Bool>?
        let stopping = key("stopping") { $0.decodeStopping($1, restoreBest: &restoreBest) }
        let keep = key("keep") { $0.decodeKeep($1) }
        let seed = key("seed") { $0.seed($1) } ?? Located(0, span: span)
        let replicas = key("replicas") { $0.integer($1) } ?? Located(1, span: span)
        var training = Training(loss: loss, optimizer: optimizer, batchSize: batchSize, epochs: epochs,
                                stopping: stopping, seed: seed, replicas: replicas, span: span)
        training.optimizerSpans = decoded?.spans ?? ParameterSpans()
        if let (schedule, spans) = decoded?.schedule {
            training.schedule = schedule
            training.scheduleSpans = spans
        }
        if let chosen = keep ?? restoreBest.map({ Located($0.value ? KeepWeights.best : .last, span: $0.span) }) {
            training.keep = chosen
        }
        if let keep, let restoreBest, (keep.value == .best) != restoreBest.value {
            report(.conflictingKeys, restoreBest.span,
                   "'stopping.restore_best: \(restoreBest.value)' contradicts 'keep: \(keep.value.rawValue)'",
                   label: "the older spelling of keep", notes: ["'keep' is at \(keep.span.start)", "write only 'keep: best' or 'keep: last'"])
        }
        // decodeConstraints poisons what fails.
        training.constraints = t["constraints"].map { decodeConstraints($0, rawInputs: rawInputs) } ?? []
        return training
    }

    /// `keep: best | last`.
    private mutating func decodeKeep(_ f: Field) -> Located<KeepWeights>? {
        guard let s = scalar(f, expected: "'best' or 'last'") else { return nil }
        if let k = KeepWeights(rawValue: s.value) { return Located(k, span: f.node.reportSpan) }
        let known = KeepWeights.allCases.map(\.rawValue)
        let guess = Self.guessWord(s.value, among: known)
        report(.wrongType, f.node.reportSpan, "expected 'best' or 'last' for 'keep', found \(Self.found(f.node))",
               label: guess.map { "did you mean '\($0)'?" } ?? "expected 'best' or 'last'",
               notes: ["'best' keeps the weights of the epoch with the lowest validation loss; 'last' those of the last epoch"],
               fixIt: guess.map { FixIt(span: f.node.reportSpan, replacement: $0, message: "replace with '\($0)'") })
        return nil
    }

    private mutating func decodeLoss(_ f: Field, data: DataSpec?, specFile: String) -> Located<Loss>? {
        guard let w = word(f, kind: "loss", example: "mse") else { return nil }
        guard let kind = lookup(w.name, as: LossKind.self, code: .unknownLoss, kind: "loss", plural: "losses")
        else { return nil }
        switch kind {
        case .huber:
            let p = parameters(w, of: kind)
            let delta = p["delta"].flatMap { number($0) }
            return Located(Loss(.huber, delta: delta?.value), span: w.span)
        case .chi2:
            let p = parameters(w, of: kind)
            if let u = p["uncertainty"], let c = p["covariance"] {
                report(.conflictingKeys, c.anchor, "chi2 has both 'uncertainty' and 'covariance'",
                       label: "keep one", notes: ["per-point uncertainties: {chi2: {uncertainty: dy}}",
                                                  "a covariance matrix: {chi2: {covariance: cov.csv}}",
                                                  "'uncertainty' is at \(u.anchor.start)"])
                return nil
            }
            if let u = p["uncertainty"] {
                guard let column = string(u, expected: "a column name") else { return nil }
                // The column must be in the training file; generated data is the checker's case.
                if case .csv(let csv)? = data?.source, let columns = csv.columns, !columns.contains(column.value) {
                    let guess = DidYouMean.suggestion(for: column.value, among: columns)
                    report(.missingColumn, column.span,
                           "the training data '\(csv.path.value)' has no column '\(column.value)' for the uncertainties",
                           label: guess.map { "did you mean '\($0)'?" } ?? "not a column of the training data",
                           notes: ["columns in the file: " + columns.joined(separator: ", ")],
                           fixIt: guess.map { FixIt(span: column.span, replacement: $0, message: "replace with '\($0)'") })
                    return nil
                }
                return Located(Loss(.chi2, chi2: .column(column)), span: w.span)
            }
            if let c = p["covariance"] {
                guard let path = string(c, expected: "the path of a CSV file") else { return nil }
                let resolved = Self.resolve(path.value, against: specFile)
                // The matrix itself (its shape needs the data) is read when training,
                // or by `nnc lint --data`; here only that it can be read.
                if let problem = DataFile.problem(resolved) {
                    report(.dataFileUnreadable, path.span, "cannot read the covariance matrix '\(path.value)': \(problem.reason)",
                           label: "looked for \(resolved)",
                           notes: ["a data path is relative to the folder of the spec file"])
                    return nil
                }
                return Located(Loss(.chi2, chi2: .covariance(CSVSource(path: path, resolvedPath: resolved, columns: nil))),
                               span: w.span)
            }
            return Located(Loss(.chi2), span: w.span)
        default:
            _ = parameters(w, of: kind)
            return Located(Loss(kind), span: w.span)
        }
    }

    /// The optimiser with every parameter the spec wrote (the rest defaulted)
    /// and where each was written; a `learning_rate` written as a mapping is
    /// a schedule, whose initial rate is the optimiser's.
    private mutating func decodeOptimizer(_ f: Field, epochs: Int?) -> (
        optimizer: Located<Optimizer>, spans: ParameterSpans, schedule: (Located<LearningRateSchedule>, ParameterSpans)?
    )? {
        guard let w = word(f, kind: "optimizer", example: "{adam: {learning_rate: 1.0e-3}}") else { return nil }
        guard let kind = lookup(w.name, as: OptimizerKind.self, code: .unknownOptimizer,
                                kind: "optimizer", plural: "optimizers")
        else { return nil }
        let p = parameters(w, of: kind)
        var field = p
        var scheduleField: Field?
        if let rate = p["learning_rate"], rate.node.mapping != nil {
            scheduleField = rate
            field["learning_rate"] = nil
        } else if let rate = p["learning_rate"], let s = rate.node.scalar, s.style == .plain, Double(s.value) == nil,
                  let kind = ScheduleKind(rawValue: s.value) ?? Self.guessWord(s.value, among: ScheduleKind.names).flatMap(ScheduleKind.init) {
            // A schedule's name alone (`learning_rate: cosine`).
            let required = kind.parameters.filter(\.required).map { "\($0.name): ..." }
            let written = "{\(kind.rawValue): {\(required.joined(separator: ", "))}}"
            let exact = kind.rawValue == s.value
            report(.wrongType, rate.node.reportSpan,
                   exact ? "'\(s.value)' is a learning-rate schedule: 'learning_rate' takes it as a mapping"
                         : "expected a number or a learning-rate schedule for 'learning_rate', found '\(s.value)'",
                   label: exact ? "expected {\(kind.rawValue): {...}}" : "did you mean the \(kind.rawValue) schedule?",
                   notes: ["write learning_rate: \(written); \(kind.rawValue) takes: " + kind.parameters.map(\.name).joined(separator: ", ")],
                   fixIt: required.isEmpty ? FixIt(span: rate.node.reportSpan, replacement: "{\(kind.rawValue): {}}",
                                                    message: "replace with '{\(kind.rawValue): {}}'") : nil)
            return nil
        }
        var (values, spans) = parameterValues(field, of: kind)
        var schedule: (Located<LearningRateSchedule>, ParameterSpans)?
        if let scheduleField {
            let defaultRate = Optimizer(kind).learningRate
            guard let decoded = decodeSchedule(scheduleField, learningRate: defaultRate, epochs: epochs) else { return nil }
            schedule = decoded
            values["learning_rate"] = decoded.0.value.initial
            spans["learning_rate"] = decoded.1["initial"] ?? scheduleField.node.reportSpan
        }
        return (Located(Optimizer(kind, values: values), span: w.span), spans, schedule)
    }

    /// The values of a word's parameters as the spec writes them (flags as 1
    /// or 0, whole numbers checked as such) and where each was written.
    private mutating func parameterValues<W: VocabularyWord>(_ p: [String: Field], of kind: W) -> ([String: Double], ParameterSpans) {
        var values: [String: Double] = [:]
        var spans = ParameterSpans()
        for parameter in kind.parameters {
            guard let field = p[parameter.name] else { continue }
            switch parameter.kind {
            case .flag: values[parameter.name] = bool(field).map { $0.value ? 1 : 0 }
            case .integer: values[parameter.name] = integer(field).map { Double($0.value) }
            case .number, .text: values[parameter.name] = number(field)?.value
            }
            spans[parameter.name] = field.node.reportSpan
        }
        return (values, spans)
    }

    /// `learning_rate: {exponential: {initial: 1.0e-3, decay_rate: 0.5, decay_epochs: 1000}}`
    /// and the other schedules of `ScheduleKind`; a parameter without a
    /// default that is not written is E0101 at the schedule's name.
    private mutating func decodeSchedule(_ f: Field, learningRate: Double, epochs: Int?)
        -> (Located<LearningRateSchedule>, ParameterSpans)?
    {
        let example = "{exponential: {initial: 1.0e-3, decay_rate: 0.5, decay_epochs: 1000}}"
        guard let w = word(f, kind: "learning-rate schedule", example: example) else { return nil }
        guard let kind = lookup(w.name, as: ScheduleKind.self, code: .unknownSchedule,
                                kind: "learning-rate schedule", plural: "learning-rate schedules")
        else { return nil }
        let p = parameters(w, of: kind)
        // A parameter written under another name (`gamma` for `factor`) was
        // reported as that, with its fix; it is not missing as well.
        let allowed = kind.parameters.map(\.name)
        let meant = Set((w.parameters?.node.mapping ?? []).compactMap { entry in
            entry.key.scalar.flatMap { allowed.contains($0.value) ? nil : Self.guessParameter($0.value, among: allowed) }
        })
        let missing = kind.parameters.filter { $0.required && p[$0.name] == nil && !meant.contains($0.name) }.map(\.name)
        if !missing.isEmpty {
            let list = Self.quotedList(missing)
            let all = kind.parameters.map { "\($0.name): ..." }.joined(separator: ", ")
            report(.missingKey, w.name.span, "the \(kind.rawValue) schedule needs \(list)",
                   label: missing.count == 1 ? "\(list) is required here" : "\(list) are required here",
                   notes: ["write {\(kind.rawValue): {\(all)}}; initial defaults to the optimizer's learning rate"])
            return nil
        }
        if !meant.isEmpty { return nil }
        let before = errorCount
        let (values, spans) = parameterValues(p, of: kind)
        guard errorCount == before else { return nil }
        let schedule = LearningRateSchedule(kind, values: values, learningRate: learningRate, trainingEpochs: max(epochs ?? 1, 1))
        return (Located(schedule, span: w.span), spans)
    }

    private mutating func decodeBatchSize(_ f: Field) -> Located<BatchSize>? {
        guard let s = scalar(f, expected: "'full' or a positive integer") else { return nil }
        if s.style == .plain, s.value == "full" { return Located(.full, span: f.node.reportSpan) }
        if s.style == .plain, Self.parseNumber(s.value) != nil {
            return integer(f).map { Located(.size($0.value), span: $0.span) }
        }
        if s.style != .plain, s.value == "full" || Self.parseNumber(s.value) != nil {
            report(.wrongType, f.node.reportSpan, "expected 'full' or a positive integer for 'batch_size', found \(Self.found(f.node))",
                   label: "expected 'full' or a number", notes: ["quotes make a value a string"],
                   fixIt: FixIt(span: f.node.reportSpan, replacement: s.value, message: "remove the quotes"))
            return nil
        }
        let guess = Self.guessWord(s.value, among: ["full"])
        report(.wrongType, f.node.reportSpan, "expected 'full' or a positive integer for 'batch_size', found \(Self.found(f.node))",
               label: guess.map { _ in "did you mean 'full'?" } ?? "expected 'full' or a number",
               notes: ["'full' trains on every point at each step; a number gives mini-batches of that size"],
               fixIt: guess.map { FixIt(span: f.node.reportSpan, replacement: $0, message: "replace with '\($0)'") })
        return nil
    }

    /// `stopping:`; `restore_best`, the older spelling of `training.keep`, goes to `restoreBest`.
    private mutating func decodeStopping(_ f: Field, restoreBest: inout Located<Bool>?) -> Located<Stopping>? {
        if f.node.scalar?.isNull == true { return nil }
        if let s = f.node.scalar, Self.parseNumber(s.value) != nil {
            wrongType(f, expected: "a mapping such as {patience: \(s.value)}",
                      fixIt: FixIt(span: f.node.reportSpan, replacement: "{patience: \(s.value)}", message: "replace with '{patience: \(s.value)}'"))
            return nil
        }
        guard let s = fields(f, context: "in 'stopping'", known: ["patience", "restore_best", "min_delta"],
                             required: ["patience"], example: "{patience: 100, min_delta: 0}"),
              let patience = s["patience"].flatMap({ integer($0) })
        else { return nil }
        restoreBest = s["restore_best"].flatMap { bool($0) }
        let minDelta = s["min_delta"].flatMap { number($0) }?.value ?? 0
        var stopping = Stopping(patience: patience.value, minDelta: minDelta)
        for key in s.order { stopping.spans[key] = s[key]?.node.reportSpan }
        return Located(stopping, span: f.node.span)
    }
}
