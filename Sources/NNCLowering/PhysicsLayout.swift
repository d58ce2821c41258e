import NNCDiagnostics
import NNCFiles
import NNCPlan
import NNCSpec

/// The sizes lowering needs of a spec's physics costs: each observable's data
/// points and their training/validation split, and where every fixed grid
/// (observables' grid files, constraints' samplings) sits among the columns
/// the network is evaluated on besides the batch.
struct PhysicsLayout {
    struct Set {
        /// Data points (the FK table's rows).
        var points: Int
        var training: Int
        var validation: Int
        /// The grid's first column and its points.
        var column: Int
        var grid: Int
    }

    struct ConstraintGrid {
        var column: Int
        var points: Int
    }

    var sets: [Set] = []
    var constraints: [ConstraintGrid] = []
    var grids: [GridSlice] = []
    /// Columns of every fixed grid together.
    var gridColumns = 0

    var isEmpty: Bool { sets.isEmpty && constraints.isEmpty }
    var trainingPoints: Int { sets.reduce(0) { $0 + $1.training } }
    var validationPoints: Int { sets.reduce(0) { $0 + $1.validation } }

    /// Reads the shapes from the files an observable names (the FK table's
    /// rows, the grid's rows); a file that cannot be read is E0603 at its path.
    static func of(_ spec: Spec) -> (PhysicsLayout?, [Diagnostic]) {
        var layout = PhysicsLayout()
        var diagnostics: [Diagnostic] = []
        var gridColumn: [String: (column: Int, points: Int)] = [:]
        let fraction: Double? = {
            if case .fraction(let f, _)? = spec.data.validation { return f.value }
            return nil
        }()
        for (i, o) in spec.data.observables.enumerated() {
            let gridPoints: Int
            if let known = gridColumn[o.grid.resolvedPath] {
                gridPoints = known.points
            } else if let rows = CSVHeader.countRows(o.grid.resolvedPath), rows > 0 {
                gridPoints = rows
                gridColumn[o.grid.resolvedPath] = (layout.gridColumns, rows)
                layout.grids.append(GridSlice(name: o.name.value, source: .observable(set: i), column: layout.gridColumns,
                                              points: rows))
                layout.gridColumns += rows
            } else {
                diagnostics += unreadable(o, o.grid, spec: spec, what: "the grid of observable '\(o.name.value)'")
                continue
            }
            let expecting = MatrixExpectation(rows: nil, columns: spec.outputs.count * gridPoints,
                                              what: "the FK table of observable '\(o.name.value)'")
            guard let fk = try? MatrixFile.read(path: o.fktable.resolvedPath, expecting: expecting) else {
                diagnostics += unreadable(o, o.fktable, spec: spec, what: "the FK table of observable '\(o.name.value)'")
                continue
            }
            let validation = fraction.map { Split.validationCount(total: fk.rows, fraction: $0) } ?? 0
            layout.sets.append(Set(points: fk.rows, training: fk.rows - validation, validation: validation,
                                   column: gridColumn[o.grid.resolvedPath]!.column, grid: gridPoints))
        }
        for (i, c) in spec.training.constraints.enumerated() {
            let points: Int
            switch c {
            case .sumRule(let s): points = s.over.points.value
            case .positivity(let p): points = p.at.points.value
            }
            layout.constraints.append(ConstraintGrid(column: layout.gridColumns, points: points))
            layout.grids.append(GridSlice(name: c.name.value, source: .constraint(i), column: layout.gridColumns, points: points))
            layout.gridColumns += points
        }
        return (diagnostics.hasErrors ? nil : layout, diagnostics)
    }

    /// Why `file` of observable `o` cannot size the plan: the problems the
    /// data check (`nnc build --data`) finds in the observable's files, each
    /// at its place in them; E0603 when it finds none to name.
    static func unreadable(_ o: Observable, _ file: FileSource, spec: Spec, what: String) -> [Diagnostic] {
        do {
            _ = try ObservableFiles.load(o, spec: spec)
        } catch let e as DiagnosticError where !e.diagnostics.isEmpty {
            return e.diagnostics
        } catch {}
        return [unreadable(file, what: what)]
    }

    static func unreadable(_ file: FileSource, what: String) -> Diagnostic {
        Diagnostic(.planDataUnreadable, span: file.path.span,
                   message: "cannot read '\(file.path.value)' to size \(what)",
                   notes: [DiagnosticNote("expected a readable file at \(file.resolvedPath); `nnc build --data` names the problem in it")])
    }
}

