import Foundation
import NNCDiagnostics
@testable import NNCSpec
import Testing

/// The data stage of observables on small real files: what loads, and a
/// located diagnostic for each malformed file (never a crash).
struct ObservableFilesTests {
    /// A 3-point grid, 2 data points, 1 output.
    static let spec = """
        nnc: 1
        name: fk
        inputs: [x]
        outputs: [f]
        network:
          layers: [{dense: 4, activation: tanh}, {dense: 1}]
          preprocessing: {input: x, small_x: [0.0, 0.5], large_x: [2.0, 5.0]}
        data:
          observables:
            - name: A
              grid: grid.csv
              fktable: fk.csv
              values: {csv: data.csv, column: value}
              covariance: cov.csv
            - name: B
              grid: grid.csv
              fktable: fk.npy
              values: {truth: "x * (1 - x)", level: 0}
              uncertainty: {csv: data.csv, column: error}
        training: {loss: chi2, optimizer: adam, epochs: 10}

        """

    static let k: [[Double]] = [[0.5, 0.25, 0.25], [0.1, 0.2, 0.7]]
    static let files: [String: Data] = [
        "grid.csv": Data("x\n0.1\n0.5\n0.9\n".utf8),
        "fk.csv": Data("0.5,0.25,0.25\n0.1,0.2,0.7\n".utf8),
        "fk.npy": npy(k),
        "data.csv": Data("value,error\n0.2,0.05\n0.3,0.1\n".utf8),
        "cov.csv": Data("0.04,0.01\n0.01,0.09\n".utf8),
    ]

