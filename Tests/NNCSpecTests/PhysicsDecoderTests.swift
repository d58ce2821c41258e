import Foundation
import NNCDiagnostics
@testable import NNCSpec
import Testing

/// Issue 9's spec: preprocessing, observables, constraints and `expect`,
/// decoded with every form and default, and every mistake located.
struct PhysicsDecoderTests {
    static let spec = """
        nnc: 1
        name: dis-closure
        inputs: [x]
        outputs: [f]
        network:
          layers:
            - {dense: 20, activation: tanh}
            - {dense: 1}
          preprocessing: {input: x, small_x: [0.0, 0.5], large_x: [2.0, 5.0], trainable: true}
        data:
          observables:
            - name: F2
              grid: F2-grid.csv
              fktable: F2-fk.csv
              values: {csv: F2-data.csv, column: value}
              covariance: F2-cov.csv
            - name: F2-closure
              grid: F2-grid.csv
              fktable: F2-fk.npy
              values: {truth: "3 * x^0.5 * (1 - x)^3", level: 1, seed: 7}
              covariance: F2-cov.npy
          validation: {fraction: 0.25, seed: 1}
        training:
          loss: chi2
          optimizer: {adam: {learning_rate: 1.0e-3}}
          batch_size: full
          epochs: 20000
          replicas: 50
          constraints:
            - sum_rule: {integrand: {f: "1"}, over: {x: {logspace: [1.0e-6, 1.0], points: 400}}, equals: 2.0, weight: 100}
            - positivity: {of: {f: "1"}, at: {x: {logspace: [1.0e-5, 0.9], points: 20}},
                           multiplier: {initial: 1.0, factor: 1.2, every: 100, max: 1.0e8}, threshold: 1.0e-6}
        expect:
          best_val_loss: {below: 1.5}
          closure: {xi_1sigma: {between: [0.5, 0.9]}, bias_variance_ratio: {below: 1.5}}

        """

    /// The files the spec names (their contents matter only for headers here).
    static let files: [String: String] = [
        "F2-grid.csv": "x\n0.01\n0.1\n0.5\n",
        "F2-fk.csv": "1,2,3\n4,5,6\n",
        "F2-fk.npy": "not read by the decoder",
        "F2-data.csv": "value,error\n1,0.1\n2,0.1\n",
        "F2-cov.csv": "1,0\n0,1\n",
        "F2-cov.npy": "not read by the decoder",
    ]

    /// Decodes `text` from a folder holding `files`.
    static func decodeInFolder(_ text: String, files: [String: String] = files) -> Decoded {
        let dir = temporaryFolder(files)
        defer { try? FileManager.default.removeItem(at: dir) }
        return decode(text, path: dir.appendingPathComponent("spec.yaml").path)
    }

    static func with(_ edits: [(String, String)], files: [String: String] = files) -> Decoded {
        var text = spec
        for (old, new) in edits {
            guard let r = text.range(of: old) else { fatalError("test edit '\(old)' not in the spec") }
            text.replaceSubrange(r, with: new)
        }
        return decodeInFolder(text, files: files)
    }

    @Test func issueSpecDecodesEveryPart() throws {
        let d = Self.decodeInFolder(Self.spec)
        let spec = try #require(d.spec, "\(d.rendered())")
        let p = try #require(spec.network.preprocessing)
        #expect(p.input.value == "x")
        #expect(p.smallX.value == ClosedInterval(0, 0.5))
        #expect(p.largeX.value == ClosedInterval(2, 5))
        #expect(p.trainable.value)

        #expect(spec.data.source == .none)
        #expect(spec.data.observables.map(\.name.value) == ["F2", "F2-closure"])
        let f2 = spec.data.observables[0]
        #expect(f2.grid.path.value == "F2-grid.csv")
        #expect(f2.grid.resolvedPath.hasSuffix("/F2-grid.csv"))
        guard case .csv(let values, let column, let truth) = f2.values else { Issue.record("expected csv values"); return }
        #expect(values.path.value == "F2-data.csv")
        #expect(column.value == "value")
        #expect(truth == nil)
        guard case .covariance(let cov) = f2.uncertainty else { Issue.record("expected a covariance"); return }
        #expect(cov.path.value == "F2-cov.csv")
        let closure = spec.data.observables[1]
        #expect(closure.fktable.path.value == "F2-fk.npy")
        guard case .truth(let truth, let level, let seed, _) = closure.values else { Issue.record("expected a truth"); return }
        #expect(truth.map(\.output) == ["f"])
        #expect(truth[0].source.value == "3 * x^0.5 * (1 - x)^3")
        #expect(abs(truth[0].expression.evaluate { _ in 0.25 } - 3 * 0.5 * pow(0.75, 3)) < 1e-12)
        #expect(level.value == 1)
        #expect(seed.value == 7)

        #expect(spec.training.constraints.map(\.name.value) == ["sum_rule_0", "positivity_1"])
        guard case .sumRule(let s) = spec.training.constraints[0],
              case .positivity(let q) = spec.training.constraints[1]
        else { Issue.record("expected a sum rule and a positivity constraint"); return }
        #expect(s.integrand.terms.map(\.output.value) == ["f"])
        #expect(s.integrand.terms[0].weight.expression == .number(1))
        #expect(s.over.variable.value == "x")
        #expect(s.over.kind.value == .logspace)
        #expect(s.over.points.value == 400)
        #expect(s.equals.value == 2)
        #expect(s.weight.value == 100)
        #expect(q.at.upper.value == 0.9)
        #expect(q.multiplier.value == PositivityMultiplier(initial: 1, factor: 1.2, every: 100, max: 1e8))
        #expect(q.threshold.value == 1e-6)

        let expect = try #require(spec.expect)
        #expect(expect.entries.map(\.metric.value) == [.bestValidationLoss, .closure(.xi1Sigma), .closure(.biasVarianceRatio)])
        #expect(expect.entries.map(\.condition.value) == [.below(1.5), .between(0.5, 0.9), .below(1.5)])
        // The metric is located at its key, the condition at its value.
        #expect(expect.entries[0].metric.span.start == SourceLocation(line: 34, column: 3))
    }

