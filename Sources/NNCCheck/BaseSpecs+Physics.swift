/// The physics base spec that the E10xx rules' examples start from: issue 9's
/// spec at a small size, with its files (a 5-point grid, a 4 × 5 FK table,
/// values with errors, a diagonal covariance).
extension BaseSpecs {
    public static let physics = """
        nnc: 1
        name: dis
        inputs: [x]
        outputs: [f]
        network:
          layers:
            - {dense: 8, activation: tanh}
            - {dense: 1}
          preprocessing: {input: x, small_x: [0.0, 0.5], large_x: [2.0, 5.0], trainable: true}
        data:
          observables:
            - name: F2
              grid: grid.csv
              fktable: fk.csv
              values: {csv: data.csv, column: value}
              covariance: cov.csv
            - name: F2-closure
              grid: grid.csv
              fktable: fk.csv
              values: {truth: "3 * x^0.5 * (1 - x)^3", level: 1, seed: 7}
              uncertainty: {csv: data.csv, column: error}
          validation: {fraction: 0.25, seed: 1}
        training:
          loss: chi2
          optimizer: {adam: {learning_rate: 1.0e-3}}
          batch_size: full
          epochs: 1000
          replicas: 4
          constraints:
            - sum_rule: {integrand: {f: "1"}, over: {x: {logspace: [1.0e-6, 1.0], points: 400}}, equals: 2.0, weight: 100}
            - positivity: {of: {f: "1"}, at: {x: {logspace: [1.0e-5, 0.9], points: 20}}, multiplier: {initial: 1.0, factor: 1.2, every: 100, max: 1.0e8}, threshold: 1.0e-6}
        expect:
          best_val_loss: {below: 1.5}
          closure: {xi_1sigma: {between: [0.5, 0.9]}, bias_variance_ratio: {below: 1.5}}

        """

    public static let physicsFiles: [String: String] = [
        "grid.csv": "x\n0.01\n0.1\n0.3\n0.5\n0.8\n",
        "fk.csv": """
            0.1,0.2,0.3,0.2,0.1
            0.0,0.1,0.4,0.4,0.1
            0.2,0.2,0.2,0.2,0.2
            0.5,0.3,0.1,0.05,0.05

            """,
        "data.csv": "value,error\n0.9,0.1\n1.1,0.1\n1.0,0.2\n0.7,0.1\n",
        "cov.csv": "0.01,0,0,0\n0,0.01,0,0\n0,0,0.04,0\n0,0,0,0.01\n",
    ]
}

extension RuleExample {
    /// The physics base spec with `old` replaced by `new` (which may carry `↓`), with its files.
    public static func physics(
        _ old: String, _ new: String, files: [String: String] = [:],
        fileID: String = #fileID, filePath: String = #filePath, line: Int = #line
    ) -> RuleExample {
        physics([(old, new)], files: files, fileID: fileID, filePath: filePath, line: line)
    }

    /// The physics base spec with several replacements applied in order; `files` are added to its own.
    public static func physics(
        _ edits: [(String, String)], files: [String: String] = [:],
        fileID: String = #fileID, filePath: String = #filePath, line: Int = #line
    ) -> RuleExample {
        var text = BaseSpecs.physics
        for (old, new) in edits { text = text.replacingFirst(old, with: new) }
        return RuleExample(spec: text, files: BaseSpecs.physicsFiles.merging(files) { _, new in new },
                           fileID: fileID, filePath: filePath, line: line)
    }
}