extension Lowering {
    /// The physics costs of a training step and the monitor program.
    ///
    /// The training step evaluates the network once on every fixed grid and
    /// the batch's points (`[grids | batch]`), then each observable's FK
    /// table over all its rows, the χ² of its training rows (a cost term) and
    /// of its validation rows (a validation term, measured on the weights the
    /// step starts from, not trained on), each sum rule's integral and its
    /// squared deviation, each positivity constraint's values and their
    /// penalty; every observable's values and constraint's value are the
    /// step's monitors. χ² terms weigh N_set/N with N every training point
    /// (plain data points included), so the cost is (1/N)·Σ rᵀC⁻¹r; the
    /// validation terms N_set,val/N_val. So one pass a epoch measures what
    /// early stopping and positivity need. The monitor program evaluates the
    /// same on the grids alone, for the weights a fit ends with and for
    /// `nnc predict --observables`.
    static func buildPhysics(_ g: inout GraphBuilder, spec: Spec, layout: PhysicsLayout, plainTraining: Int,
                             plainValidation: Int, loss: Loss) -> (trainWeight: Double, validationWeight: Double) {
        let outputs = spec.outputs.count
        let totalTraining = Double(plainTraining + layout.trainingPoints)
        let totalValidation = Double(plainValidation + layout.validationPoints)
        let gridInputs = g.constant("grid.inputs", rows: spec.inputs.count, columns: layout.gridColumns, kind: .gridInputs)
        for grid in layout.grids { g.addGrid(grid.name, source: grid.source, column: grid.column, points: grid.points) }

        let fk: [TensorID] = spec.data.observables.indices.map { i in
            g.constant("\(spec.data.observables[i].name.value).fktable", rows: layout.sets[i].points,
                       columns: outputs * layout.sets[i].grid, kind: .fktable(set: i))
        }
        // The training step: the grids then the batch, in one pass.
        g.begin(.train)
        let columns = plainTraining > 0 ? Columns(fixed: layout.gridColumns, batched: true) : .fixed(layout.gridColumns)
        let x = plainTraining > 0 ? g.concat(fixed: gridInputs, fixedColumns: layout.gridColumns, batch: g.input()) : gridInputs
        let f = g.network(input: x, columns: columns)
        if plainTraining > 0 {
            g.loss(loss.kind, delta: loss.delta, chi2: loss.chi2 == nil ? nil : .uncertainty, prediction: f,
                   columns: columns, column: layout.gridColumns, weight: Double(plainTraining) / totalTraining)
        }
        for (i, o) in spec.data.observables.enumerated() {
            let s = layout.sets[i]
            let theory = g.linearMap("\(o.name.value).theory", matrix: fk[i], matrixRows: s.points, rows: s.points,
                                     input: f, grid: s.grid, column: s.column, columns: columns)
            g.monitor("observable.\(o.name.value)", theory)
            if s.training > 0 {
                g.chi2(prediction: theory, points: s.training,
                       target: g.constant("\(o.name.value).values.training", rows: 1, columns: s.training,
                                          kind: .values(set: i, part: .training)),
                       inverseCovariance: g.constant("\(o.name.value).inverse_covariance.training", rows: s.training,
                                                     columns: s.training, kind: .inverseCovariance(set: i, part: .training)),
                       weight: Double(s.training) / totalTraining)
            }
            if s.validation > 0 {
                g.chi2(prediction: theory, column: s.training, points: s.validation,
                       target: g.constant("\(o.name.value).values.validation", rows: 1, columns: s.validation,
                                          kind: .values(set: i, part: .validation)),
                       inverseCovariance: g.constant("\(o.name.value).inverse_covariance.validation", rows: s.validation,
                                                     columns: s.validation, kind: .inverseCovariance(set: i, part: .validation)),
                       weight: Double(s.validation) / max(totalValidation, 1), validation: true)
            }
        }
        var constraintMaps: [(matrix: TensorID, rows: Int)] = []
        for (i, c) in spec.training.constraints.enumerated() {
            let grid = layout.constraints[i]
            switch c {
            case .sumRule(let s):
                let w = g.constant("\(s.name.value).weights", rows: 1, columns: outputs * grid.points,
                                   kind: .sumRuleWeights(constraint: i))
                constraintMaps.append((w, 1))
                let integral = g.linearMap("\(s.name.value).integral", matrix: w, matrixRows: 1, rows: 1, input: f,
                                           grid: grid.points, column: grid.column, columns: columns)
                g.monitor("constraint.\(s.name.value)", integral)
                g.squaredDeviation(prediction: integral,
                                   target: g.constant("\(s.name.value).equals", rows: 1, columns: 1,
                                                      kind: .scalar(s.equals.value)),
                                   weight: s.weight.value)
            case .positivity(let p):
                let w = g.constant("\(p.name.value).weights", rows: grid.points, columns: outputs * grid.points,
                                   kind: .positivityWeights(constraint: i))
                constraintMaps.append((w, grid.points))
                let values = g.linearMap("\(p.name.value).values", matrix: w, matrixRows: grid.points, rows: grid.points,
                                         input: f, grid: grid.points, column: grid.column, columns: columns)
                g.monitor("constraint.\(p.name.value)", values)
                g.positivity(prediction: values, points: grid.points,
                             multiplier: g.state("\(p.name.value).multiplier", kind: .positivityMultiplier(constraint: i)))
            }
        }
        g.setOutput(f, column: layout.gridColumns)

        // The monitor: the grids alone.
        g.begin(.monitor)
        let m = g.network(input: gridInputs, columns: .fixed(layout.gridColumns))
        for (i, o) in spec.data.observables.enumerated() {
            let s = layout.sets[i]
            let theory = g.linearMap("\(o.name.value).theory", matrix: fk[i], matrixRows: s.points, rows: s.points,
                                     input: m, grid: s.grid, column: s.column, columns: .fixed(layout.gridColumns))
            g.monitor("observable.\(o.name.value)", theory)
            if s.validation > 0 {
                g.chi2(prediction: theory, column: s.training, points: s.validation,
                       target: g.constant("\(o.name.value).values.validation", rows: 1, columns: s.validation,
                                          kind: .values(set: i, part: .validation)),
                       inverseCovariance: g.constant("\(o.name.value).inverse_covariance.validation", rows: s.validation,
                                                     columns: s.validation, kind: .inverseCovariance(set: i, part: .validation)),
                       weight: Double(s.validation) / max(totalValidation, 1))
            }
        }
        for (i, c) in spec.training.constraints.enumerated() {
            let grid = layout.constraints[i]
            let map = constraintMaps[i]
            let value = g.linearMap("\(c.name.value).value", matrix: map.matrix, matrixRows: map.rows, rows: map.rows,
                                    input: m, grid: grid.points, column: grid.column, columns: .fixed(layout.gridColumns))
            g.monitor("constraint.\(c.name.value)", value)
        }
        g.setOutput(m)
        return (Double(plainTraining) / totalTraining, Double(plainValidation) / max(totalValidation, 1))
    }
}