    @Test func defaultsAreFilledIn() throws {
        let d = Self.with([
            (", trainable: true}", "}"),
            (", level: 1, seed: 7}", "}"),
            (", weight: 100}", "}"),
            (",\n                   multiplier: {initial: 1.0, factor: 1.2, every: 100, max: 1.0e8}, threshold: 1.0e-6}", "}"),
        ])
        let spec = try #require(d.spec, "\(d.rendered())")
        #expect(spec.network.preprocessing?.trainable.value == false)
        guard case .truth(_, let level, let seed, _) = spec.data.observables[1].values else { Issue.record("no truth"); return }
        #expect(level.value == 1)
        #expect(seed.value == 0)
        guard case .sumRule(let s) = spec.training.constraints[0], case .positivity(let q) = spec.training.constraints[1]
        else { Issue.record("constraints"); return }
        #expect(s.weight.value == 1)
        #expect(q.multiplier.value == PositivityMultiplier(initial: 1, factor: 1.3, every: 100, max: 1e10))
        #expect(q.threshold.value == 1e-6)
    }

    @Test func otherFormsDecode() throws {
        let d = Self.with([
            ("outputs: [f]", "outputs: [g, f]"),
            ("{dense: 1}", "{dense: 2}"),
            ("truth: \"3 * x^0.5 * (1 - x)^3\"", "truth: {f: \"x\", g: \"1 - x\"}"),
            ("      covariance: F2-cov.csv\n", "      uncertainty: {csv: F2-data.csv, column: error}\n"),
            ("integrand: {f: \"1\"}", "integrand: {f: \"x\", g: \"x\"}"),
            ("equals: 2.0, weight: 100}", "equals: 1.0, name: momentum}"),
            ("threshold: 1.0e-6}", "threshold: 0, name: pos-f}"),
            ("  best_val_loss: {below: 1.5}\n", "  final_train_loss: {above: 0.1}\n  constraints: {momentum: {between: [0.99, 1.01]}}\n"),
        ])
        let spec = try #require(d.spec, "\(d.rendered())")
        guard case .truth(let truth, _, _, _) = spec.data.observables[1].values else { Issue.record("no truth"); return }
        #expect(truth.map(\.output) == ["g", "f"])
        #expect(truth.map(\.source.value) == ["1 - x", "x"])
        guard case .column(let file, let column) = spec.data.observables[0].uncertainty else { Issue.record("no column"); return }
        #expect(file.path.value == "F2-data.csv")
        #expect(column.value == "error")
        #expect(spec.training.constraints.map(\.name.value) == ["momentum", "pos-f"])
        let metrics = try #require(spec.expect).entries.map(\.metric.value)
        #expect(metrics == [.finalTrainLoss, .constraint("momentum"), .closure(.xi1Sigma), .closure(.biasVarianceRatio)])
    }

