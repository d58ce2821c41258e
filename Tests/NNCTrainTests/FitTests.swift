import Foundation
import NNCDiagnostics
import NNCVocabulary
import Testing
@testable import NNCTrain

@Suite struct FitTests {
    /// y = 2 x0 - x1 + 0.5 plus a little deterministic wobble; 40 training and 10 validation points.
    static func data(_ n: Int, offset: Int) -> DataSet {
        var x = [Float](repeating: 0, count: 2 * n), y = [Float](repeating: 0, count: n)
        for k in 0..<n {
            let a = Float(k + offset) / 50, b = Float((k + offset) * 7 % 13) / 13
            x[k] = a
            x[n + k] = b
            y[k] = 2 * a - b + 0.5 + 0.01 * Float((k * 31 % 7) - 3)
        }
        return DataSet(inputNames: ["a", "b"], outputNames: ["y"], count: n, inputs: x, targets: y)
    }

    static let train = data(40, offset: 0), validation = data(10, offset: 40)

    func options(_ folder: String, epochs: Int, checkpoints: CheckpointPolicy = .epochs(5), resume: Bool = false,
                 patience: Int? = nil, minDelta: Double = 0) -> FitOptions {
        FitOptions(
            epochs: epochs, patience: patience, minDelta: minDelta, checkpoints: checkpoints, folder: folder,
            seeds: ReplicaSeeds(trainingSeed: 42, replica: 0), trainingSeed: 42,
            layout: LinearEngine(inputs: 2, outputs: 1, capacity: 1, learningRate: 0).layout,
            planHash: "test-plan", optimizer: "sgd", learningRate: 0.05, resume: resume,
            optimizerSpan: SourceSpan(file: "spec.yaml", line: 20, column: 3, length: 9))
    }

    func engine(capacity: Int = 16, learningRate: Float = 0.05) -> LinearEngine {
        LinearEngine(inputs: 2, outputs: 1, capacity: capacity, learningRate: learningRate)
    }

    func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    func weights(_ folder: String) throws -> [Float] {
        let f = try SafeTensors.read(path: folder + "/weights.safetensors")
        return f.tensors.flatMap(\.values)
    }

    @Test func trainsAndWritesItsFiles() throws {
        let dir = try temporaryFolder("fit")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var e = engine()
        let s = try Fit.run(engine: &e, train: Self.train, validation: Self.validation, options: options(dir, epochs: 60))
        #expect(s.epochsRun == 60 && s.stopReason == .epochs && s.weights == "best")
        #expect(s.finalTrainLoss! < 0.01)
        #expect(e.optimizerSteps == 60 * 3)  // 40 points in batches of 16, 16, 8
        let rows = try String(contentsOfFile: dir + "/metrics.csv", encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 61 && rows[0] == "epoch,train_loss,val_loss,learning_rate,seconds")
        for f in ["weights.safetensors", "checkpoint.safetensors", "summary.json"] {
            #expect(FileManager.default.fileExists(atPath: dir + "/" + f), "\(f)")
        }
        let w = try SafeTensors.read(path: dir + "/weights.safetensors")
        #expect(w.tensors.map(\.name) == ["lin.weight", "lin.bias"])
        #expect(w.metadata["nnc_weights"] == "best" && w.metadata["epoch"] == String(s.bestEpoch!))
    }

    @Test func sameSeedTwiceGivesIdenticalWeights() throws {
        let a = try temporaryFolder("fit"), b = try temporaryFolder("fit")
        defer { for d in [a, b] { try? FileManager.default.removeItem(atPath: d) } }
        var e1 = engine(), e2 = engine()
        _ = try Fit.run(engine: &e1, train: Self.train, validation: Self.validation, options: options(a, epochs: 30))
        _ = try Fit.run(engine: &e2, train: Self.train, validation: Self.validation, options: options(b, epochs: 30))
        #expect(try bytes(a + "/weights.safetensors") == bytes(b + "/weights.safetensors"))
        #expect(try bytes(a + "/checkpoint.safetensors").count > 0)
    }

