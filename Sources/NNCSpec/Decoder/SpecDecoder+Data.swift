import NNCDiagnostics
import NNCSyntax

/// `data:`: generated pseudo-data or a CSV file, and the validation set.
extension SpecDecoder {
    /// The data section as far as it decodes (parts that fail are poisoned);
    /// nil when it is not a mapping.
    mutating func decodeData(_ f: Field, rawInputs: [String]?, outputs: Features, specFile: String) -> DataSpec? {
        guard let d = fields(f, context: "in 'data'", known: ["generate", "train", "observables", "validation"], required: [],
                             example: "data: {train: {csv: data/train.csv}}")
        else { return nil }
        poisonUnwritten(d, required: [], under: "data")
        var before = errorCount
        var source: DataSource?
        if let g = d["generate"], let t = d["train"] {
            report(.conflictingKeys, t.anchor, "'generate' and 'train' are both given in 'data'",
                   label: "keep one of 'generate' and 'train'",
                   notes: ["the training points are either generated from a truth or read from a file, not both",
                           "'generate' is at \(g.anchor.start)"])
        } else if let g = d["generate"] {
            // decodeGenerate poisons the parts of generate that fail.
            source = decodeGenerate(g, rawInputs: rawInputs, outputs: outputs).map { .generate($0) }
            if source == nil { poison.insert("data.generate", span: g.entrySpan) }
            before = errorCount
        } else if let t = d["train"] {
            source = decodeCSV(t, file: specFile, columns: (rawInputs ?? []) + outputs.names, what: "training data").map { .csv($0) }
            poisonIfFailed("data.train", since: before, at: t.entrySpan)
            if source == nil {
                // A column already reported missing from another file fails without a new error.
                poison.insert("data.train", span: t.entrySpan)
                // The source is known to be a file; what it holds is not.
                source = .csv(CSVSource(path: Located("", span: t.entrySpan), resolvedPath: "", columns: nil))
            }
            before = errorCount
        } else if d.has("observables") {
            // Observables only: no plain data points.
            source = DataSource.none
        } else if d.meant.isDisjoint(with: ["generate", "train", "observables"])
                    && misplaced.isDisjoint(with: ["generate", "train"]) {
            report(.missingKey, d.anchor, "'data' needs 'generate', 'train' or 'observables'",
                   label: "no training data",
                   notes: ["read a file: train: {csv: data/train.csv}",
                           "or generate pseudo-data: generate: {truth: \"sin(x)\", x: {linspace: [0, 1], points: 100}}",
                           "or fit data sets seen through FK tables: observables: [...] (docs/physics.md)"])
        }
        if source == nil {
            // No source, or two: neither kind of data can be checked.
            poison.insert("data.generate", span: d.anchor)
            poison.insert("data.train", span: d.anchor)
        }
        var observables: [Observable] = []
        if let o = d["observables"] {
            observables = decodeObservables(o, rawInputs: rawInputs, outputs: outputs, specFile: specFile)
        }
        var validation: Validation?
        if let v = d["validation"] {
            before = errorCount
            validation = decodeValidation(v, file: specFile, columns: (rawInputs ?? []) + outputs.names)
            poisonIfFailed("data.validation", since: before, at: v.entrySpan)
            // `validation:` left empty means none; any other value that gave
            // no validation set failed (a column already reported missing
            // from the training file fails without a new error).
            if validation == nil, v.node.scalar?.isNull != true {
                poison.insert("data.validation", span: v.entrySpan)
            }
        }
        return DataSpec(source: source ?? .generate(Self.standInGenerate(span: f.node.span)), observables: observables,
                        validation: validation, span: f.node.span)
    }

    // MARK: CSV