    /// Pseudo-data made elsewhere: the values file's column of the truth's
    /// values; a column the file lacks is reported at the file; the resolved
    /// spec keeps it.
    @Test func truthColumnOfAValuesFile() throws {
        let files = Self.files.merging(["F2-data.csv": "value,error,truth\n1,0.1,1.1\n2,0.1,1.9\n"]) { _, b in b }
        let d = Self.with([("column: value}", "column: value, truth_column: truth}")], files: files)
        let spec = try #require(d.spec, "\(d.rendered())")
        guard case .csv(_, let column, let truth) = spec.data.observables[0].values else { Issue.record("no csv values"); return }
        #expect(column.value == "value")
        #expect(truth?.value == "truth")
        let yaml = spec.resolvedYAML()
        #expect(yaml.contains("values: {csv: \"F2-data.csv\", column: \"value\", truth_column: \"truth\"}"), "\(yaml)")
        let dir = temporaryFolder(files)
        defer { try? FileManager.default.removeItem(at: dir) }
        let back = try #require(decode(yaml, path: dir.appendingPathComponent("resolved.yaml").path).spec)
        #expect(semanticallyEqual(spec, back) == nil)

        let p = Self.problems([("column: value}", "column: value, truth_column: truht}")], files: files)
        #expect(p.map(\.0) == ["E0506"], "\(p)")
        #expect(p.first?.1 == "the values file 'F2-data.csv' has no column 'truht'")
        // A truth column beside a truth is two kinds of values.
        let conflict = Self.problems([("values: {truth: \"3 * x^0.5 * (1 - x)^3\", level: 1, seed: 7}",
                                        "values: {truth: \"3 * x^0.5 * (1 - x)^3\", truth_column: t}")])
        #expect(conflict.map(\.0) == ["E0111"], "\(conflict)")
    }

    @Test func plainDataAndObservablesTogether() throws {
        let d = Self.with([("data:\n  observables:", "data:\n  train: {csv: points.csv}\n  observables:")],
                          files: Self.files.merging(["points.csv": "x,f\n0.5,1\n"]) { a, _ in a })
        let spec = try #require(d.spec, "\(d.rendered())")
        guard case .csv(let csv) = spec.data.source else { Issue.record("expected plain CSV data"); return }
        #expect(csv.columns == ["x", "f"])
        #expect(spec.data.observables.count == 2)
    }

    @Test func dataNeedsPlainPointsOrObservables() {
        let d = decode(minimalWith("  generate:\n    truth: \"sin(x)\"\n    x: {linspace: [0, 1], points: 50}\n", "  validation: {fraction: 0.2}\n"))
        #expect(d.codes == ["E0101"])
        #expect(d.first?.message == "'data' needs 'generate', 'train' or 'observables'")
    }

    // MARK: Mistakes

    /// Decodes with `edits` and returns the codes and messages, sorted by position.
    static func problems(_ edits: [(String, String)], files: [String: String] = files) -> [(String, String)] {
        let d = with(edits, files: files)
        return d.diagnostics.sortedForOutput().map { ($0.code.rawValue, $0.message) }
    }

    @Test func unknownKeysGetDidYouMean() {
        let p = Self.problems([("trainable: true", "trainabel: true"), ("fktable: F2-fk.csv", "fk_table: F2-fk.csv"),
                               ("- positivity:", "- positivty:"), ("xi_1sigma:", "xi_1_sigma:")])
        #expect(p.map(\.0) == ["E0102", "E0102", "E0102", "E0102"], "\(p)")
        #expect(p[0].1 == "unknown key 'trainabel' in 'preprocessing'")
        #expect(p[1].1 == "unknown key 'fk_table' in data set 1 of 'observables'")
        #expect(p[2].1 == "unknown constraint 'positivty'")
        #expect(p[3].1 == "unknown key 'xi_1_sigma' in 'closure'")
        let d = Self.with([("fktable: F2-fk.csv", "fk_table: F2-fk.csv")])
        #expect(d.diagnostics.first?.fixIt?.replacement == "fktable")
        // The misspelt key is not reported missing as well.
        #expect(d.codes == ["E0102"])
    }

    @Test func filesAreResolvedAndChecked() {
        let p = Self.problems([("fktable: F2-fk.csv", "fktable: F2-fk.cvs"), ("grid: F2-grid.csv\n      fktable: F2-fk.npy", "grid: grid-y.csv\n      fktable: F2-fk.npy"),
                               ("column: value", "column: valeu")],
                              files: Self.files.merging(["grid-y.csv": "y\n0.5\n"]) { a, _ in a })
        #expect(p.map(\.0) == ["E0505", "E0506", "E0506"], "\(p)")
        #expect(p[0].1 == "cannot read the FK table 'F2-fk.cvs': no such file")
        #expect(p[1].1 == "the values file 'F2-data.csv' has no column 'valeu'")
        #expect(p[2].1 == "the grid file 'grid-y.csv' has no column 'x'")
    }