    @Test func resumedRunEndsWithTheWeightsOfAnUninterruptedOne() throws {
        let whole = try temporaryFolder("fit"), parts = try temporaryFolder("fit")
        defer { for d in [whole, parts] { try? FileManager.default.removeItem(atPath: d) } }
        var e1 = engine()
        _ = try Fit.run(engine: &e1, train: Self.train, validation: Self.validation, options: options(whole, epochs: 40))

        // Stopped at epoch 17 (Ctrl-C), then resumed in a fresh engine.
        let stop = StopRequest()
        var e2 = engine()
        let first = try Fit.run(engine: &e2, train: Self.train, validation: Self.validation, options: options(parts, epochs: 40), stop: stop) { p in
            if p.epoch == 17 { stop.request() }
        }
        #expect(first.stopReason == .interrupted && first.epochsRun == 17)
        var e3 = engine()
        let second = try Fit.run(engine: &e3, train: Self.train, validation: Self.validation, options: options(parts, epochs: 40, resume: true))
        #expect(second.epochsRun == 40)
        #expect(try weights(whole) == weights(parts))
        let c1 = try SafeTensors.read(path: whole + "/checkpoint.safetensors"), c2 = try SafeTensors.read(path: parts + "/checkpoint.safetensors")
        #expect(c1.tensors == c2.tensors)
        let m1 = try String(contentsOfFile: whole + "/metrics.csv", encoding: .utf8), m2 = try String(contentsOfFile: parts + "/metrics.csv", encoding: .utf8)
        func losses(_ text: String) -> [String] { text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).prefix(3).joined(separator: ",") } }
        #expect(losses(m1) == losses(m2))
    }

    /// A learning-rate schedule sets each epoch's rate (metrics.csv's
    /// learning_rate column); a plateau schedule's state is part of the
    /// checkpoint, so an interrupted run resumes to the uninterrupted one.
    @Test func aScheduleSetsEachEpochsRateAndResumesWithItsState() throws {
        let whole = try temporaryFolder("fit"), parts = try temporaryFolder("fit")
        defer { for d in [whole, parts] { try? FileManager.default.removeItem(atPath: d) } }
        let plateau = LearningRateSchedule(.plateau, values: ["initial": 0.2, "factor": 0.5, "patience": 1], learningRate: 0.05,
                                           trainingEpochs: 40)
        func scheduled(_ folder: String, resume: Bool = false) -> FitOptions {
            var o = options(folder, epochs: 40, resume: resume)
            o.learningRate = 0.2
            o.schedule = plateau
            return o
        }
        var e1 = engine()
        _ = try Fit.run(engine: &e1, train: Self.train, validation: Self.validation, options: scheduled(whole))
        let stop = StopRequest()
        var e2 = engine()
        _ = try Fit.run(engine: &e2, train: Self.train, validation: Self.validation, options: scheduled(parts), stop: stop) { p in
            if p.epoch == 23 { stop.request() }
        }
        var e3 = engine()
        _ = try Fit.run(engine: &e3, train: Self.train, validation: Self.validation, options: scheduled(parts, resume: true))
        #expect(try weights(whole) == weights(parts))
        let m1 = try MetricsLog.read(path: whole + "/metrics.csv"), m2 = try MetricsLog.read(path: parts + "/metrics.csv")
        #expect(m1.map(\.learningRate) == m2.map(\.learningRate))
        #expect(m1.map(\.validationLoss) == m2.map(\.validationLoss))
        // The rate started at 0.2 and was halved at plateaus, by exactly 0.5 each time.
        let rates = m1.map(\.learningRate)
        #expect(rates.first == 0.2)
        #expect(Set(rates).count > 1, "\(rates)")
        #expect(zip(rates, rates.dropFirst()).allSatisfy { $1 == $0 || $1 == $0 * 0.5 })

        // A closed-form schedule: the column is the formula of the epoch.
        let cosine = try temporaryFolder("fit")
        defer { try? FileManager.default.removeItem(atPath: cosine) }
        var o = options(cosine, epochs: 12)
        o.schedule = LearningRateSchedule(.cosine, values: ["initial": 0.1, "final": 0.01, "epochs": 10], learningRate: 0.05,
                                          trainingEpochs: 12)
        var e4 = engine()
        _ = try Fit.run(engine: &e4, train: Self.train, validation: Self.validation, options: o)
        let column = try MetricsLog.read(path: cosine + "/metrics.csv").map(\.learningRate)
        #expect(column == (0..<12).map { o.schedule!.rate(afterEpochs: $0) })
    }

    @Test func resumeFromAnOlderCheckpointAfterACrash() throws {
        // A run "killed" after epoch 23 leaves the checkpoint of epoch 20 and metrics up to 23.
        let whole = try temporaryFolder("fit"), crashed = try temporaryFolder("fit")
        defer { for d in [whole, crashed] { try? FileManager.default.removeItem(atPath: d) } }
        var e1 = engine()
        _ = try Fit.run(engine: &e1, train: Self.train, validation: Self.validation, options: options(whole, epochs: 30))
        var e2 = engine()
        _ = try Fit.run(engine: &e2, train: Self.train, validation: Self.validation, options: options(crashed, epochs: 20))
        let rows = try String(contentsOfFile: crashed + "/metrics.csv", encoding: .utf8)
        try (rows + "21,9,9,0.05,1\n22,9,9,0.05,1\n").write(toFile: crashed + "/metrics.csv", atomically: true, encoding: .utf8)
        var e3 = engine()
        _ = try Fit.run(engine: &e3, train: Self.train, validation: Self.validation, options: options(crashed, epochs: 30, resume: true))
        #expect(try weights(whole) == weights(crashed))
        let after = try String(contentsOfFile: crashed + "/metrics.csv", encoding: .utf8).split(separator: "\n")
        #expect(after.count == 31 && !after.contains { $0.hasPrefix("21,9,9") })
    }

    @Test func patienceStopsAndRestoresTheBestWeights() throws {
        let dir = try temporaryFolder("fit")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var e = engine()
        // Nothing counts as an improvement after the first epoch.
        let s = try Fit.run(engine: &e, train: Self.train, validation: Self.validation, options: options(dir, epochs: 100, patience: 4, minDelta: 1e9))
        #expect(s.stopReason == .patience && s.epochsRun == 5 && s.bestEpoch == 1)
        let c = try SafeTensors.read(path: dir + "/checkpoint.safetensors")
        #expect(try weights(dir) == c.tensors.filter { $0.name.hasPrefix("best.") }.flatMap(\.values))
        #expect(try weights(dir) != c.tensors.filter { !$0.name.contains(".") || $0.name.hasPrefix("lin.") }.flatMap(\.values))
    }

    @Test func divergenceIsAClearErrorAndKeepsTheLastGoodCheckpoint() throws {
        let dir = try temporaryFolder("fit")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var e = engine(learningRate: 40)
        #expect {
            _ = try Fit.run(engine: &e, train: Self.train, validation: Self.validation, options: options(dir, epochs: 500, checkpoints: .epochs(1)))
        } throws: { error in
            guard let d = (error as? TrainError)?.diagnostics.first else { return false }
            return d.code == "E0715" && d.message.contains("at epoch") && d.span.start.line == 20
                && d.notes.first?.message.contains("the last good checkpoint") == true
        }
        let c = try Checkpoint.read(path: dir + "/checkpoint.safetensors", layout: e.layout, identity: RunIdentity(planHash: "test-plan"),
                                    optimizer: "sgd", moments: 1, stopping: EarlyStopping(patience: nil))
        #expect(c.parameters.allSatisfy(\.isFinite) && c.epoch > 0)
        let summary = try String(contentsOfFile: dir + "/summary.json", encoding: .utf8)
        #expect(summary.contains("non_finite_loss"))
    }

    @Test func resumeWithoutACheckpointOrWithAnotherPlan() throws {
        let dir = try temporaryFolder("fit")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var e = engine()
        #expect {
            _ = try Fit.run(engine: &e, train: Self.train, validation: nil, options: options(dir, epochs: 5, resume: true))
        } throws: { ($0 as? TrainError)?.diagnostics.first?.code == "E0717" }
        _ = try Fit.run(engine: &e, train: Self.train, validation: nil, options: options(dir, epochs: 5))
        var other = options(dir, epochs: 10, resume: true)
        other.planHash = "another"
        #expect {
            _ = try Fit.run(engine: &e, train: Self.train, validation: nil, options: other)
        } throws: { ($0 as? TrainError)?.diagnostics.first?.code == "E0714" }
    }

    @Test func withoutValidationTheLastWeightsAreWritten() throws {
        let dir = try temporaryFolder("fit")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var e = engine()
        let s = try Fit.run(engine: &e, train: Self.train, validation: nil, options: options(dir, epochs: 8))
        #expect(s.weights == "last" && s.bestEpoch == nil)
        #expect(try weights(dir) == Array(e.parameters))
    }
}