    /// `{csv: path}`: resolves the path, reads the header, reports missing columns.
    mutating func decodeCSV(_ f: Field, file: String, columns needed: [String], what: String) -> CSVSource? {
        if let s = f.node.scalar, !s.isNull {
            wrongType(f, expected: "a mapping such as {csv: \(s.value)}",
                      fixIt: FixIt(span: f.node.reportSpan, replacement: "{csv: \(s.value)}", message: "replace with '{csv: \(s.value)}'"))
            return nil
        }
        guard let c = fields(f, context: "in '\(f.name)'", known: ["csv"], required: ["csv"],
                             example: "{csv: data/train.csv}"),
              let pathField = c["csv"], let path = string(pathField, expected: "the path of a CSV file")
        else { return nil }
        let resolved = Self.resolve(path.value, against: file)
        let source = CSVSource(path: path, resolvedPath: resolved, columns: nil)
        return readHeader(source, needed: needed, what: what)
    }

    /// Reads the header of a CSV file and checks the columns `needed` are there.
    /// With `dedupe`, a column already reported missing from another file
    /// (training and validation data) fails without a second report.
    mutating func readHeader(_ source: CSVSource, needed: [String], what: String, dedupe: Bool = true) -> CSVSource? {
        let path = source.path
        switch CSVHeader.read(source.resolvedPath) {
        case .failure(.unreadable(let reason)):
            report(.dataFileUnreadable, path.span, "cannot read the \(what) '\(path.value)': \(reason)",
                   label: "looked for \(source.resolvedPath)",
                   notes: ["a data path is relative to the folder of the spec file"])
            return nil
        case .failure(.empty):
            report(.badHeader, path.span, "the \(what) '\(path.value)' has no header line",
                   label: "expected a first line of column names",
                   notes: ["the first line names the columns, for example: x,y"])
            return nil
        case .failure(.emptyColumn(let i)):
            report(.badHeader, path.span, "column \(i) of the header of '\(path.value)' has no name",
                   label: "every column needs a name",
                   notes: ["the first line names the columns, for example: x,y"])
            return nil
        case .failure(.malformed(let problem)):
            report(.badHeader, path.span, "the header of the \(what) '\(path.value)' is not CSV: \(problem)",
                   label: "expected a first line of column names",
                   notes: ["the first line names the columns, separated by commas, for example: x,y"])
            return nil
        case .success(let header):
            let absent = needed.filter { !header.columns.contains($0) }
            if let other = header.otherDelimiter, absent.contains(where: other.fields.contains) {
                // One wrong separator, not a list of missing columns.
                reportedColumns.formUnion(absent)
                report(.wrongDelimiter, path.span, "the \(what) '\(path.value)' is separated by \(other.name), not by commas",
                       label: "its header reads as one column",
                       notes: ["split at \(other.name), the header has: " + other.fields.joined(separator: ", "), other.fixNote])
                return nil
            }
            // A name missing from the training file and from the validation
            // file is one mistake (usually in the name): reported once.
            let missing = dedupe ? absent.filter { !reportedColumns.contains($0) } : absent
            if dedupe { reportedColumns.formUnion(absent) }
            if !absent.isEmpty, missing.isEmpty { return nil }
            if !missing.isEmpty {
                let list = missing.map { "'\($0)'" }.joined(separator: ", ")
                var notes = ["columns in the file: " + header.columns.joined(separator: ", ")]
                for m in missing {
                    if let g = DidYouMean.suggestion(for: m, among: header.columns) {
                        notes.append("'\(m)' may be the column '\(g)'; names must match exactly")
                    }
                }
                report(.missingColumn, path.span,
                       "the \(what) '\(path.value)' has no column\(missing.count > 1 ? "s" : "") \(list)",
                       label: "missing \(list)", notes: notes)
                return nil
            }
            var out = source
            out.columns = header.columns
            return out
        }
    }

    // MARK: Validation

