import Foundation
import NNCDiagnostics

/// The data stage of `data.observables`: reads each observable's grid, FK
/// table, values and uncertainties through the one reader (NNCFiles), checks
/// that they fit together, and returns them as `LoadedObservable`s.
///
/// The one place these files are judged: `nnc build --data` and
/// `nnc lint --data` report what `check` finds, and training loads through
/// `loadAll`, so both say the same thing about the same file. Every problem
/// is a diagnostic at the file's line and column (CSV) or at the file with a
/// byte offset (`.npy`), with a note pointing at the spec line that names the
/// file; the text of a CSV file with a problem is added to `sources`, so the
/// diagnostic shows the line. All problems of all files are reported at once.
///
/// What is checked:
/// - each file exists and parses (CSV with a header for the grid and the
///   value/uncertainty columns; headerless CSV or `.npy` for the FK table and
///   the covariance), every entry finite;
/// - the grid has a column per raw input; N_grid is its row count;
/// - N_data is the values' row count (`values: {csv}`), else the FK table's;
/// - the FK table is N_data × (N_out·N_grid) (E0719);
/// - the covariance is N_data × N_data (E0719), symmetric to a relative 1e-8,
///   with positive variances, and positive definite: Cholesky in Double
///   names the first failing pivot (E0718);
/// - an uncertainty column has N_data rows (E1014) of positive σ (E0710);
/// - with preprocessing, every grid value of its input lies in its domain
///   (E1003, once per grid file); a truth is finite at every grid point (E1012).
public enum ObservableFiles {
    /// Reads and checks the files of one observable of `spec`. Throws a
    /// `DiagnosticError` with every problem found in them.
    public static func load(_ observable: Observable, spec: Spec, sources: SourceManager? = nil) throws -> LoadedObservable {
        var reader = Reader(spec: spec, sources: sources)
        guard let loaded = reader.load(observable), reader.problems.isEmpty else { throw DiagnosticError(reader.problems) }
        return loaded
    }

    /// Every observable of `spec`, in order. Throws a `DiagnosticError` with
    /// the problems of all of them.
    public static func loadAll(spec: Spec, sources: SourceManager? = nil) throws -> [LoadedObservable] {
        var reader = Reader(spec: spec, sources: sources)
        let loaded = spec.data.observables.compactMap { reader.load($0) }
        guard reader.problems.isEmpty, loaded.count == spec.data.observables.count else {
            throw DiagnosticError(reader.problems)
        }
        return loaded
    }

    /// The problems of every observable's files; empty when they all load.
    public static func check(spec: Spec, sources: SourceManager? = nil) -> [Diagnostic] {
        do {
            _ = try loadAll(spec: spec, sources: sources)
            return []
        } catch let e as DiagnosticError {
            return e.diagnostics
        } catch {
            return [Diagnostic(.runDataUnreadable, span: spec.data.span, message: "cannot load the observables: \(error)")]
        }
    }

    /// One pass over the observables of a spec, collecting problems.
    struct Reader {
        let spec: Spec
        let sources: SourceManager?
        var problems: [Diagnostic] = []
        /// Grid files whose points were judged against the preprocessing domain already.
        var domainChecked: Set<String> = []
        /// Grid files whose derived inputs were checked already.
        var derivedChecked: Set<String> = []

        init(spec: Spec, sources: SourceManager?) {
            self.spec = spec
            self.sources = sources
        }

        mutating func reading<T>(_ body: () throws -> T) -> T? {
            do {
                return try body()
            } catch let e as DiagnosticError {
                problems += e.diagnostics
                return nil
            } catch {
                return nil
            }
        }

        static func named(_ o: Observable, _ file: FileSource, key: String) -> DiagnosticNote {
            DiagnosticNote("'\(o.name.value)' names it as '\(key)' here", span: file.path.span)
        }