    /// A float64 C-order `.npy` file of `rows` (as `np.save` writes it).
    static func npy(_ rows: [[Double]], shape: String? = nil) -> Data {
        let r = rows.count, c = rows.first?.count ?? 0
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': \(shape ?? "(\(r), \(c))"), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        data.append(contentsOf: [UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)])
        data.append(contentsOf: Array(header.utf8))
        for v in rows.joined() { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    struct Loaded {
        var spec: Spec
        var result: Result<[LoadedObservable], DiagnosticError>
        var sources: SourceManager

        var problems: [Diagnostic] {
            if case .failure(let e) = result { return e.diagnostics.sortedForOutput() }
            return []
        }
        var codes: [String] { problems.map(\.code.rawValue) }
        func rendered() -> String { TextRenderer(sources: sources).render(problems) }
    }

    /// Decodes `spec` (with `edits`) from a folder holding the files (with
    /// `replaced`), then loads every observable.
    static func load(_ edits: [(String, String)] = [], replaced: [String: Data] = [:]) throws -> Loaded {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnc-fk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, data) in files.merging(replaced, uniquingKeysWith: { _, new in new }) {
            try data.write(to: dir.appendingPathComponent(name))
        }
        var text = spec
        for (old, new) in edits { text = text.replacingOccurrences(of: old, with: new) }
        let sources = SourceManager()
        let decoded = SpecLoader.decode(text: text, path: dir.appendingPathComponent("spec.yaml").path, sources: sources)
        let s = try #require(decoded.spec, "\(decoded.diagnostics)")
        let result: Result<[LoadedObservable], DiagnosticError>
        do {
            result = .success(try ObservableFiles.loadAll(spec: s, sources: sources))
        } catch let e as DiagnosticError {
            result = .failure(e)
        }
        // check() reports what loadAll throws.
        #expect(ObservableFiles.check(spec: s, sources: SourceManager()).count == { if case .failure(let e) = result { return e.diagnostics.count } else { return 0 } }())
        return Loaded(spec: s, result: result, sources: sources)
    }

    @Test func loadsEveryLayout() throws {
        let l = try Self.load()
        guard case .success(let sets) = l.result else { Issue.record(Comment(rawValue: l.rendered())); return }
        #expect(sets.map(\.name) == ["A", "B"])
        let a = sets[0], b = sets[1]
        #expect(a.gridCount == 3 && a.dataCount == 2 && a.outputCount == 1)
        #expect(a.variables == ["x"])
        #expect(a.grid == [0.1, 0.5, 0.9])
        #expect(a.gridLines == [2, 3, 4])
        #expect(a.gridValues(of: "x") == [0.1, 0.5, 0.9])
        #expect(a.fktable == Self.k.flatMap { $0 })
        #expect(a.values == [0.2, 0.3])
        #expect(a.truthOnGrid == nil && a.truthValues == nil)
        #expect(a.covariance == [0.04, 0.01, 0.01, 0.09])
        // L·Lᵀ = C.
        let l2 = a.choleskyFactor
        #expect(l2[1] == 0)
        let c = [l2[0] * l2[0], l2[0] * l2[2], l2[2] * l2[0], l2[2] * l2[2] + l2[3] * l2[3]]
        for (x, y) in zip(c, a.covariance) { #expect(abs(x - y) < 1e-15) }
        // The .npy FK table, the truth on the grid and T = K·truth.
        #expect(b.fktable == a.fktable)
        #expect(b.values == nil)
        let truth = [0.1 * 0.9, 0.5 * 0.5, 0.9 * 0.1]
        for (x, y) in zip(b.truthOnGrid ?? [], truth) { #expect(abs(x - y) < 1e-15) }
        #expect(b.truthOnGrid?.count == 3)
        let t = Self.k.map { row in zip(row, truth).map(*).reduce(0, +) }
        for (x, y) in zip(b.truthValues ?? [], t) { #expect(abs(x - y) < 1e-15) }
        // An uncertainty column is a diagonal covariance.
        #expect(b.covariance == [0.05 * 0.05, 0, 0, 0.1 * 0.1])
        #expect(b.choleskyFactor == [0.05, 0, 0, 0.1])
    }

    /// `truth_column`: the values file's column of the truth's values is the
    /// set's truth (the closure figures' reference); its values are checked
    /// as numbers where they are.
    @Test func truthColumnIsTheSetsTruth() throws {
        let data = Data("value,error,truth\n0.2,0.05,0.21\n0.3,0.1,0.29\n".utf8)
        let l = try Self.load([("column: value}", "column: value, truth_column: truth}")], replaced: ["data.csv": data])
        guard case .success(let sets) = l.result else { Issue.record(Comment(rawValue: l.rendered())); return }
        #expect(sets[0].values == [0.2, 0.3])
        #expect(sets[0].truthValues == [0.21, 0.29])
        #expect(sets[0].truthOnGrid == nil)

        let bad = try Self.load([("column: value}", "column: value, truth_column: truth}")],
                                replaced: ["data.csv": Data("value,error,truth\n0.2,0.05,0.21\n0.3,0.1,abc\n".utf8)])
        #expect(bad.codes.count == 1, "\(bad.rendered())")
        #expect(bad.problems.first?.span.start.line == 3, "\(bad.rendered())")
    }

    @Test func raggedFKTableIsReportedAtItsRow() throws {
        let l = try Self.load(replaced: ["fk.csv": Data("0.5,0.25,0.25\n0.1,0.2\n".utf8)])
        #expect(l.codes == ["E0719"], "\(l.rendered())")
        let d = try #require(l.problems.first)
        #expect(d.span.start == SourceLocation(line: 2, column: 1))
        #expect(d.message.contains("row 2 of the FK table of 'A'"))
        #expect(d.message.contains("has 2 values; expected 2×3"))
        #expect(l.rendered().contains("0.1,0.2"))
    }

    @Test func fkTableColumnsMustBeOutputsTimesGrid() throws {
        let l = try Self.load(replaced: ["fk.npy": Self.npy([[1, 2], [3, 4]])])
        #expect(l.codes == ["E0719"], "\(l.rendered())")
        #expect(l.problems[0].message.contains("has shape (2, 2); expected 3 columns"))
        #expect(l.problems[0].message.contains("N_outputs·N_grid = 1·3 columns, output-major"))
        // Two outputs: 2·3 columns.
        let two = try Self.load([("outputs: [f]", "outputs: [f, g]"), ("{dense: 1}", "{dense: 2}"),
                                 ("truth: \"x * (1 - x)\"", "truth: {f: \"x\", g: \"1 - x\"}")])
        #expect(two.codes == ["E0719", "E0719"], "\(two.rendered())")
        #expect(two.problems.contains { $0.message.contains("fk.csv' has 3 values in every row; expected 2×6") }, "\(two.rendered())")
        #expect(two.problems.allSatisfy { $0.message.contains("N_outputs·N_grid = 2·3 columns") })
    }

    @Test func fkRowsMustBeTheValuesRows() throws {
        let l = try Self.load(replaced: ["data.csv": Data("value,error\n0.2,0.05\n0.3,0.1\n0.4,0.1\n".utf8)])
        // A: the FK table has 2 rows for 3 values, and so has its covariance;
        // B: its uncertainty column has 3 rows for the 2 rows of its FK table.
        #expect(l.codes.sorted() == ["E0719", "E0719", "E1014"], "\(l.rendered())")
        #expect(l.problems.contains { $0.message.hasSuffix("has 2 rows; expected 3×3, one row per data point (3 values in 'data.csv') and N_outputs·N_grid = 1·3 columns, output-major") },
                "\(l.rendered())")
        #expect(l.problems.contains { $0.message.hasSuffix("is 2×2; expected 3×3, one row and column per data point") }, "\(l.rendered())")
        #expect(l.problems.contains { $0.message.hasSuffix("has 3 data rows; 'B' has 2 data points") }, "\(l.rendered())")
    }

    @Test func nonSymmetricCovarianceNamesTheFirstPair() throws {
        let l = try Self.load(replaced: ["cov.csv": Data("0.04,0.01\n0.0100001,0.09\n".utf8)])
        #expect(l.codes == ["E0718"], "\(l.rendered())")
        #expect(l.problems[0].message == "the covariance matrix of 'A' '\(l.problems[0].span.file)' is not symmetric: row 1, column 2 is 0.01 but row 2, column 1 is 0.0100001")
        #expect(l.problems[0].span.start.line == 1)
        // Within a relative 1e-8 it is symmetric.
        let near = try Self.load(replaced: ["cov.csv": Data("0.04,0.01\n0.01000000000001,0.09\n".utf8)])
        #expect(near.codes.isEmpty, "\(near.rendered())")
    }

    @Test func nonPositiveDefiniteCovarianceNamesThePivot() throws {
        // |correlation| > 1: C = [[1, 2], [2, 1]] fails at pivot 2 (1 − 4 = −3).
        let l = try Self.load(replaced: ["cov.csv": Data("1,2\n2,1\n".utf8)])
        #expect(l.codes == ["E0718"], "\(l.rendered())")
        #expect(l.problems[0].message.hasSuffix("is not positive definite: Cholesky pivot 2 is -3: row 2 is, up to rounding, a combination of row 1"))
        #expect(l.problems[0].span.start == SourceLocation(line: 2, column: 1))
        // A zero variance is named as such.
        let zero = try Self.load(replaced: ["cov.csv": Data("0.04,0\n0,0\n".utf8)])
        #expect(zero.problems.first?.message.contains("has the variance 0 on its diagonal at row 2") == true, "\(zero.rendered())")
    }

    @Test func covarianceMustBeNDataSquare() throws {
        let l = try Self.load(replaced: ["cov.csv": Data("0.04,0.01,0\n0.01,0.09,0\n0,0,1\n".utf8)])
        #expect(l.codes == ["E0719"], "\(l.rendered())")
        #expect(l.problems[0].message.hasSuffix("cov.csv' is 3×3; expected 2×2, one row and column per data point"))
    }

    @Test func unparsableFilesAreLocated() throws {
        let l = try Self.load(replaced: [
            "grid.csv": Data("x\n0.1\nhalf\n0.9\n".utf8),
            "fk.npy": Data("not a numpy file".utf8),
            "cov.csv": Data("0.04,inf\n0.01,0.09\n".utf8),
        ])
        #expect(l.codes.sorted() == ["E0703", "E0705", "E0720"], "\(l.rendered())")
        let nan = try #require(l.problems.first { $0.code == "E0703" })
        #expect(nan.span.start == SourceLocation(line: 3, column: 1))
    }

    @Test func gridOutsideThePreprocessingDomainIsReportedAtTheValue() throws {
        let l = try Self.load(replaced: ["grid.csv": Data("y,x\n1,0.1\n2,1.5\n3,0.9\n".utf8)])
        #expect(l.codes == ["E1003"], "\(l.rendered())")
        let d = l.problems[0]
        #expect(d.message == "grid point 2 of 'A' is x = 1.5, outside the preprocessing domain (0, 1]")
        #expect(d.span.start == SourceLocation(line: 3, column: 3))
        #expect(d.span.end == SourceLocation(line: 3, column: 6))
        // x = 1 is inside: (1 − x)^b vanishes for every b in [2, 5].
        let one = try Self.load(replaced: ["grid.csv": Data("x\n0.1\n0.5\n1\n".utf8)])
        #expect(one.codes.isEmpty, "\(one.rendered())")
    }

    @Test func truthUndefinedOnTheGridIsReportedAtThePoint() throws {
        let l = try Self.load([("truth: \"x * (1 - x)\"", "truth: \"sqrt(0.3 - x)\"")])
        #expect(l.codes == ["E1012"], "\(l.rendered())")
        #expect(l.problems[0].message == "the truth of 'f' in 'B', sqrt(0.3 - x), is nan at grid point 2 (x = 0.5)")
        #expect(l.problems[0].span.start == SourceLocation(line: 3, column: 1))
    }

    @Test func uncertaintiesArePositive() throws {
        let l = try Self.load(replaced: ["data.csv": Data("value,error\n0.2,0.05\n0.3,0\n".utf8)])
        #expect(l.codes == ["E0710"], "\(l.rendered())")
        #expect(l.problems[0].span.start == SourceLocation(line: 3, column: 5))
    }
}