    mutating func decodeValidation(_ f: Field, file: String, columns: [String]) -> Validation? {
        if f.node.scalar?.isNull == true { return nil }
        if let s = f.node.scalar, Self.parseNumber(s.value) != nil {
            wrongType(f, expected: "a mapping such as {fraction: \(s.value)}",
                      fixIt: FixIt(span: f.node.reportSpan, replacement: "{fraction: \(s.value)}", message: "replace with '{fraction: \(s.value)}'"))
            return nil
        }
        guard let v = fields(f, context: "in 'validation'", known: ["fraction", "seed", "csv"], required: [],
                             example: "{fraction: 0.2, seed: 1}")
        else { return nil }
        if let c = v["csv"] {
            if let other = v["fraction"] ?? v["seed"] {
                report(.conflictingKeys, other.anchor, "'\(other.name)' and 'csv' are both given in 'validation'",
                       label: "a validation file is not split",
                       notes: ["use either {csv: data/val.csv} or {fraction: 0.2, seed: 1}"])
                return nil
            }
            guard let path = string(c, expected: "the path of a CSV file") else { return nil }
            let source = CSVSource(path: path, resolvedPath: Self.resolve(path.value, against: file), columns: nil)
            return readHeader(source, needed: columns, what: "validation data").map { .csv($0) }
        }
        guard let frac = v["fraction"] else {
            if !v.meant.isDisjoint(with: ["fraction", "csv"]) { return nil }
            report(.missingKey, v.anchor, "'validation' needs 'fraction' or 'csv'",
                   label: "no validation set described",
                   notes: ["split the training points: validation: {fraction: 0.2, seed: 1}",
                           "or read a file: validation: {csv: data/val.csv}"])
            return nil
        }
        guard let fraction = number(frac) else { return nil }
        let seed = v["seed"].flatMap { self.seed($0) } ?? Located(0, span: v.span)
        return .fraction(fraction, seed: seed)
    }

    // MARK: Generate

    static let samplingKeys = SamplingKind.allCases.map(\.rawValue) + ["points"]