    @Test func conflictingAndMissingParts() {
        let p = Self.problems([
            ("      covariance: F2-cov.csv\n", "      covariance: F2-cov.csv\n      uncertainty: {csv: F2-data.csv, column: error}\n"),
            ("      covariance: F2-cov.npy\n", ""),
        ])
        #expect(p.map(\.0) == ["E0111", "E0101"], "\(p)")
        #expect(p[0].1 == "'F2' has both 'covariance' and 'uncertainty'")
        #expect(p[1].1 == "'F2-closure' needs 'covariance' or 'uncertainty'")
        let q = Self.problems([("values: {csv: F2-data.csv, column: value}", "values: {csv: F2-data.csv, truth: \"x\"}"),
                               ("values: {truth: \"3 * x^0.5 * (1 - x)^3\", level: 1, seed: 7}", "values: F2-data.csv")])
        #expect(q.map(\.0) == ["E0111", "E0103"], "\(q)")
        #expect(q[1].1.hasPrefix("expected a mapping such as {csv: F2-data.csv, column: value} for 'values'"))
    }

    @Test func wrongShapesAreReported() {
        let p = Self.problems([
            ("small_x: [0.0, 0.5]", "small_x: 0.5"),
            ("over: {x: {logspace: [1.0e-6, 1.0], points: 400}}", "over: {x: {logspace: [1.0e-6, 1.0], points: 400}, y: {linspace: [0, 1], points: 2}}"),
            ("every: 100", "every: 1.5"),
            ("best_val_loss: {below: 1.5}", "best_val_loss: 1.5"),
            ("{between: [0.5, 0.9]}", "{below: 0.9, above: 0.5}"),
        ])
        #expect(p.map(\.0) == ["E0103", "E0110", "E0103", "E0103", "E0111"], "\(p)")
        #expect(p[1].1 == "'over' samples one input, found 2 keys")
        #expect(p[3].1 == "expected a condition such as {below: 1.5} for 'best_val_loss', found the number 1.5"
                || p[3].1.hasPrefix("expected a condition such as {below: 1.5} for 'best_val_loss'"))
    }

    @Test func truthsMustMatchTheOutputs() {
        let p = Self.problems([("outputs: [f]", "outputs: [f, g]"), ("{dense: 1}", "{dense: 2}"),
                               ("integrand: {f: \"1\"}", "integrand: {f: \"1\"}")])
        #expect(p.map(\.0) == ["E0508"], "\(p)")
        #expect(p[0].1 == "one truth expression for 2 outputs")
    }

    @Test func expressionsReadOnlyRawInputs() {
        let p = Self.problems([("integrand: {f: \"1\"}", "integrand: {f: \"z * x\"}"),
                               ("truth: \"3 * x^0.5 * (1 - x)^3\"", "truth: \"f * x\"")])
        #expect(p.map(\.0) == ["E0502", "E0502"], "\(p)")
    }

    @Test func namesArePlainAndListsNotEmpty() {
        let p = Self.problems([("- name: F2-closure", "- name: F2 closure"), ("threshold: 1.0e-6}", "threshold: 1.0e-6, name: a.b}")])
        #expect(p.map(\.0) == ["E0109", "E0109"], "\(p)")
        let q = Self.problems([("  constraints:\n    - sum_rule: {integrand: {f: \"1\"}, over: {x: {logspace: [1.0e-6, 1.0], points: 400}}, equals: 2.0, weight: 100}\n    - positivity: {of: {f: \"1\"}, at: {x: {logspace: [1.0e-5, 0.9], points: 20}},\n                   multiplier: {initial: 1.0, factor: 1.2, every: 100, max: 1.0e8}, threshold: 1.0e-6}\n",
                                "  constraints: []\n")])
        #expect(q.map(\.0) == ["E0110"], "\(q)")
    }

    // MARK: Poisoning

    @Test func failingItemsAreLeftOutAndPoisonTheList() throws {
        let dir = temporaryFolder(Self.files)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = Self.spec.replacingOccurrences(of: "fktable: F2-fk.csv", with: "fktable: missing.csv")
            .replacingOccurrences(of: "equals: 2.0, weight: 100}", with: "equals: two, weight: 100}")
        let result = SpecLoader.decodeRecovering(text: text, path: dir.appendingPathComponent("spec.yaml").path, sources: SourceManager())
        let recovered = try #require(result.recovered)
        #expect(result.spec == nil)
        #expect(recovered.spec.data.observables.map(\.name.value) == ["F2-closure"])
        #expect(recovered.spec.training.constraints.map(\.name.value) == ["positivity_1"])
        #expect(recovered.poison.contains("data.observables.list"))
        #expect(recovered.poison.contains("training.constraints.list"))
        #expect(!recovered.poison.contains("data.observables.items"))
        #expect(!recovered.poison.contains("network.preprocessing"))
    }

    @Test func aFailingBlockPoisonsItsPath() throws {
        let text = Self.spec.replacingOccurrences(of: "small_x: [0.0, 0.5]", with: "small_x: [0.0, a]")
            .replacingOccurrences(of: "  observables:\n", with: "  observables: F2\n  unused:\n")
        let result = SpecLoader.decodeRecovering(text: text, path: "spec.yaml", sources: SourceManager())
        let recovered = try #require(result.recovered)
        #expect(recovered.spec.network.preprocessing == nil)
        #expect(recovered.poison.contains("network.preprocessing"))
        #expect(recovered.poison.contains("data.observables.items"))
    }
}

