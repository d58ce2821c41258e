import NNCDiagnostics
import NNCSyntax

/// `data.observables`: data sets seen through FK tables.
///
/// Poisoning: `data.observables` when the value is not a list of data sets;
/// `data.observables.list` when some item failed (it is left out, so the list
/// is incomplete). Rules that judge each data set on its own read
/// `data.observables.items`; rules that need every data set read
/// `data.observables.list` too.
extension SpecDecoder {
    static let observableKeys = ["name", "grid", "fktable", "values", "covariance", "uncertainty"]
    static let observableExample = "- {name: F2, grid: F2-grid.csv, fktable: F2-fk.csv, values: {csv: F2-data.csv, column: value}, covariance: F2-cov.csv}"

    /// The data sets that decoded, in order.
    mutating func decodeObservables(_ f: Field, rawInputs: [String]?, outputs: Features, specFile: String) -> [Observable] {
        guard let items = list(f, expected: "a list of data sets", example: Self.observableExample, path: "data.observables")
        else { return [] }
        var out: [Observable] = []
        for (i, item) in items.enumerated() {
            let before = errorCount
            let o = decodeObservable(item, index: i, rawInputs: rawInputs, outputs: outputs, specFile: specFile)
            if let o, errorCount == before {
                out.append(o)
            } else {
                poison.insert("data.observables.list", span: item.span)
            }
        }
        return out
    }

    /// A list under `f`; nil after reporting (and poisoning `path`) when it is
    /// not a non-empty list.
    mutating func list(_ f: Field, expected: String, example: String, path: String) -> [Node]? {
        switch f.node.kind {
        case .sequence(let items) where !items.isEmpty:
            return items
        case .sequence:
            report(.badCount, f.node.reportSpan, "'\(f.name)' is empty",
                   label: "expected at least one item", notes: ["for example:\n\(f.name):\n  \(example)", "or leave '\(f.name)' out"])
        case .scalar(let s) where s.isNull:
            missingValue(f, expected: expected)
        default:
            wrongType(f, expected: expected, notes: ["each item is a list entry starting with '- ', for example:\n\(f.name):\n  \(example)"])
        }
        poison.insert(path, span: f.entrySpan)
        return nil
    }

    private mutating func decodeObservable(
        _ node: Node, index: Int, rawInputs: [String]?, outputs: Features, specFile: String
    ) -> Observable? {
        let f = Field(name: "data set \(index + 1)", keySpan: nil, node: node)
        guard node.mapping != nil else {
            wrongType(f, expected: "a data set such as {name: F2, grid: ..., fktable: ..., values: ..., covariance: ...}",
                      notes: ["each data set is a mapping: '- name: F2' followed by its keys, indented to line up with 'name'"])
            return nil
        }
        let anchor = node.mapping?.first?.key.reportSpan ?? node.span
        let context = "in data set \(index + 1) of 'observables'"
        guard let o = fields(f, context: context, known: Self.observableKeys,
                             required: ["name", "grid", "fktable", "values"], anchor: anchor)
        else { return nil }
        let name = o["name"].flatMap { setName($0, what: "data set") }
        let label = name.map { "'\($0.value)'" } ?? "data set \(index + 1)"
        let grid = o["grid"].flatMap { path in
            filePath(path, specFile: specFile).flatMap { source in
                readHeader(CSVSource(path: source.path, resolvedPath: source.resolvedPath, columns: nil),
                           needed: rawInputs ?? [], what: "grid file", dedupe: false)
                    .map { FileSource(path: $0.path, resolvedPath: $0.resolvedPath) }
            }
        }
        let fktable = o["fktable"].flatMap { existingFile($0, specFile: specFile, what: "FK table") }
        let values = o["values"].flatMap { decodeObservableValues($0, rawInputs: rawInputs, outputs: outputs, specFile: specFile) }
        var uncertainty: ObservableUncertainty?
        switch (o["covariance"], o["uncertainty"]) {
        case (let c?, let u?):
            report(.conflictingKeys, u.anchor, "\(label) has both 'covariance' and 'uncertainty'",
                   label: "keep one",
                   notes: ["a covariance matrix: covariance: F2-cov.csv",
                           "or one standard deviation a point: uncertainty: {csv: F2-data.csv, column: error}",
                           "'covariance' is at \(c.anchor.start)"])
        case (let c?, nil):
            uncertainty = existingFile(c, specFile: specFile, what: "covariance matrix").map { .covariance($0) }
        case (nil, let u?):
            uncertainty = columnFile(u, specFile: specFile, what: "uncertainty file",
                                     example: "{csv: F2-data.csv, column: error}").map { .column($0.0, column: $0.1) }
        case (nil, nil):
            if o.meant.isDisjoint(with: ["covariance", "uncertainty"]) {
                report(.missingKey, o.anchor, "\(label) needs 'covariance' or 'uncertainty'",
                       label: "no experimental uncertainties",
                       notes: ["a covariance matrix (headerless CSV or .npy, N_data × N_data): covariance: F2-cov.csv",
                               "or one standard deviation a point: uncertainty: {csv: F2-data.csv, column: error}"])
            }
        }
        guard let name, let grid, let fktable, let values, let uncertainty else { return nil }
        return Observable(name: name, grid: grid, fktable: fktable, values: values, uncertainty: uncertainty, span: node.span)
    }