    mutating func decodeGenerate(_ f: Field, rawInputs: [String]?, outputs: Features) -> Generate? {
        guard let entries = f.node.mapping else {
            if f.node.scalar?.isNull == true {
                missingValue(f, expected: "a mapping with 'truth' and one sampling per input")
            } else {
                wrongType(f, expected: "a mapping",
                          notes: ["for example: generate: {truth: \"sin(x)\", x: {linspace: [0, 1], points: 100}}"])
            }
            return nil
        }
        var fieldsByKey: [String: Field] = [:]
        var samplings: [Sampling] = []
        var meant: Set<String> = []
        let known = ["truth", "noise", "seed"]
        // `points: 200` beside the samplings instead of inside one.
        let loosePoints = entries.first { $0.key.scalar?.value == "points" }
        if let loose = loosePoints {
            poison.insert("data.generate.sampling", span: loose.key.reportSpan)
            let example = (rawInputs?.first ?? "x") + ": {linspace: [0, 1], points: \(loose.value.scalar?.value ?? "100")}"
            report(.unknownKey, loose.key.reportSpan, "'points' belongs inside the sampling of an input",
                   label: "move it into the input's sampling",
                   notes: ["each input has its own points: \(example)"])
        }
        // An expression split at its comma (`{truth: pow(x, 2)}`): the rest is
        // not a key, and the value before it is not what the user wrote.
        var split: Set<Int> = []
        for i in entries.indices where reportSplitExpression(entries, at: i) { split.insert(i) }
        for (i, entry) in entries.enumerated() {
            if split.contains(i) { continue }
            if split.contains(i + 1), let key = entry.key.scalar?.value {
                meant.insert(key)
                continue
            }
            guard let key = entry.key.scalar, !key.isNull else {
                report(.wrongType, entry.key.reportSpan, "expected a key name in 'generate', found \(Self.found(entry.key))",
                       label: "expected a name")
                continue
            }
            let field = Field(name: key.value, keySpan: entry.key.reportSpan, node: entry.value)
            if known.contains(key.value) {
                if fieldsByKey[key.value] == nil { fieldsByKey[key.value] = field }
                continue
            }
            // A key that is not truth/noise/seed is a sampling when it names a
            // raw input or its value looks like one; whether it names an input
            // is the checker's business (it can say which inputs lack one).
            let looksLikeSampling = entry.value.mapping?.contains {
                Self.samplingKeys.contains($0.key.scalar?.value ?? "")
            } ?? false
            if key.value == "points", loosePoints != nil { continue }
            if rawInputs?.contains(key.value) == true || looksLikeSampling {
                if samplings.contains(where: { $0.variable.value == key.value }) { continue }
                if let s = decodeSampling(field, pointsElsewhere: loosePoints != nil) {
                    samplings.append(s)
                } else {
                    // A sampling left out would show as an input without one.
                    poison.insert("data.generate.sampling", span: field.entrySpan)
                }
            } else {
                let guess = unknownKey(key.value, span: entry.key.reportSpan, context: "in 'generate'",
                                       known: known + (rawInputs ?? []))
                if let guess { meant.insert(guess) }
                // Anything else written here was most likely meant as a sampling.
                if guess.map({ !known.contains($0) }) ?? true {
                    poison.insert("data.generate.sampling", span: entry.key.reportSpan)
                }
            }
        }
        for key in meant where known.contains(key) && fieldsByKey[key] == nil {
            poison.insert("data.generate." + key, span: f.anchor)
        }
        let anchor = f.anchor
        var truths: [Truth] = []
        if let t = fieldsByKey["truth"] {
            let before = errorCount
            truths = decodeTruth(t, rawInputs: rawInputs, outputs: outputs)
            poisonIfFailed("data.generate.truth", since: before, at: t.entrySpan)
        } else {
            poison.insert("data.generate.truth", span: anchor)
            if !meant.contains("truth") {
                report(.missingKey, anchor, "missing required key 'truth' in 'generate'",
                       label: "'truth' is required here",
                       notes: ["the truth is the function the pseudo-data comes from, for example: truth: \"sin(x)\""])
            }
        }
        var noise: Located<Noise>?
        if let n = fieldsByKey["noise"] {
            let before = errorCount
            noise = decodeNoise(n)
            poisonIfFailed("data.generate.noise", since: before, at: n.entrySpan)
        }
        var seed = Located<UInt64>(0, span: f.node.span)
        if let s = fieldsByKey["seed"] {
            let before = errorCount
            seed = self.seed(s) ?? seed
            poisonIfFailed("data.generate.seed", since: before, at: s.entrySpan)
        }
        // Sampling in raw-input order; samplings of unknown names last, for the checker.
        let order = { (s: Sampling) in rawInputs?.firstIndex(of: s.variable.value) ?? Int.max }
        samplings = samplings.enumerated().sorted { (order($0.element), $0.offset) < (order($1.element), $1.offset) }.map(\.element)
        return Generate(truth: truths, sampling: samplings, noise: noise, seed: seed, span: f.node.span)
    }

