import Foundation
import Testing

/// `nnc train` and `nnc predict` end to end, as a user runs them: the run
/// folder, resuming after SIGKILL, bad checkpoints and weights, divergence,
/// training the plan built last, and predictions checked against a forward
/// pass computed here from the saved weights.
@Suite struct TrainCommandTests {
    static let tiny = """
        nnc: 1
        name: tiny
        inputs: [x]
        outputs: [y]
        network:
          layers:
            - dense: 4
              activation: tanh
              dropout: 0.1
            - dense: 1
              activation: linear
        data:
          generate:
            truth: "x^2"
            x: {linspace: [-1, 1], points: 24}
            noise: {absolute: 0.02}
            seed: 3
          validation: {fraction: 0.25, seed: 1}
        training:
          loss: mse
          optimizer: {adam: {learning_rate: 1.0e-2}}
          batch_size: 6
          epochs: 60
          seed: 5

        """

    /// A folder holding `tiny.yaml` (with `replace` applied to its text).
    func folder(_ replace: [(String, String)] = []) throws -> URL {
        let dir = try NNCProcess.temporaryDirectory()
        var text = Self.tiny
        for (a, b) in replace { text = text.replacingOccurrences(of: a, with: b) }
        try text.write(to: dir.appendingPathComponent("tiny.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    func data(_ url: URL) throws -> Data { try Data(contentsOf: url) }

    /// Tensors and metadata of a safetensors file, parsed here independently of nnc.
    func safetensors(_ url: URL) throws -> (tensors: [String: (shape: [Int], values: [Double])], metadata: [String: String]) {
        let bytes = [UInt8](try data(url))
        #expect(bytes.count >= 8)
        var n = 0
        for k in 0..<8 { n |= Int(bytes[k]) << (8 * k) }
        let header = try #require(try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + n)])) as? [String: Any])
        var tensors: [String: ([Int], [Double])] = [:]
        var end = 0
        for (name, value) in header where name != "__metadata__" {
            let info = try #require(value as? [String: Any])
            let shape = try #require(info["shape"] as? [Int])
            let offsets = try #require(info["data_offsets"] as? [Int])
            #expect(info["dtype"] as? String == "F32")
            var values: [Double] = []
            for i in stride(from: 8 + n + offsets[0], to: 8 + n + offsets[1], by: 4) {
                let bits = UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24
                values.append(Double(Float(bitPattern: bits)))
            }
            tensors[name] = (shape, values)
            end = max(end, offsets[1])
        }
        #expect(8 + n + end == bytes.count, "the data ends where the header says")
        return (tensors.mapValues { (shape: $0.0, values: $0.1) }, header["__metadata__"] as? [String: String] ?? [:])
    }

    @Test func trainWritesTheRunFolder() throws {
        let dir = try folder()
        let r = try NNCProcess.run(["train", "tiny.yaml"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let run = dir.appendingPathComponent("runs/tiny")
        for file in ["weights.safetensors", "checkpoint.safetensors", "metrics.csv", "summary.json", "spec.resolved.yaml"] {
            #expect(FileManager.default.fileExists(atPath: run.appendingPathComponent(file).path), "\(file)")
        }
        #expect(r.stdout.contains("trained tiny: 60 epochs"))
        #expect(r.stdout.contains("wrote runs/tiny/"))
        let metrics = try String(contentsOf: run.appendingPathComponent("metrics.csv"), encoding: .utf8).split(separator: "\n")
        #expect(metrics.first == "epoch,train_loss,val_loss,learning_rate,seconds" && metrics.count == 61)
        let w = try safetensors(run.appendingPathComponent("weights.safetensors"))
        #expect(w.tensors["dense_0.weight"]?.shape == [4, 1] && w.tensors["dense_1.bias"]?.shape == [1])
        #expect(w.metadata["nnc_weights"] == "best")
        let summary = try #require(try JSONSerialization.jsonObject(with: data(run.appendingPathComponent("summary.json"))) as? [String: Any])
        #expect(summary["train_points"] as? Int == 18 && summary["val_points"] as? Int == 6)
    }

    @Test func predictMatchesAForwardPassFromTheSavedWeights() throws {
        let dir = try folder()
        #expect(try NNCProcess.run(["train", "tiny.yaml", "--out", "fit", "--quiet"], in: dir).status == 0)
        let xs = [-1.0, -0.37, 0, 0.5, 0.99]
        try ("other,x\n" + xs.map { "a,\($0)\n" }.joined()).write(to: dir.appendingPathComponent("in.csv"), atomically: true, encoding: .utf8)
        let r = try NNCProcess.run(["predict", "tiny.yaml", "--weights", "fit", "--input", "in.csv", "--output", "out.csv"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = try String(contentsOf: dir.appendingPathComponent("out.csv"), encoding: .utf8).split(separator: "\n")
        // The input columns the spec reads come first, as read.
        #expect(lines.first == "x,y" && lines.count == xs.count + 1)
        #expect(lines.dropFirst().map { Double($0.split(separator: ",")[0]) } == xs)
        let bare = try NNCProcess.run(["predict", "tiny.yaml", "--weights", "fit", "--input", "in.csv", "--output", "-", "--no-inputs"], in: dir)
        #expect(bare.status == 0 && bare.stdout.split(separator: "\n").first == "y")
        #expect(Array(bare.stdout.split(separator: "\n").dropFirst()) == lines.dropFirst().map { $0.split(separator: ",")[1] })

        let w = try safetensors(dir.appendingPathComponent("fit/weights.safetensors")).tensors
        let w0 = try #require(w["dense_0.weight"]).values, b0 = try #require(w["dense_0.bias"]).values
        let w1 = try #require(w["dense_1.weight"]).values, b1 = try #require(w["dense_1.bias"]).values
        var maxDiff = 0.0
        for (k, x) in xs.enumerated() {
            var y = b1[0]
            for j in 0..<4 { y += w1[j] * tanh(w0[j] * x + b0[j]) }
            maxDiff = max(maxDiff, abs(try #require(Double(lines[k + 1].split(separator: ",")[1])) - y))
        }
        #expect(maxDiff < 1e-5, "max difference \(maxDiff)")
    }

    @Test func replicaFolderGivesMeanAndSpread() throws {
        let dir = try folder([("seed: 5\n", "seed: 5\n  replicas: 3\n"), ("epochs: 60", "epochs: 10")])
        #expect(try NNCProcess.run(["train", "tiny.yaml", "--out", "ens", "--quiet"], in: dir).status == 0)
        for r in 0..<3 {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("ens/replica_00\(r)/weights.safetensors").path))
        }
        try "x\n0.2\n".write(to: dir.appendingPathComponent("in.csv"), atomically: true, encoding: .utf8)
        let r = try NNCProcess.run(["predict", "tiny.yaml", "--weights", "ens", "--input", "in.csv", "--output", "-"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first == "x,y,y_std" && lines.count == 2)
        let std = try #require(Double(lines[1].split(separator: ",")[2]))
        #expect(std > 0)
    }

    /// SIGKILL at random moments never leaves a torn checkpoint, and the resumed
    /// run ends with exactly the weights of an uninterrupted one.
    @Test func killedRunResumesToTheUninterruptedWeights() throws {
        let dir = try folder([("epochs: 60", "epochs: 1500")])
        #expect(try NNCProcess.run(["train", "tiny.yaml", "--out", "whole", "--quiet"], in: dir).status == 0)

        let checkpoint = dir.appendingPathComponent("killed/checkpoint.safetensors")
        var epochs: [Int] = []
        for round in 0..<3 {
            let p = Process()
            p.executableURL = NNCProcess.binary
            p.arguments = ["train", "tiny.yaml", "--out", "killed", "--checkpoint-every", "10", "--quiet"] + (round > 0 ? ["--resume"] : [])
            p.currentDirectoryURL = dir
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            let before = (try? safetensors(checkpoint))?.metadata["epoch"].flatMap(Int.init) ?? 0
            try p.run()
            // Wait for a newer checkpoint than the one the round started from, then kill.
            let deadline = Date().addingTimeInterval(20)
            while Date() < deadline {
                if let e = (try? safetensors(checkpoint))?.metadata["epoch"].flatMap(Int.init), e > before { break }
                usleep(2_000)
            }
            usleep(UInt32.random(in: 0...20_000))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            #expect(p.terminationReason == .uncaughtSignal, "round \(round): the run finished before it was killed")
            // Whatever moment the kill hit, the checkpoint on disk is whole.
            let c = try safetensors(checkpoint)
            epochs.append(try #require(c.metadata["epoch"].flatMap(Int.init)))
        }
        #expect(epochs == epochs.sorted() && epochs.allSatisfy { $0 < 1500 })

        let r = try NNCProcess.run(["train", "tiny.yaml", "--out", "killed", "--resume", "--quiet"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try data(dir.appendingPathComponent("killed/weights.safetensors")) == data(dir.appendingPathComponent("whole/weights.safetensors")))
        let a = try safetensors(dir.appendingPathComponent("killed/checkpoint.safetensors")).tensors
        let b = try safetensors(dir.appendingPathComponent("whole/checkpoint.safetensors")).tensors
        #expect(a.keys.sorted() == b.keys.sorted() && a.keys.allSatisfy { a[$0]!.values == b[$0]!.values })
    }

    /// Ctrl-C finishes the epoch, writes a checkpoint and exits 130; resuming
    /// from it gives the weights of a run that was never interrupted.
    @Test func interruptCheckpointsAndExits130() throws {
        let dir = try folder([("epochs: 60", "epochs: 1000000")])
        let p = Process()
        p.executableURL = NNCProcess.binary
        p.arguments = ["train", "tiny.yaml", "--out", "int"]
        p.currentDirectoryURL = dir
        let errURL = dir.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        p.standardOutput = FileHandle.nullDevice
        p.standardError = try FileHandle(forWritingTo: errURL)
        try p.run()
        let metrics = dir.appendingPathComponent("int/metrics.csv")
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline && !FileManager.default.fileExists(atPath: metrics.path) { usleep(5_000) }
        usleep(200_000)
        kill(p.processIdentifier, SIGINT)
        p.waitUntilExit()
        #expect(p.terminationReason == .exit && p.terminationStatus == 130)
        let stderr = try String(contentsOf: errURL, encoding: .utf8)
        #expect(stderr.contains("--resume"))
        let summary = try #require(try JSONSerialization.jsonObject(with: data(dir.appendingPathComponent("int/summary.json"))) as? [String: Any])
        let fit = try #require((summary["replicas"] as? [[String: Any]])?.first)
        #expect(fit["stop_reason"] as? String == "interrupted")
        let epoch = try #require(fit["epochs_run"] as? Int)
        #expect(try safetensors(dir.appendingPathComponent("int/checkpoint.safetensors")).metadata["epoch"] == String(epoch))

        let total = String(epoch + 15)
        var r = try NNCProcess.run(["train", "tiny.yaml", "--out", "int", "--resume", "--epochs", total, "--quiet"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        r = try NNCProcess.run(["train", "tiny.yaml", "--out", "ref", "--epochs", total, "--quiet"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try data(dir.appendingPathComponent("int/weights.safetensors")) == data(dir.appendingPathComponent("ref/weights.safetensors")))
    }

    @Test func badCheckpointsAndInitFilesAreClearErrors() throws {
        let dir = try folder([("epochs: 60", "epochs: 8")])
        #expect(try NNCProcess.run(["train", "tiny.yaml", "--out", "r", "--quiet"], in: dir).status == 0)
        let checkpoint = dir.appendingPathComponent("r/checkpoint.safetensors")
        let good = try data(checkpoint)

        try good.prefix(good.count - 9).write(to: checkpoint)
        var r = try NNCProcess.run(["train", "tiny.yaml", "--out", "r", "--resume"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("error[E0711]") && r.stderr.contains("checkpoint.safetensors"))

        // A checkpoint of another network (wider hidden layer).
        try good.write(to: checkpoint)
        let wider = try folder([("dense: 4", "dense: 5"), ("epochs: 60", "epochs: 8")])
        try FileManager.default.createDirectory(at: wider.appendingPathComponent("r"), withIntermediateDirectories: true)
        try good.write(to: wider.appendingPathComponent("r/checkpoint.safetensors"))
        r = try NNCProcess.run(["train", "tiny.yaml", "--out", "r", "--resume"], in: wider)
        #expect(r.status == 1)
        #expect(r.stderr.contains("error[E0714]") && r.stderr.contains("written for a different spec: 1 field differs"))
        #expect(r.stderr.contains("network.layers[0].dense: 4 in the checkpoint, 5 now"), "\(r.stderr)")

        // --init with weights of the wrong shapes names the tensor, expected and found.
        r = try NNCProcess.run(["train", "tiny.yaml", "--out", "w", "--init", dir.appendingPathComponent("r/weights.safetensors").path], in: wider)
        #expect(r.status == 1)
        #expect(r.stderr.contains("error[E0712]") && r.stderr.contains("'dense_0.weight'") && r.stderr.contains("has shape [4, 1], expected [5, 1]"))

        // --init from the right weights trains.
        r = try NNCProcess.run(["train", "tiny.yaml", "--out", "w", "--init", "r/weights.safetensors", "--quiet"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")

        r = try NNCProcess.run(["train", "tiny.yaml", "--out", "fresh", "--resume"], in: dir)
        #expect(r.status == 1 && r.stderr.contains("error[E0717]"))
        #expect(try NNCProcess.run(["train", "tiny.yaml", "--resume", "--init", "x"], in: dir).status == 2)
    }

    @Test func divergenceIsAnErrorNamingTheEpoch() throws {
        let dir = try folder([("{adam: {learning_rate: 1.0e-2}}", "{sgd: {learning_rate: 1.0e+5}}"), ("dropout: 0.1", "dropout: 0")])
        let r = try NNCProcess.run(["train", "tiny.yaml", "--out", "nan", "--checkpoint-every", "1"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("error[E0715]") && r.stderr.contains("at epoch"))
        #expect(!r.stderr.contains("-nan"))
        #expect(r.stderr.contains("tiny.yaml:21:14:"), "points at the optimizer in the spec")
    }

    @Test func trainWithoutASpecUsesThePlanBuiltLast() throws {
        let dir = try folder([("epochs: 60", "epochs: 5")])
        #expect(try NNCProcess.run(["build", "tiny.yaml"], in: dir).status == 0)
        var r = try NNCProcess.run(["train", "--quiet"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("runs/tiny/weights.safetensors").path))

        // The spec changes: the plan is rebuilt, with a note.
        let spec = dir.appendingPathComponent("tiny.yaml")
        try (try String(contentsOf: spec, encoding: .utf8)).replacingOccurrences(of: "dense: 4", with: "dense: 3")
            .write(to: spec, atomically: true, encoding: .utf8)
        r = try NNCProcess.run(["train", "--out", "again"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("note: tiny.yaml changed since"))
        #expect(try safetensors(dir.appendingPathComponent("again/weights.safetensors")).tensors["dense_0.weight"]?.shape == [3, 1])

        // A plan file of another format (an older nnc's) is rebuilt from its spec, with a note.
        let planFile = dir.appendingPathComponent(".nnc/tiny.plan.json")
        try Data(#"{"format_version": 1, "spec_path": "tiny.yaml", "plan": {"program": []}}"#.utf8).write(to: planFile)
        r = try NNCProcess.run(["train", "--out", "old"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("has plan format 1"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("old/weights.safetensors").path))

        let empty = try NNCProcess.temporaryDirectory()
        r = try NNCProcess.run(["train"], in: empty)
        #expect(r.status == 2 && r.stderr.contains("nnc build"))
    }

    @Test func badInputDataForPredict() throws {
        let dir = try folder([("epochs: 60", "epochs: 3")])
        #expect(try NNCProcess.run(["train", "tiny.yaml", "--out", "fit", "--quiet"], in: dir).status == 0)
        try "x\n0.5\nabc\n".write(to: dir.appendingPathComponent("in.csv"), atomically: true, encoding: .utf8)
        let r = try NNCProcess.run(["predict", "tiny.yaml", "--weights", "fit", "--input", "in.csv", "--output", "out.csv"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("in.csv:3:1: error[E0703]") && r.stderr.contains("found 'abc'"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out.csv").path))
    }
}