    /// `values: {csv: FILE, column: NAME}` or `values: {truth: EXPR, level: 0|1, seed: N}`.
    private mutating func decodeObservableValues(
        _ f: Field, rawInputs: [String]?, outputs: Features, specFile: String
    ) -> ObservableValues? {
        let example = "{csv: F2-data.csv, column: value} or {truth: \"x^0.5 * (1 - x)^3\", level: 1}"
        let fileKeyNames = ["csv", "column", "truth_column"]
        if let s = f.node.scalar, !s.isNull {
            wrongType(f, expected: "a mapping such as {csv: \(s.value), column: value}",
                      notes: ["central values from a file: \(f.name): {csv: \(s.value), column: value}",
                              "or closure pseudo-data from a truth: \(f.name): {truth: \"...\", level: 1, seed: 7}"])
            return nil
        }
        guard let v = fields(f, context: "in 'values'", known: fileKeyNames + ["truth", "level", "seed"], required: [],
                             example: example)
        else { return nil }
        let fileKeys = fileKeyNames.filter { v.has($0) }
        let truthKeys = ["truth", "level", "seed"].filter { v.has($0) }
        if let file = fileKeys.first, let truth = truthKeys.first {
            report(.conflictingKeys, v[truth]!.anchor, "'values' has both '\(file)' and '\(truth)'",
                   label: "keep one kind of values",
                   notes: ["central values from a file: {csv: F2-data.csv, column: value}",
                           "or closure pseudo-data from a truth: {truth: \"...\", level: 1, seed: 7}"])
            return nil
        }
        if !fileKeys.isEmpty {
            let truth = v["truth_column"].flatMap { string($0, expected: "a column name") }
            guard let (file, column) = columnFile(v, specFile: specFile, what: "values file",
                                                  also: truth.map { [$0.value] } ?? [])
            else { return nil }
            return .csv(file, column: column, truth: truth)
        }
        guard let t = v["truth"] else {
            if v.meant.isDisjoint(with: ["csv", "column", "truth"]) {
                report(.missingKey, v.anchor, "'values' needs 'csv' and 'column', or 'truth'",
                       label: "no central values",
                       notes: ["central values from a file: values: {csv: F2-data.csv, column: value}",
                               "or closure pseudo-data from a truth: values: {truth: \"x^0.5 * (1 - x)^3\", level: 1, seed: 7}"])
            }
            return nil
        }
        let before = errorCount
        let truths = decodeTruth(t, rawInputs: rawInputs, outputs: outputs)
        let level = v["level"].flatMap { integer($0) } ?? Located(1, span: f.node.span)
        let seed = v["seed"].flatMap { self.seed($0) } ?? Located(0, span: f.node.span)
        guard errorCount == before, truths.count == outputs.count else { return nil }
        return .truth(truths, level: level, seed: seed, span: f.node.span)
    }

    /// `{csv: FILE, column: NAME}`: the file's header must have the column.
    private mutating func columnFile(
        _ f: Field, specFile: String, what: String, example: String
    ) -> (FileSource, Located<String>)? {
        if let s = f.node.scalar, !s.isNull {
            wrongType(f, expected: "a mapping such as \(example)")
            return nil
        }
        guard let c = fields(f, context: "in '\(f.name)'", known: ["csv", "column"], required: ["csv", "column"],
                             example: example)
        else { return nil }
        return columnFile(c, specFile: specFile, what: what)
    }

    /// The `csv` and `column` of mapping `c` (whose keys are checked already).
    /// `also` names more columns the file's header must have.
    private mutating func columnFile(
        _ c: Fields, specFile: String, what: String, also: [String] = []
    ) -> (FileSource, Located<String>)? {
        guard let pathField = c["csv"], let columnField = c["column"] else {
            let missing = ["csv", "column"].filter { !c.has($0) && !c.meant.contains($0) }
            if !missing.isEmpty {
                report(.missingKey, c.anchor, "missing required key\(missing.count > 1 ? "s" : "") \(Self.quotedList(missing)) in '\(what)'",
                       label: "a file and its column", notes: ["for example: {csv: F2-data.csv, column: value}"])
            }
            return nil
        }
        let column = string(columnField, expected: "a column name")
        guard let source = filePath(pathField, specFile: specFile), let column else { return nil }
        let csv = readHeader(CSVSource(path: source.path, resolvedPath: source.resolvedPath, columns: nil),
                             needed: [column.value] + also, what: what, dedupe: false)
        return csv.map { (FileSource(path: $0.path, resolvedPath: $0.resolvedPath), column) }
    }

    /// A path written in the spec, resolved against the spec's folder.
    mutating func filePath(_ f: Field, specFile: String) -> FileSource? {
        guard let path = string(f, expected: "the path of a file") else { return nil }
        return FileSource(path: path, resolvedPath: Self.resolve(path.value, against: specFile))
    }

    /// A path to a file that must exist now (its contents are read by the
    /// data stage: `nnc build --data`, `nnc lint --data`, training).
    mutating func existingFile(_ f: Field, specFile: String, what: String) -> FileSource? {
        guard let source = filePath(f, specFile: specFile) else { return nil }
        if let problem = DataFile.problem(source.resolvedPath) {
            report(.dataFileUnreadable, source.path.span, "cannot read the \(what) '\(source.path.value)': \(problem.reason)",
                   label: "looked for \(source.resolvedPath)",
                   notes: ["a data path is relative to the folder of the spec file"])
            return nil
        }
        return source
    }

    /// The name of a data set or a constraint: it labels the set in reports
    /// and in `expect: {constraints: {NAME: ...}}`, so it is a plain name.
    mutating func setName(_ f: Field, what: String) -> Located<String>? {
        plainName(f, what: what, why: "a \(what) name labels it in reports and under 'expect', so it holds no dots, spaces or slashes")
    }
}
