import Foundation
import Testing

/// `nnc lint --data` and `nnc build --data` on observables whose files are
/// malformed: every problem located, exit 1, never a crash.
struct PhysicsDataCLITests {
    static let spec = """
        nnc: 1
        name: broken-fk
        inputs: [x]
        outputs: [f]
        network:
          layers: [{dense: 8, activation: tanh}, {dense: 1}]
          preprocessing: {input: x, small_x: [0.0, 0.5], large_x: [2.0, 5.0]}
        data:
          observables:
            - {name: A, grid: grid.csv, fktable: ragged.csv, values: {csv: data.csv, column: value}, covariance: asym.csv}
            - {name: B, grid: grid.csv, fktable: fk.csv, values: {truth: "x * (1 - x)"}, covariance: notpd.csv}
            - {name: C, grid: outside.csv, fktable: fk.csv, values: {csv: data.csv, column: value}, uncertainty: {csv: data.csv, column: error}}
        training: {loss: chi2, optimizer: adam, epochs: 1000}

        """

    static let files = [
        "grid.csv": "x\n0.1\n0.5\n0.9\n",
        "outside.csv": "x\n0.1\n-0.5\n0.9\n",
        "fk.csv": "0.5,0.25,0.25\n0.1,0.2,0.7\n",
        "ragged.csv": "0.5,0.25,0.25\n0.1,0.2\n",
        "data.csv": "value,error\n0.2,0.05\n0.3,0.1\n",
        "asym.csv": "0.04,0.01\n0.02,0.09\n",
        "notpd.csv": "1,2\n2,1\n",
    ]

    @Test func everyFileProblemIsLocated() throws {
        let dir = try LintCLITests.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.spec.write(toFile: dir + "/spec.yaml", atomically: true, encoding: .utf8)
        for (name, text) in Self.files { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }

        // Without --data only the spec and the files' headers are read.
        let plain = try LintCLITests.nnc(["lint", "spec.yaml"], in: dir)
        #expect(plain.status == 0, "\(plain.stdout)")

        let r = try LintCLITests.nnc(["lint", "--data", "--format", "gcc", "spec.yaml"], in: dir)
        #expect(r.status == 1)
        #expect(r.stdout == """
            asym.csv:1:1: error: the covariance matrix of 'A' 'asym.csv' is not symmetric: row 1, column 2 is 0.01 but row 2, column 1 is 0.02 [E0718]
            notpd.csv:2:1: error: the covariance matrix of 'B' 'notpd.csv' is not positive definite: Cholesky pivot 2 is -3: row 2 is, up to rounding, a combination of row 1 [E0718]
            outside.csv:3:1: error: grid point 2 of 'C' is x = -0.5, outside the preprocessing domain (0, 1] [E1003]
            ragged.csv:2:1: error: row 2 of the FK table of 'A' 'ragged.csv' has 2 values; expected 2×3, one row per data point (2 values in 'data.csv') and N_outputs·N_grid = 1·3 columns, output-major [E0719]
            1 file linted: 4 errors, 0 warnings

            """, "\(r.stdout)")

        let build = try LintCLITests.nnc(["build", "--data", "--no-write", "spec.yaml"], in: dir)
        #expect(build.status == 1)
        #expect(build.stdout.isEmpty)
        #expect(build.stderr.hasSuffix("error: 4 errors in 4 files\n"), "\(build.stderr)")
    }

    /// `nnc build` without --data still reads an FK table to size the plan;
    /// when it cannot, it says why, at the place in the file, not only that
    /// it could not.
    @Test func buildNamesWhyAnFKTableCannotSizeThePlan() throws {
        let dir = try LintCLITests.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let spec = Self.spec.replacingOccurrences(of: "fktable: ragged.csv", with: "fktable: wide.csv")
            .replacingOccurrences(of: "covariance: asym.csv", with: "uncertainty: {csv: data.csv, column: error}")
        try spec.write(toFile: dir + "/spec.yaml", atomically: true, encoding: .utf8)
        var files = Self.files
        files["wide.csv"] = "0.5,0.25,0.25,0.1\n0.1,0.2,0.6,0.1\n"
        for (name, text) in files { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        let build = try LintCLITests.nnc(["build", "--no-write", "spec.yaml"], in: dir)
        #expect(build.status == 1)
        #expect(build.stderr.contains("wide.csv:1:1: error[E0719]: the FK table of 'A' 'wide.csv' has 4 values in every row; expected 2×3"), "\(build.stderr)")
        #expect(build.stderr.contains("'A' names it as 'fktable' here"), "\(build.stderr)")
        #expect(!build.stderr.contains("E0603"), "\(build.stderr)")
    }

    /// A derived input that is not finite on an observable's grid is named
    /// at its point in the grid file (it was "the generated point"), by
    /// training and by the data check alike.
    @Test func derivedInputOffItsDomainOnAGridIsAtItsLine() throws {
        let dir = try LintCLITests.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let spec = """
            nnc: 1
            name: log-grid
            inputs: [x, "log(x)"]
            outputs: [f]
            network:
              layers: [{dense: 4, activation: tanh}, {dense: 1}]
            data:
              observables:
                - {name: A, grid: outside.csv, fktable: fk.csv, values: {csv: data.csv, column: value}, uncertainty: {csv: data.csv, column: error}}
            training: {loss: chi2, optimizer: adam, epochs: 5}

            """
        try spec.write(toFile: dir + "/spec.yaml", atomically: true, encoding: .utf8)
        for (name, text) in Self.files { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        let r = try LintCLITests.nnc(["train", "spec.yaml", "--out", "run", "--quiet"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("outside.csv:3:1: error[E0708]: derived input 'log(x)' is nan at grid point 2 of 'A' (x = -0.5)"), "\(r.stderr)")
        // `nnc lint --data` finds it too, without training.
        let lint = try LintCLITests.nnc(["lint", "--data", "--format", "gcc", "spec.yaml"], in: dir)
        #expect(lint.status == 1)
        #expect(lint.stdout.contains("outside.csv:3:1: error: derived input 'log(x)' is nan at grid point 2 of 'A' (x = -0.5) [E0708]"), "\(lint.stdout)")
    }
}
