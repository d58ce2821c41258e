import Foundation
import NNCCheck
import NNCDiagnostics
import NNCLowering
import NNCPlan
import NNCSpec
import Testing
@testable import NNCTrain

/// The training loop over the real interpreter: reproducibility, exact
/// resumes (with dropout and shuffled mini-batches), divergence, and
/// predictions checked against a forward pass computed here in Double.
@Suite struct InterpreterFitTests {
    static func spec(
        optimizer: String = "{adam: {learning_rate: 1.0e-2}}", batch: String = "8", dropout: Double = 0.1,
        replicas: Int = 1, epochs: Int = 20
    ) throws -> Spec {
        let text = """
            nnc: 1
            name: small
            inputs: [x]
            outputs: [y]
            network:
              layers:
                - dense: 6
                  activation: tanh
                  dropout: \(dropout)
                - dense: 1
                  activation: linear
            data:
              generate:
                truth: "sin(3 * x)"
                x: {linspace: [-1, 1], points: 30}
                noise: {absolute: 0.05}
                seed: 3
              validation: {fraction: 0.2, seed: 1}
            training:
              loss: mse
              optimizer: \(optimizer)
              batch_size: \(batch)
              epochs: \(epochs)
              seed: 9
              replicas: \(replicas)
            """
        let sources = SourceManager()
        let result = Frontend.compile(text: text, path: "small.yaml", sources: sources)
        #expect(!result.hasErrors, "\(TextRenderer(sources: sources).render(result.diagnostics))")
        return try #require(result.spec)
    }

    static func plan(_ spec: Spec) throws -> Plan {
        let (plan, diagnostics) = Lowering.lower(spec, options: LoweringOptions(mode: .training))
        #expect(!diagnostics.hasErrors)
        return try #require(plan)
    }

    func train(_ spec: Spec, folder: String, threads: Int = 1, resume: Bool = false, stop: StopRequest? = nil,
               stopAfter: Int? = nil, epochs: Int? = nil) throws -> RunSummary {
        let plan = try Self.plan(spec)
        let data = try TrainingData.load(spec: spec)
        let hash = SHA256.hex(try plan.jsonData(pretty: false))
        return try Trainer.run(
            spec: spec, data: data, layout: ParameterLayout(plan: plan), planHash: hash,
            options: TrainOptions(folder: folder, epochs: epochs, resume: resume, checkpoints: .epochs(4), threads: threads),
            stop: stop, progress: { p in if p.epoch == stopAfter { stop?.request() } },
            makeEngine: { _ in try InterpreterEngine(plan: plan) })
    }

