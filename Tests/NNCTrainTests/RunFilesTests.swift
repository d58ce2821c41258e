import Foundation
import NNCDiagnostics
import Testing
@testable import NNCTrain

func temporaryFolder(_ tag: String) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnc-\(tag)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

@Suite struct BatchScheduleTests {
    @Test func miniBatchesKeepTheLastPartialBatch() {
        var s = BatchSchedule(count: 10, batchSize: 4, seed: 3)
        #expect(s.batchesPerEpoch == 3)
        s.nextEpoch()
        let batches = (0..<3).map { Array(s.batch($0)) }
        #expect(batches.map(\.count) == [4, 4, 2])
        #expect(batches.flatMap { $0 }.sorted() == Array(0..<10))
        let first = s.order
        s.nextEpoch()
        #expect(s.order != first)
    }

    @Test func stateRestoresTheSameOrders() {
        var a = BatchSchedule(count: 20, batchSize: 5, seed: 11)
        a.nextEpoch()
        var b = BatchSchedule(count: 20, batchSize: 5, seed: 0)
        b.state = a.state
        a.nextEpoch()
        b.nextEpoch()
        #expect(a.order == b.order)
    }

    @Test func fullBatchIsPointOrder() {
        var s = BatchSchedule(count: 6, batchSize: 100, seed: 1)
        let state = s.state
        s.nextEpoch()
        #expect(s.isFullBatch && s.batchesPerEpoch == 1 && Array(s.batch(0)) == Array(0..<6))
        #expect(s.state == state)
    }
}

@Suite struct EarlyStoppingTests {
    @Test func patienceAndMinDelta() {
        var s = EarlyStopping(patience: 2, minDelta: 0.1)
        let improved = [(1.0, 1), (0.95, 2), (0.8, 3), (0.8, 4), (0.9, 5)].map { s.record(loss: $0.0, epoch: $0.1) }
        // 0.95 does not improve by more than min_delta.
        #expect(improved == [true, false, true, false, false])
        #expect(s.shouldStop && s.bestEpoch == 3 && s.bestLoss == 0.8)
    }

    @Test func withoutPatienceNeverStops() {
        var s = EarlyStopping(patience: nil)
        for e in 1...100 { _ = s.record(loss: Double(e), epoch: e) }
        #expect(!s.shouldStop && s.bestEpoch == 1)
    }
}

@Suite struct CheckpointTests {
    static let layout = ParameterLayout(entries: [
        .init(name: "dense_0.weight", shape: [2, 1], offset: 0),
        .init(name: "dense_0.bias", shape: [2], offset: 2),
        .init(name: "out.weight", shape: [1, 2], offset: 4),
    ], slabCount: 6)

    static func sample() -> Checkpoint {
        var stopping = EarlyStopping(patience: 5, minDelta: 0)
        _ = stopping.record(loss: 0.1 + 0.2, epoch: 3)
        _ = stopping.record(loss: 1, epoch: 4)
        stopping.bestAccuracy = 0.75
        return Checkpoint(
            identity: identity, optimizer: "adam", epoch: 4, batch: 3, partialLoss: 0.1 + 0.7, step: 40,
            parameters: [1, 2, 3, 4, 5, 6], moments: [[0.1, 0.2, 0.3, 0.4, 0.5, 0.6], [1e-8, 2e-8, 3e-8, 4e-8, 5e-8, 6e-8]],
            bestParameters: [6, 5, 4, 3, 2, 1], stopping: stopping,
            generators: ["batch": [1, 2, 3, 0xFFFF_FFFF_FFFF_FFFF], "dropout": [5, 6, 7, 8]],
            elapsedSeconds: 12.5, replica: 2)
    }

    /// The identity the sample checkpoint records.
    static let identity = RunIdentity(
        fields: ["training.optimizer.adam.learning_rate": "0.001", "network.layers[0].dense": "3", "training.seed": "5"],
        files: ["data/train.csv": "4a5f"], planHash: "abc123")

    func read(_ path: String, identity: RunIdentity = Self.identity, optimizer: String = "adam", moments: Int = 2) throws -> Checkpoint {
        try Checkpoint.read(path: path, layout: Self.layout, identity: identity, optimizer: optimizer, moments: moments,
                            stopping: EarlyStopping(patience: 5))
    }