/// spec.resolved.yaml of a physics spec reads back as the same spec.
struct PhysicsResolvedTests {
    static let path = repoRoot.appendingPathComponent("specs/physics/observables.yaml").path

    @Test func resolvedYAMLDecodesToAnEqualSpec() throws {
        let (spec, diags) = SpecLoader.load(path: Self.path, sources: SourceManager())
        let original = try #require(spec, "\(diags)")
        let yaml = original.resolvedYAML()
        let again = decode(yaml, path: repoRoot.appendingPathComponent("specs/physics/resolved-observables.yaml").path)
        let back = try #require(again.spec, "\(again.rendered())\n\(yaml)")
        #expect(semanticallyEqual(original, back) == nil, "\(semanticallyEqual(original, back) ?? "")\n\(yaml)")
        #expect(back.resolvedYAML() == yaml)
    }

    @Test func resolvedYAMLWritesEveryDefault() throws {
        let spec = try #require(SpecLoader.load(path: Self.path, sources: SourceManager()).spec)
        let yaml = spec.resolvedYAML()
        #expect(yaml.contains("  preprocessing: {input: \"x\", small_x: [0, 0.5], large_x: [2, 5], trainable: true}\n"))
        #expect(yaml.contains("      values: {truth: \"3 * x^0.5 * (1 - x)^3\", level: 1, seed: 7}\n"))
        #expect(yaml.contains("    - sum_rule: {name: \"momentum\", integrand: {f: \"x\"}, over: {x: {logspace: [1e-06, 1], points: 400}}, equals: 0.5, weight: 100}\n"))
        #expect(yaml.contains("    - positivity: {name: \"positivity_1\", of: {f: \"1\"}, at: {x: {logspace: [1e-05, 0.9], points: 20}}, multiplier: {initial: 1, factor: 1.2, every: 100, max: 100000000}, threshold: 1e-06}\n"))
        #expect(yaml.hasSuffix("expect:\n  best_val_loss: {below: 3}\n  closure: {xi_1sigma: {between: [0.3, 1]}, bias_variance_ratio: {below: 3}}\n  constraints: {momentum: {between: [0.45, 0.55]}}\n"))
    }

    @Test func resolvedYAMLKeepsSeveralTruthsAndUncertaintyColumns() throws {
        let d = PhysicsDecoderTests.with([
            ("outputs: [f]", "outputs: [g, f]"), ("{dense: 1}", "{dense: 2}"),
            ("truth: \"3 * x^0.5 * (1 - x)^3\"", "truth: {f: \"x\", g: \"1 - x\"}"),
            ("      covariance: F2-cov.csv\n", "      uncertainty: {csv: F2-data.csv, column: error}\n"),
            ("  best_val_loss: {below: 1.5}\n", "  constraints: {sum_rule_0: {above: 1}}\n  final_train_loss: {below: 2}\n"),
        ])
        let spec = try #require(d.spec, "\(d.rendered())")
        let yaml = spec.resolvedYAML()
        #expect(yaml.contains("values: {truth: {g: \"1 - x\", f: \"x\"}, level: 1, seed: 7}"))
        #expect(yaml.contains("uncertainty: {csv: \"F2-data.csv\", column: \"error\"}"))
        let dir = temporaryFolder(PhysicsDecoderTests.files)
        defer { try? FileManager.default.removeItem(at: dir) }
        let back = try #require(decode(yaml, path: dir.appendingPathComponent("resolved.yaml").path).spec)
        #expect(semanticallyEqual(spec, back) == nil)
        #expect(back.expect?.entries.map(\.metric.value.key)
                == ["constraints.sum_rule_0", "final_train_loss", "closure.xi_1sigma", "closure.bias_variance_ratio"])
    }
}