    func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    @Test func sameSeedTwiceGivesBitIdenticalWeights() throws {
        let a = try temporaryFolder("ifit"), b = try temporaryFolder("ifit")
        defer { for d in [a, b] { try? FileManager.default.removeItem(atPath: d) } }
        let spec = try Self.spec(replicas: 2)
        _ = try train(spec, folder: a, threads: 1)
        _ = try train(spec, folder: b, threads: 2)
        for r in ["replica_000", "replica_001"] {
            #expect(try bytes("\(a)/\(r)/weights.safetensors") == bytes("\(b)/\(r)/weights.safetensors"))
            #expect(try SafeTensors.read(path: "\(a)/\(r)/checkpoint.safetensors").tensors
                == SafeTensors.read(path: "\(b)/\(r)/checkpoint.safetensors").tensors)
        }
        #expect(try bytes("\(a)/replica_000/weights.safetensors") != bytes("\(a)/replica_001/weights.safetensors"))
    }

    @Test func resumeWithDropoutAndMiniBatchesIsExact() throws {
        let whole = try temporaryFolder("ifit"), parts = try temporaryFolder("ifit")
        defer { for d in [whole, parts] { try? FileManager.default.removeItem(atPath: d) } }
        let spec = try Self.spec()
        let full = try train(spec, folder: whole)
        let stop = StopRequest()
        let first = try train(spec, folder: parts, stop: stop, stopAfter: 7)
        #expect(first.replicas.first?.stopReason == .interrupted && first.replicas.first?.epochsRun == 7)
        // Continue with more epochs than the first run had; the total is 20 either way.
        let second = try train(spec, folder: parts, resume: true)
        #expect(second.replicas.first?.epochsRun == 20)
        #expect(full.replicas.first?.bestValidationLoss == second.replicas.first?.bestValidationLoss)
        let w1 = try SafeTensors.read(path: whole + "/weights.safetensors"), w2 = try SafeTensors.read(path: parts + "/weights.safetensors")
        #expect(w1 == w2)
        let c1 = try SafeTensors.read(path: whole + "/checkpoint.safetensors"), c2 = try SafeTensors.read(path: parts + "/checkpoint.safetensors")
        #expect(c1.tensors == c2.tensors)
        #expect(c1.metadata.filter { $0.key != "elapsed_seconds" } == c2.metadata.filter { $0.key != "elapsed_seconds" })
    }

    @Test func extendingAFinishedRunEqualsTrainingLongerAtOnce() throws {
        let long = try temporaryFolder("ifit"), extended = try temporaryFolder("ifit")
        defer { for d in [long, extended] { try? FileManager.default.removeItem(atPath: d) } }
        let spec = try Self.spec()
        _ = try train(spec, folder: long, epochs: 12)
        _ = try train(spec, folder: extended, epochs: 5)
        _ = try train(spec, folder: extended, resume: true, epochs: 12)
        #expect(try SafeTensors.read(path: long + "/weights.safetensors") == SafeTensors.read(path: extended + "/weights.safetensors"))
    }

    @Test func divergenceStopsWithAClearErrorAndKeepsTheCheckpoint() throws {
        let dir = try temporaryFolder("ifit")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let spec = try Self.spec(optimizer: "{sgd: {learning_rate: 1.0e+4}}", batch: "full", dropout: 0, epochs: 200)
        // The run ends with the fit marked failed and its diagnostic; the summary lists it.
        let run = try train(spec, folder: dir)
        let d = try #require(run.diagnostics.first)
        #expect(run.diagnostics.count == 1 && d.code == "E0715" && d.span == spec.training.optimizer.span && d.message.contains("at epoch"))
        #expect(run.replicas.first?.status == .failed && run.replicas.first?.failed?.contains("loss became") == true)
        let summary = try String(contentsOfFile: dir + "/summary.json", encoding: .utf8)
        #expect(summary.contains("non_finite_loss") && summary.contains("\"status\" : \"failed\""))
        // It diverges in epoch 5; the checkpoint of epoch 4 stays, whole and finite.
        let c = try SafeTensors.read(path: dir + "/checkpoint.safetensors")
        #expect(c.metadata["epoch"] == "4")
        #expect(c.tensors.allSatisfy { $0.values.allSatisfy(\.isFinite) })
        #expect(!FileManager.default.fileExists(atPath: dir + "/weights.safetensors"))
    }

    @Test func predictionsMatchAForwardPassInDouble() throws {
        let dir = try temporaryFolder("ifit")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let spec = try Self.spec(epochs: 10)
        _ = try train(spec, folder: dir)
        let weights = try SafeTensors.read(path: dir + "/weights.safetensors")
        try "x\n-0.9\n-0.25\n0\n0.3\n0.95\n".write(toFile: dir + "/in.csv", atomically: true, encoding: .utf8)
        let data = try Prediction.inputs(spec: spec, path: dir + "/in.csv")
        let (plan, _) = Lowering.lower(spec, options: LoweringOptions(mode: .inference, batchSize: 2))
        var engine = try InterpreterEngine(plan: try #require(plan))
        let loaded = try Trainer.initialWeights(path: dir + "/weights.safetensors", layout: ParameterLayout(plan: plan!))
        for i in loaded.indices { engine.parameters[i] = loaded[i] }
        let predicted = Prediction.run(&engine, data: data)  // in chunks of 2: exercises the short last batch

        func t(_ name: String) -> [Double] { weights.tensor(name)!.values.map(Double.init) }
        let w0 = t("dense_0.weight"), b0 = t("dense_0.bias"), w1 = t("dense_1.weight"), b1 = t("dense_1.bias")
        var maxDiff = 0.0
        for (k, x) in [-0.9, -0.25, 0, 0.3, 0.95].enumerated() {
            var y = b1[0]
            for j in 0..<6 { y += w1[j] * tanh(w0[j] * x + b0[j]) }
            maxDiff = max(maxDiff, abs(Double(predicted[k]) - y))
        }
        #expect(maxDiff < 1e-5, "max difference \(maxDiff)")
    }
}