        mutating func load(_ o: Observable) -> LoadedObservable? {
            let before = problems.count
            let sources = self.sources
            let variables = spec.inputs.rawVariables
            let outputs = spec.outputs.count
            let name = o.name.value

            // The grid: one column per raw input, one row per point.
            let gridTable = reading { try CSVTable.read(path: o.grid.resolvedPath, columns: variables, sources: sources) }
            let nGrid = gridTable?.rowCount

            // The measured values and the uncertainty column, where there are.
            var values: (table: CSVTable, column: String, file: FileSource)?
            var truthColumn: [Double]?
            if case .csv(let file, let column, let truth) = o.values,
               let t = reading({
                   try CSVTable.read(path: file.resolvedPath, columns: [column.value] + (truth.map { [$0.value] } ?? []),
                                     sources: sources)
               }) {
                values = (t, column.value, file)
                if truth != nil { truthColumn = t.values[1] }
            }
            var sigmas: (table: CSVTable, column: String, file: FileSource)?
            if case .column(let file, let column) = o.uncertainty,
               let t = reading({ try CSVTable.read(path: file.resolvedPath, columns: [column.value], sources: sources) }) {
                sigmas = (t, column.value, file)
            }
            var valuesFailed = false
            if case .csv = o.values, values == nil { valuesFailed = true }

            // The FK table: N_data × N_out·N_grid.
            let dataMeaning = values.map { "one row per data point (\($0.table.rowCount) values in '\($0.file.path.value)')" }
                ?? "one row per data point"
            let columnsMeaning = nGrid.map { "N_outputs·N_grid = \(outputs)·\($0) columns, output-major" }
                ?? "N_outputs·N_grid columns, output-major"
            let fkExpectation = MatrixExpectation(
                rows: values?.table.rowCount, columns: nGrid.map { outputs * $0 },
                what: "the FK table of '\(name)'", meaning: dataMeaning + " and " + columnsMeaning,
                notes: [Self.named(o, o.fktable, key: "fktable")])
            let fk = reading { try MatrixFile.read(path: o.fktable.resolvedPath, expecting: fkExpectation, sources: sources) }

            // N_data: the values' rows, else the FK table's.
            let nData = values?.table.rowCount ?? (valuesFailed ? nil : fk?.rows)

            // The covariance, or σ per point.
            var covariance: [Double]?
            var factor: [Double]?
            switch o.uncertainty {
            case .covariance(let file):
                let expectation = MatrixExpectation(
                    rows: nData, columns: nData, what: "the covariance matrix of '\(name)'",
                    meaning: "one row and column per data point", notes: [Self.named(o, file, key: "covariance")])
                let matrix = reading { try MatrixFile.read(path: file.resolvedPath, expecting: expectation, sources: sources) }
                if let matrix, matrix.rows == matrix.columns {
                    switch matrix.covarianceFactor() {
                    case .success(let l):
                        covariance = matrix.values
                        factor = l
                    case .failure(let problem):
                        register(matrix, path: file.resolvedPath)
                        problems.append(matrix.diagnostic(
                            for: problem, path: file.resolvedPath, what: "the covariance matrix of '\(name)'",
                            code: .covarianceMismatch, notes: [Self.named(o, file, key: "covariance")]))
                    }
                } else if let matrix {
                    problems.append(Diagnostic(
                        .matrixShapeMismatch, span: .wholeFile(file.resolvedPath),
                        message: "the covariance matrix of '\(name)' '\(file.resolvedPath)' is \(matrix.rows)×\(matrix.columns); expected a square matrix, one row and column per data point",
                        notes: [Self.named(o, file, key: "covariance")]))
                }
            case .column:
                if let s = sigmas, let n = nData {
                    if s.table.rowCount != n {
                        problems.append(Diagnostic(
                            .observableDataCount, span: .wholeFile(s.table.path),
                            message: "the uncertainty file of '\(name)' '\(s.table.path)' has \(s.table.rowCount) data rows; '\(name)' has \(n) data points",
                            notes: [DiagnosticNote(values != nil ? "the values file gives the number of data points" : "the FK table's rows give the number of data points"),
                                    Self.named(o, s.file, key: "uncertainty")]))
                    } else if let bad = s.table.values[0].firstIndex(where: { !($0 > 0) || !$0.isFinite }) {
                        s.table.registerText(in: sources)
                        problems.append(Diagnostic(
                            .chi2UncertaintyInvalid, span: s.table.span(ofColumn: s.column, row: bad),
                            message: "the uncertainty of data point \(bad + 1) of '\(name)' is \(s.table.values[0][bad]); expected a positive number",
                            label: "σ must be above 0",
                            notes: [DiagnosticNote("χ² divides each residual by its σ"), Self.named(o, s.file, key: "uncertainty")]))
                    } else {
                        let sigma = s.table.values[0]
                        var c = [Double](repeating: 0, count: n * n)
                        var l = [Double](repeating: 0, count: n * n)
                        for i in 0..<n {
                            c[i * n + i] = sigma[i] * sigma[i]
                            l[i * n + i] = sigma[i]
                        }
                        covariance = c
                        factor = l
                    }
                }
            }

            // The grid's points against the preprocessing domain and the truth.
            var truthOnGrid: [Double]?
            if let grid = gridTable {
                checkDomain(o, grid: grid)
                checkDerivedInputs(o, grid: grid, variables: variables)
                if case .truth(let truths, _, _, _) = o.values {
                    truthOnGrid = evaluate(truths, o: o, grid: grid, variables: variables)
                }
            }

            guard problems.count == before, let grid = gridTable, let nGrid, let fk, let nData,
                  let covariance, let factor
            else { return nil }
            var truthValues = truthColumn
            if let t = truthOnGrid {
                let width = outputs * nGrid
                truthValues = (0..<nData).map { i in
                    var s = 0.0
                    for k in 0..<width { s += fk.values[i * width + k] * t[k] }
                    return s
                }
            }
            return LoadedObservable(
                name: name, gridCount: nGrid, dataCount: nData, outputCount: outputs, variables: variables,
                grid: grid.values.flatMap { $0 }, gridLines: grid.lines, fktable: fk.values,
                values: values?.table.values[0], truthOnGrid: truthOnGrid, truthValues: truthValues,
                covariance: covariance, choleskyFactor: factor)
        }