    /// The truth of each output. Truths that do not match the outputs poison
    /// the truth (the caller's `poisonIfFailed`), not the outputs: the outputs
    /// are still what the network must produce, so a last layer of another
    /// width is a mistake of its own and is reported too (E0401 with E0508).
    mutating func decodeTruth(_ f: Field, rawInputs: [String]?, outputs: Features) -> [Truth] {
        func one(_ field: Field, output: String) -> Truth? {
            guard let text = string(field, expected: "an expression such as \"sin(x)\"") else { return nil }
            guard let e = expression(field.node, text: text.value, variables: rawInputs, role: "input") else { return nil }
            let span = field.node.aliasSpan == nil ? field.node.contentSpan : field.node.reportSpan
            return Truth(output: output, source: Located(text.value, span: span), expression: e)
        }
        guard outputs.count > 0 else { return [] }
        if let entries = f.node.mapping {
            var byOutput: [String: Truth] = [:]
            var split: Set<Int> = []
            for i in entries.indices where reportSplitExpression(entries, at: i) { split.insert(i) }
            let written = Set(entries.indices.filter { !split.contains($0) }.compactMap { entries[$0].key.scalar?.value })
            let unwritten = outputs.names.filter { !written.contains($0) }
            var misnamed = false
            for (i, entry) in entries.enumerated() {
                // A split expression is reported; its output is written, not judged.
                if split.contains(i) || split.contains(i + 1) { continue }
                guard let key = entry.key.scalar?.value else { continue }
                guard outputs.names.contains(key) else {
                    misnamed = true
                    let guess = DidYouMean.suggestion(for: key, among: unwritten)
                        ?? (unwritten.count == 1 ? unwritten[0] : nil)
                    report(.truthMismatch, entry.key.reportSpan, "a truth for '\(key)', which is not an output",
                           label: guess.map { "did you mean '\($0)'?" } ?? "not an output",
                           notes: ["the outputs are: " + outputs.names.joined(separator: ", ")]
                               + (unwritten.isEmpty || unwritten == outputs.names ? []
                                   : ["outputs without a truth: " + unwritten.joined(separator: ", ")]),
                           fixIt: guess.map { FixIt(span: entry.key.reportSpan, replacement: $0, message: "replace with '\($0)'") })
                    continue
                }
                if byOutput[key] != nil { continue }
                if let t = one(Field(name: key, keySpan: entry.key.reportSpan, node: entry.value), output: key) {
                    byOutput[key] = t
                }
            }
            // A truth under a wrong name already says which outputs lack one.
            let missing = unwritten
            if !missing.isEmpty, !misnamed {
                report(.truthMismatch, f.anchor,
                       "no truth for the output\(missing.count > 1 ? "s" : "") " + missing.map { "'\($0)'" }.joined(separator: ", "),
                       label: "every output needs a truth expression",
                       notes: ["write one expression per output: truth: {" + outputs.names.map { "\($0): \"...\"" }.joined(separator: ", ") + "}"])
            }
            return outputs.names.compactMap { byOutput[$0] }
        }
        if outputs.count > 1, f.node.scalar.map({ !$0.isNull }) == true {
            report(.truthMismatch, f.node.reportSpan, "one truth expression for \(outputs.count) outputs",
                   label: "expected one expression per output",
                   notes: ["write one expression per output: truth: {" + outputs.names.map { "\($0): \"...\"" }.joined(separator: ", ") + "}"])
            return []
        }
        return one(f, output: outputs.names[0]).map { [$0] } ?? []
    }