    func code(_ body: () throws -> Void) -> DiagnosticCode? {
        do {
            try body()
            return nil
        } catch let e as TrainError {
            return e.diagnostics.first?.code
        } catch {
            return "other"
        }
    }

    @Test func roundTripIsExact() throws {
        let dir = try temporaryFolder("ckpt")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let c = Self.sample()
        try c.write(to: dir + "/checkpoint.safetensors", layout: Self.layout)
        let back = try read(dir + "/checkpoint.safetensors")
        #expect(back == c)
        #expect(back.stopping.bestLoss == 0.1 + 0.2)
    }

    /// A resume with a changed spec names each field that differs, old and
    /// new, in one diagnostic; fields that only decide when to stop may change.
    @Test func aChangedSpecIsNamedFieldByField() throws {
        let dir = try temporaryFolder("ckpt")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/checkpoint.safetensors"
        try Self.sample().write(to: path, layout: Self.layout)
        var changed = Self.identity
        changed.fields["training.optimizer.adam.learning_rate"] = "0.01"
        changed.fields["training.seed"] = nil
        changed.files["data/train.csv"] = "77e1"
        var diagnostics: [Diagnostic] = []
        do {
            _ = try read(path, identity: changed)
        } catch let e as TrainError {
            diagnostics = e.diagnostics
        }
        #expect(diagnostics.count == 1 && diagnostics.first?.code == "E0714")
        let d = try #require(diagnostics.first)
        #expect(d.message.hasSuffix("written for a different spec: 2 fields and 1 data file differ"), "\(d.message)")
        let notes = d.notes.map(\.message)
        #expect(notes.contains("training.optimizer.adam.learning_rate: 0.001 in the checkpoint, 0.01 now"))
        #expect(notes.contains("training.seed: 5 in the checkpoint, (absent) now"))
        #expect(notes.contains("data file data/train.csv: sha256 4a5f in the checkpoint, sha256 77e1 now"))
        #expect(notes.last?.contains("--force") == true)

        // The same identity resumes; so does a checkpoint of format 1 (the plan hash alone) of the same plan.
        #expect(try read(path).epoch == 4)
        var old = Self.sample().file(layout: Self.layout)
        old.metadata["format_version"] = "1"
        for key in ["spec", "data_files", "batch", "partial_loss"] { old.metadata[key] = nil }
        try old.write(to: dir + "/v1.safetensors")
        #expect(try read(dir + "/v1.safetensors", identity: changed).batch == 0)
        changed.planHash = "another"
        #expect(code { _ = try read(dir + "/v1.safetensors", identity: changed) } == "E0714")
    }

    @Test func mismatchesAreClearErrors() throws {
        let dir = try temporaryFolder("ckpt")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/checkpoint.safetensors"
        try Self.sample().write(to: path, layout: Self.layout)
        var other = Self.identity
        other.planHash = "other"
        #expect(code { _ = try read(path, identity: other) } == "E0714")
        #expect(code { _ = try read(path, optimizer: "sgd", moments: 1) } == "E0714")
        let wider = ParameterLayout(entries: [.init(name: "dense_0.weight", shape: [3, 1], offset: 0)], slabCount: 3)
        #expect(code { _ = try Checkpoint.read(path: path, layout: wider, identity: Self.identity, optimizer: "adam", moments: 2, stopping: EarlyStopping(patience: nil)) } == "E0712")

        // A weights file is not a checkpoint.
        try SafeTensors(tensors: Self.layout.tensors(of: [1, 2, 3, 4, 5, 6])).write(to: dir + "/w.safetensors")
        #expect(code { _ = try read(dir + "/w.safetensors") } == "E0714")

        // A torn file (cut anywhere) is reported, never trusted.
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        try Data(bytes.prefix(bytes.count - 7)).write(to: URL(fileURLWithPath: dir + "/torn.safetensors"))
        #expect(code { _ = try read(dir + "/torn.safetensors") } == "E0711")

        // Edited metadata.
        var file = Self.sample().file(layout: Self.layout)
        file.metadata["epoch"] = "four"
        try file.write(to: dir + "/edited.safetensors")
        #expect(code { _ = try read(dir + "/edited.safetensors") } == "E0714")
    }
}

