import Foundation
import NNCCheck
import NNCDiagnostics
import NNCLowering
import NNCPlan
import NNCRuntime
import NNCSpec
import Testing
@testable import NNCTrain

/// chi2 with a full covariance matrix: a diagonal matrix reproduces the
/// per-point form, bad matrices are reported at their place, and a correlated
/// matrix trains (with replicas fluctuated by correlated noise).
@Suite struct CovarianceTests {
    static let points = 16

    /// Writes `train.csv` (x, y, dy) and returns the folder.
    static func folder() throws -> String {
        let dir = try temporaryFolder("cov")
        var csv = "x,y,dy\n"
        for n in 0..<points {
            let x = -1 + 2 * Double(n) / Double(points - 1)
            let dy = 0.05 + 0.02 * Double(n % 3)
            csv += "\(x),\(sin(3 * x) + 0.3 * dy * Double((n * 7) % 5 - 2)),\(dy)\n"
        }
        try csv.write(toFile: dir + "/train.csv", atomically: true, encoding: .utf8)
        return dir
    }

    static func write(_ matrix: (Int, Int) -> Double, to path: String) throws {
        let rows = (0..<points).map { i in (0..<points).map { j in "\(matrix(i, j))" }.joined(separator: ", ") }
        try (rows.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func sigma(_ n: Int) -> Double { 0.05 + 0.02 * Double(n % 3) }

    static func spec(_ dir: String, loss: String, batch: String = "full", epochs: Int = 5, replicas: Int = 1) throws -> Spec {
        let (spec, diagnostics) = try compile(dir, loss: loss, batch: batch, epochs: epochs, replicas: replicas)
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        return spec
    }

    static func compile(
        _ dir: String, loss: String, batch: String = "full", epochs: Int = 5, replicas: Int = 1
    ) throws -> (Spec, [Diagnostic]) {
        let text = """
            nnc: 1
            name: covariance
            inputs: [x]
            outputs: [y]
            network:
              layers:
                - dense: 6
                  activation: tanh
                - dense: 1
                  activation: linear
            data:
              train: {csv: \(dir)/train.csv}
              validation: {fraction: 0.25, seed: 1}
            training:
              loss: \(loss)
              optimizer: {adam: {learning_rate: 1.0e-2}}
              batch_size: \(batch)
              epochs: \(epochs)
              seed: 9
              replicas: \(replicas)
            """
        let result = Frontend.compile(text: text, path: dir + "/spec.yaml", sources: SourceManager())
        return (try #require(result.spec), result.diagnostics)
    }

    static func engine(_ spec: Spec) throws -> InterpreterEngine {
        let (plan, diagnostics) = Lowering.lower(spec, options: LoweringOptions(mode: .training))
        #expect(!diagnostics.hasErrors)
        var engine = try InterpreterEngine(plan: try #require(plan))
        engine.initialize(seed: 5)
        return engine
    }

    /// Training loss, one step's update, then the validation loss.
    static func losses(_ spec: Spec) throws -> (train: Double, step: Double, validation: Double, parameters: [Float]) {
        let data = try TrainingData.load(spec: spec)
        var engine = try engine(spec)
        let all = Array(0..<data.train.count)[...]
        engine.load(data.train, indices: all)
        let train = engine.evaluate(count: all.count)
        let step = engine.trainStep(count: all.count)
        let validation = try #require(data.validation)
        engine.load(validation, indices: Array(0..<validation.count)[...])
        return (train, step, engine.evaluate(count: validation.count), Array(engine.parameters))
    }

    func code(_ body: () throws -> Void) -> Diagnostic? {
        do { try body() } catch { return (error as? TrainError)?.diagnostics.first }
        return nil
    }

    @Test func diagonalCovarianceEqualsPerPointUncertainties() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.write({ i, j in i == j ? Self.sigma(i) * Self.sigma(i) : 0 }, to: dir + "/cov.csv")
        let a = try Self.losses(Self.spec(dir, loss: "{chi2: {uncertainty: dy}}"))
        let b = try Self.losses(Self.spec(dir, loss: "{chi2: {covariance: cov.csv}}"))
        #expect(a.train > 1)
        #expect(abs(a.train - b.train) <= 1e-5 * a.train)
        #expect(abs(a.step - b.step) <= 1e-5 * a.step)
        #expect(abs(a.validation - b.validation) <= 1e-5 * a.validation)
        for (p, q) in zip(a.parameters, b.parameters) { #expect(abs(p - q) <= 1e-5 * max(1, abs(p))) }
    }

    @Test func badMatricesAreReportedAtTheirPlace() throws {
        let span = SourceSpan(file: "spec.yaml", line: 1, column: 1, length: 1)
        func parse(_ text: String, points: Int = 2) -> Diagnostic? {
            code { _ = try DataCovariance.parse(text: text, path: "cov.csv", points: points, outputs: 1, lossSpan: span) }
        }
        #expect(parse("1, 0\n0, 2\n") == nil)
        let notPD = parse("1, 2\n2, 1\n")
        #expect(notPD?.code == "E0718" && notPD?.message.contains("not positive definite") == true)
        let rows = parse("1, 0\n0, 2\n0, 0\n")
        #expect(rows?.code == "E0719" && rows?.message.contains("has 3 rows; expected 2×2") == true)
        let short = parse("1, 0\n0\n")
        #expect(short?.code == "E0719" && short?.span.start.line == 2)
        let asymmetric = parse("1, 0.5\n0.4, 1\n")
        #expect(asymmetric?.code == "E0718" && asymmetric?.message.contains("not symmetric") == true)
        let word = parse("1, 0\n0,  abc\n")
        #expect(word?.code == "E0703" && word?.span.start.line == 2 && word?.span.start.column == 5)
        #expect(parse("1, 0\n0, inf\n")?.code == "E0705")
        #expect(parse("0, 0\n0, 1\n")?.code == "E0718")

        // Through the loader: a matrix for the wrong number of points, and mini-batches.
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "1, 0\n0, 1\n".write(toFile: dir + "/cov.csv", atomically: true, encoding: .utf8)
        let spec = try Self.spec(dir, loss: "{chi2: {covariance: cov.csv}}")
        let size = code { _ = try TrainingData.load(spec: spec) }
        #expect(size?.code == "E0719" && size?.message.contains("expected 16×16") == true)
        try Self.write({ i, j in i == j ? 1 : 0 }, to: dir + "/cov.csv")
        // The checker reports mini-batches (E0412); the loader refuses them too.
        let (batched, found) = try Self.compile(dir, loss: "{chi2: {covariance: cov.csv}}", batch: "4")
        #expect(found.map(\.code) == ["E0412"] && found.first?.span == batched.training.batchSize.span)
        let batch = code { _ = try TrainingData.load(spec: batched) }
        #expect(batch?.code == "E0718" && batch?.span == batched.training.batchSize.span)
    }

    @Test func correlatedCovarianceTrainsWithReplicas() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // σ_i σ_j 0.6^|i−j|: neighbouring points strongly correlated.
        try Self.write({ i, j in Self.sigma(i) * Self.sigma(j) * pow(0.6, Double(abs(i - j))) }, to: dir + "/cov.csv")
        let spec = try Self.spec(dir, loss: "{chi2: {covariance: cov.csv}}", epochs: 200, replicas: 2)
        let data = try TrainingData.load(spec: spec)
        #expect(data.train.covariance?.dimension == 12 && data.validation?.covariance?.dimension == 4)
        let (plan, _) = Lowering.lower(spec, options: LoweringOptions(mode: .training))
        let p = try #require(plan)
        let summary = try Trainer.run(
            spec: spec, data: data, layout: ParameterLayout(plan: p), planHash: SHA256.hex(try p.jsonData(pretty: false)),
            options: TrainOptions(folder: dir + "/run", threads: 1), makeEngine: { _ in try InterpreterEngine(plan: p) })
        #expect(summary.replicas.count == 2 && summary.replicas.allSatisfy { $0.finalValidationLoss?.isFinite == true })
        for r in 0..<2 {
            let metrics = try String(contentsOfFile: dir + "/run/" + Fit.replicaFolderName(r) + "/metrics.csv", encoding: .utf8)
            let lines = metrics.split(separator: "\n")
            let column = try #require(lines.first?.split(separator: ",").firstIndex(of: "train_loss"))
            let first = try #require(Double(String(lines[1].split(separator: ",")[column])))
            let last = try #require(Double(String(lines[lines.count - 1].split(separator: ",")[column])))
            #expect(lines.count == 201 && last < 0.5 * first, "replica \(r): \(first) → \(last)")
        }
        // Correlated fluctuation: the shifts of neighbouring targets are L·z.
        var g1 = RandomGenerator(seed: 3), g2 = RandomGenerator(seed: 3)
        let shifted = data.train.fluctuated(&g1)
        let c = try #require(data.train.covariance)
        let z = (0..<c.dimension).map { _ in g2.normal() }
        for k in 0..<c.dimension {
            let expected = (0...k).reduce(0.0) { $0 + c.factor[k * c.dimension + $1] * z[$1] }
            #expect(abs(Double(shifted.targets[k] - data.train.targets[k]) - expected) < 1e-5)
        }
    }
}