        /// With preprocessing, the grid's values of its input lie where
        /// x^a (1 − x)^b is defined (the first point outside, once per grid file).
        mutating func checkDomain(_ o: Observable, grid: CSVTable) {
            guard let p = spec.network.preprocessing, let column = grid.column(p.input.value),
                  domainChecked.insert(grid.path).inserted,
                  let bad = column.firstIndex(where: { !p.admits($0) })
            else { return }
            grid.registerText(in: sources)
            problems.append(Diagnostic(
                .preprocessingDomain, span: grid.span(ofColumn: p.input.value, row: bad),
                message: "grid point \(bad + 1) of '\(o.name.value)' is \(p.input.value) = \(Self.show(column[bad])), outside the preprocessing domain \(p.domainText)",
                label: "x^a (1 − x)^b is not defined here",
                notes: [Self.named(o, o.grid, key: "grid"), DiagnosticNote("the preprocessing is declared here", span: p.span)]))
        }

        /// Every derived input (`log(x)`) finite in float32 at every point of
        /// the grid, as the network reads it (the first point where one is
        /// not, once per grid file).
        mutating func checkDerivedInputs(_ o: Observable, grid: CSVTable, variables: [String]) {
            guard derivedChecked.insert(grid.path).inserted else { return }
            for feature in spec.inputs.features {
                guard let expression = feature.expression else { continue }
                let points = GridPoints(grid: grid, variables: variables)
                for j in 0..<grid.rowCount {
                    let v = points.evaluate(expression, at: j)
                    if Float(v).isFinite { continue }
                    grid.registerText(in: sources)
                    problems.append(Diagnostic(
                        .derivedInputNotFinite, span: points.span(of: expression, at: j),
                        message: "derived input '\(feature.name.value)' is \(Self.show(v)) at grid point \(j + 1) of '\(o.name.value)' (\(points.describe(j)))",
                        label: "not finite here",
                        notes: [DiagnosticNote("the input is declared here", span: feature.name.span), Self.named(o, o.grid, key: "grid"),
                                DiagnosticNote("a derived input must be finite (in float32) at every point; check its domain, e.g. log needs positive values")]))
                    break
                }
            }
        }

        /// The truth on the grid, output-major; reports the first point where
        /// an output's truth is not finite.
        mutating func evaluate(_ truths: [Truth], o: Observable, grid: CSVTable, variables: [String]) -> [Double]? {
            let n = grid.rowCount
            let points = GridPoints(grid: grid, variables: variables)
            var out = [Double](repeating: 0, count: truths.count * n)
            var ok = true
            for (k, t) in truths.enumerated() {
                for j in 0..<n {
                    let v = points.evaluate(t.expression, at: j)
                    guard v.isFinite else {
                        ok = false
                        grid.registerText(in: sources)
                        problems.append(Diagnostic(
                            .expressionDomain, span: points.span(of: t.expression, at: j),
                            message: "the truth of '\(t.output)' in '\(o.name.value)', \(t.source.value), is \(Self.show(v)) at grid point \(j + 1) (\(points.describe(j)))",
                            label: "not finite here",
                            notes: [DiagnosticNote("the truth is written here", span: t.source.span), Self.named(o, o.grid, key: "grid")]))
                        break
                    }
                    out[k * n + j] = v
                }
            }
            return ok ? out : nil
        }

        /// An expression of the raw inputs evaluated at a grid's points, and
        /// the words and place that name one of them in a diagnostic.
        struct GridPoints {
            let grid: CSVTable
            let variables: [String]

            func evaluate(_ e: Expr, at j: Int) -> Double {
                e.evaluate { name in variables.firstIndex(of: name).map { grid.values[$0][j] } ?? .nan }
            }

            /// "x = 0.5, q = 10".
            func describe(_ j: Int) -> String {
                variables.indices.map { "\(variables[$0]) = \(Reader.show(grid.values[$0][j]))" }.joined(separator: ", ")
            }

            /// The cell of the first input `e` reads, or the point's line.
            func span(of e: Expr, at j: Int) -> SourceSpan {
                e.variables.first { variables.contains($0) }.map { grid.span(ofColumn: $0, row: j) }
                    ?? SourceSpan(file: grid.path, line: grid.lines[j], column: 1, length: 1)
            }
        }

        /// Adds a CSV matrix file's text to `sources` for a diagnostic at one of its rows.
        func register(_ m: Matrix, path: String) {
            guard let sources, m.rowSpans != nil, sources.file(path) == nil,
                  let text = try? String(contentsOfFile: path, encoding: .utf8)
            else { return }
            sources.add(SourceFile(path: path, text: text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text))
        }

        static func show(_ v: Double) -> String {
            if v.isNaN { return "nan" }
            if v.isInfinite { return v > 0 ? "inf" : "-inf" }
            return v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : "\(v)"
        }
    }
}