@Suite struct MetricsLogTests {
    @Test func writesRowsAndTruncatesOnResume() throws {
        let dir = try temporaryFolder("metrics")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/metrics.csv"
        let log = try MetricsLog(path: path, accuracy: true)
        for e in 1...5 {
            try log.append(EpochMetrics(epoch: e, trainLoss: 1 / Double(e), validationLoss: e == 5 ? nil : 0.5, learningRate: 1e-3, seconds: Double(e) / 10, trainAccuracy: 0.9, validationAccuracy: 0.8))
        }
        try log.flush()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.first == "epoch,train_loss,val_loss,learning_rate,seconds,train_accuracy,val_accuracy")
        #expect(lines[1] == "1,1.0,0.5,0.001,0.100,0.9,0.8")
        #expect(lines[5] == "5,0.2,,0.001,0.500,0.9,0.8")

        let resumed = try MetricsLog(path: path, accuracy: true, resumeAfter: 3)
        try resumed.append(EpochMetrics(epoch: 4, trainLoss: 0.25, validationLoss: 0.4, learningRate: 1e-3, seconds: 0.4))
        try resumed.flush()
        let after = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(after.count == 5)
        #expect(after[3].hasPrefix("3,"))
        #expect(after[4] == "4,0.25,0.4,0.001,0.400,,")
    }

    @Test func readsBackWhatItWrote() throws {
        let dir = try temporaryFolder("metrics-read")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/metrics.csv"
        let log = try MetricsLog(path: path, accuracy: false, extraColumns: ["valence"])
        var rows = [
            EpochMetrics(epoch: 1, trainLoss: 0.5, validationLoss: nil, learningRate: 1e-3, seconds: 0.25),
            EpochMetrics(epoch: 2, trainLoss: 0.25, validationLoss: 0.125, learningRate: 1e-3, seconds: 0.5),
            EpochMetrics(epoch: 3, trainLoss: .nan, validationLoss: .infinity, learningRate: 1e-3, seconds: 0.75),
        ]
        for i in rows.indices { rows[i].extras = [2.0]; try log.append(rows[i]) }
        try log.flush()
        let back = try MetricsLog.read(path: path)
        #expect(back.map(\.epoch) == [1, 2, 3])
        #expect(back[0].validationLoss == nil && back[1].validationLoss == 0.125 && back[2].validationLoss == .infinity)
        #expect(back[2].trainLoss.isNaN && back[1].trainLoss == 0.25 && back[1].seconds == 0.5)
        #expect(back[0].trainAccuracy == nil)

        // A row cut off before its train_loss is E0731 naming its line.
        try (String(contentsOfFile: path, encoding: .utf8) + "4\n").write(toFile: path, atomically: true, encoding: .utf8)
        let cut = #expect(throws: TrainError.self) { try MetricsLog.read(path: path) }
        #expect(cut?.diagnostics.first?.code == "E0731")
        #expect(cut?.diagnostics.first?.message.contains("line 5 of") == true)
        // A file that is not a log, and one that is not there.
        try "a,b\n1,2\n".write(toFile: path, atomically: true, encoding: .utf8)
        let other = #expect(throws: TrainError.self) { try MetricsLog.read(path: path) }
        #expect(other?.diagnostics.first?.message.contains("not a metrics log") == true)
        let missing = #expect(throws: TrainError.self) { try MetricsLog.read(path: dir + "/none.csv") }
        #expect(missing?.diagnostics.first?.code == "E0731")
        #expect(missing?.diagnostics.first?.message.contains("none.csv") == true)
    }

    @Test func summaryJSON() throws {
        let fits = [0.01, 0.03].enumerated().map { i, loss in
            FitSummary(replica: i, seed: 42, epochsRun: 100, stopReason: .patience, bestEpoch: 80, bestValidationLoss: loss,
                       finalTrainLoss: 0.02, finalValidationLoss: loss, weights: "best", seconds: 1.5)
        }
        let s = RunSummary(name: "fit", trainPoints: 150, validationPoints: 50, parameters: 100, seconds: 3, replicas: fits)
        #expect(abs(s.bestValidationLossMean! - 0.02) < 1e-15)
        #expect(abs(s.bestValidationLossStd! - 0.01 * 2.0.squareRoot()) < 1e-12)
        let json = RunSummary.json(s)
        #expect(json.contains("\"stop_reason\" : \"patience\""))
        let back = try JSONDecoder().decode(RunSummary.self, from: Data(json.utf8))
        #expect(back == s)
    }
}