    mutating func decodeSampling(_ f: Field, pointsElsewhere: Bool = false) -> Sampling? {
        let variable = Located(f.name, span: f.keySpan ?? f.node.span)
        let example = "\(f.name): {linspace: [0, 1], points: 100}"
        guard let entries = f.node.mapping else {
            if f.node.scalar?.isNull == true {
                missingValue(f, expected: "a sampling such as {linspace: [0, 1], points: 100}")
            } else {
                wrongType(f, expected: "a sampling such as {linspace: [0, 1], points: 100}",
                          notes: ["each input is sampled on its own: \(example)"])
            }
            return nil
        }
        let kinds = SamplingKind.allCases.map(\.rawValue)
        var kindFields: [(SamplingKind, Field)] = []
        var pointsField: Field?
        var ok = true
        for entry in entries {
            guard let key = entry.key.scalar?.value else { ok = false; continue }
            let field = Field(name: key, keySpan: entry.key.reportSpan, node: entry.value)
            if key == "points" {
                if pointsField == nil { pointsField = field }
            } else if let k = SamplingKind(rawValue: key) {
                kindFields.append((k, field))
            } else {
                let guess = Self.guessWord(key, among: Self.samplingKeys)
                report(.unknownSampling, entry.key.reportSpan, "unknown sampling '\(key)' for '\(f.name)'",
                       label: guess.map { "did you mean '\($0)'?" } ?? "not a sampling",
                       notes: ["known samplings: " + kinds.joined(separator: ", ") + "; with 'points: N'"],
                       fixIt: guess.map { FixIt(span: entry.key.reportSpan, replacement: $0, message: "replace with '\($0)'") })
                ok = false
            }
        }
        if kindFields.count > 1 {
            report(.conflictingKeys, kindFields[1].1.anchor,
                   "'\(f.name)' has both '\(kindFields[0].0.rawValue)' and '\(kindFields[1].0.rawValue)'",
                   label: "keep one sampling", notes: ["each input is sampled one way: \(example)"])
            return nil
        }
        guard ok else { return nil }
        guard let (kind, rangeField) = kindFields.first.map({ ($0.0, $0.1) }) as (SamplingKind, Field)? else {
            report(.missingKey, variable.span, "no sampling for '\(f.name)'",
                   label: "expected linspace, logspace or uniform",
                   notes: ["for example: \(example)"])
            return nil
        }
        guard let pointsField else {
            if pointsElsewhere { return nil }
            report(.missingKey, variable.span, "missing required key 'points' for '\(f.name)'",
                   label: "how many points to sample", notes: ["for example: \(example)"])
            return nil
        }
        let points = integer(pointsField)
        var bounds: [Located<Double>] = []
        if let items = rangeField.node.sequence, items.count == 2 {
            bounds = items.compactMap { number(Field(name: kind.rawValue, keySpan: nil, node: $0)) }
        } else {
            wrongType(rangeField, expected: "a list of two numbers [low, high]",
                      notes: ["for example: \(example)"])
        }
        guard let points, bounds.count == 2 else { return nil }
        return Sampling(variable: variable, kind: Located(kind, span: rangeField.keySpan ?? rangeField.node.span),
                        lower: bounds[0], upper: bounds[1], points: points, span: f.node.span)
    }

    private mutating func decodeNoise(_ f: Field) -> Located<Noise>? {
        if f.node.scalar?.isNull == true { return nil }
        guard let entries = f.node.mapping else {
            let v = f.node.scalar?.value ?? "0.05"
            wrongType(f, expected: "a mapping such as {relative: \(v)}",
                      notes: ["noise is relative to the truth ({relative: 0.05}) or absolute ({absolute: 0.01})"])
            return nil
        }
        var found: [(NoiseKind, Field)] = []
        var ok = true
        for entry in entries {
            guard let key = entry.key.scalar?.value else { ok = false; continue }
            guard let k = NoiseKind(rawValue: key) else {
                let known = NoiseKind.allCases.map(\.rawValue)
                let guess = Self.guessWord(key, among: known)
                report(.unknownNoise, entry.key.reportSpan, "unknown noise '\(key)'",
                       label: guess.map { "did you mean '\($0)'?" } ?? "not a kind of noise",
                       notes: ["known noise: relative (sigma = s * |truth|), absolute (sigma = s)"],
                       fixIt: guess.map { FixIt(span: entry.key.reportSpan, replacement: $0, message: "replace with '\($0)'") })
                ok = false
                continue
            }
            found.append((k, Field(name: key, keySpan: entry.key.reportSpan, node: entry.value)))
        }
        if found.count > 1 {
            report(.conflictingKeys, found[1].1.anchor, "noise is both '\(found[0].0.rawValue)' and '\(found[1].0.rawValue)'",
                   label: "keep one", notes: ["noise is either {relative: s} or {absolute: s}"])
            return nil
        }
        guard ok else { return nil }
        guard let (kind, field) = found.first.map({ ($0.0, $0.1) }) as (NoiseKind, Field)? else {
            report(.missingKey, f.anchor, "'noise' needs 'relative' or 'absolute'",
                   label: "no noise described", notes: ["for example: noise: {relative: 0.05}"])
            return nil
        }
        guard let scale = number(field) else { return nil }
        return Located(Noise(kind: kind, scale: scale.value), span: scale.span)
    }
}
