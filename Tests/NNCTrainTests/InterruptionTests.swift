import Foundation
import NNCDiagnostics
import NNCSpec
import Testing
@testable import NNCTrain

/// Stop and checkpoint requests, the run folder's rules, and what a run
/// interrupted part-way writes — in process, with the small linear engine.
/// (The real binary under real signals: CLITests/InterruptTests.)
@Suite struct InterruptionTests {
    // MARK: signals

    @Test func repeatsWithinASecondAreOneRequest() {
        var policy = SignalPolicy()
        let t0 = Date()
        #expect(policy.receive(SIGINT, at: t0) == .stop(SIGINT))
        // `timeout -s INT` signals the process, then its group a millisecond later.
        #expect(policy.receive(SIGINT, at: t0 + 0.001) == .repeated(SIGINT))
        #expect(policy.receive(SIGTERM, at: t0 + 0.9) == .repeated(SIGTERM))
        #expect(policy.receive(SIGUSR1, at: t0 + 1.0) == .checkpoint)
        // A deliberate second Ctrl-C.
        #expect(policy.receive(SIGINT, at: t0 + 1.5) == .quit(SIGINT))
        #expect(SignalPolicy.exitStatus(SIGINT) == 130 && SignalPolicy.exitStatus(SIGTERM) == 143)
    }

    @Test func theFirstStopSignalDecidesTheStatus() {
        let stop = StopRequest()
        #expect(!stop.isRequested && stop.signal == nil)
        stop.requestCheckpoint()
        #expect(stop.checkpointRequests == 1 && !stop.isRequested)
        stop.request(signal: SIGTERM)
        stop.request(signal: SIGINT)
        #expect(stop.isRequested && stop.signal == SIGTERM)
    }

    @Test func theLedgerSaysWhatIsOnDisk() {
        let ledger = RunLedger()
        #expect(ledger.quitReport() == ["no fit had started: nothing was written"])
        ledger.started("r/replica_000", checkpoint: nil)
        ledger.started("r/replica_001", checkpoint: nil)
        ledger.started("r/replica_002", checkpoint: (3, 0))
        ledger.checkpointWritten("r/replica_000", epoch: 40, step: 0)
        ledger.checkpointWritten("r/replica_002", epoch: 7, step: 12)
        ledger.ended("r/replica_000")
        #expect(ledger.quitReport() == [
            "r/replica_000: finished; weights and summary written",
            "r/replica_001: no checkpoint written yet (its progress is lost); no weights or summary",
            "r/replica_002: checkpoint of epoch 7 and 12 steps of the next kept (resume with --resume); weights and summary not written",
        ])
    }

    // MARK: the run folder

    @Test func aSecondProcessCannotLockAFolderInUse() throws {
        let dir = try temporaryFolder("lock")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try RunFolderLock.acquire(folder: dir, command: "nnc train a.yaml")
        #expect(first.unsupported == nil)
        let text = try String(contentsOfFile: dir + "/" + RunFolderLock.fileName, encoding: .utf8)
        #expect(text.contains("pid: \(getpid())\n") && text.contains("command: nnc train a.yaml\n"))
        // flock locks open files, so a second open in this process is refused as another process would be.
        var diagnostics: [Diagnostic] = []
        do {
            _ = try RunFolderLock.acquire(folder: dir, command: "nnc train b.yaml")
        } catch let e as TrainError {
            diagnostics = e.diagnostics
        }
        #expect(diagnostics.map(\.code) == ["E0722"])
        #expect(diagnostics.first?.message.contains("process \(getpid()) on ") == true)
        #expect(diagnostics.first?.message.contains("(nnc train a.yaml)") == true)
        first.release()
        let again = try RunFolderLock.acquire(folder: dir, command: "nnc train b.yaml")
        again.release()
        #expect(try String(contentsOfFile: dir + "/" + RunFolderLock.fileName, encoding: .utf8).isEmpty)
    }

    @Test func aFolderWithACheckpointIsResumedOrReplacedNeverOverwritten() throws {
        let dir = try temporaryFolder("folder")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let id = RunIdentity(planHash: "h")
        func code(_ body: () throws -> Void) -> DiagnosticCode? {
            do { try body() } catch let e as TrainError { return e.diagnostics.first?.code } catch { return "other" }
            return nil
        }
        // --resume without a checkpoint, for a single fit and for replicas alike.
        #expect(code { try RunFolder.prepare(dir, resume: true, force: false, identity: id) } == "E0717")
        #expect(code { try RunFolder.prepare(dir, resume: false, force: false, identity: id) } == nil)

        try FileManager.default.createDirectory(atPath: dir + "/replica_001", withIntermediateDirectories: true)
        try Checkpoint(identity: id, optimizer: "sgd", epoch: 3, step: 9, parameters: [1, 2], moments: [],
                       bestParameters: nil, stopping: EarlyStopping(patience: nil), generators: [:], elapsedSeconds: 1, replica: 1)
            .write(to: dir + "/replica_001/checkpoint.safetensors", layout: LinearEngine(inputs: 1, outputs: 1, capacity: 1, learningRate: 0).layout)
        for f in ["replica_001/weights.safetensors", "summary.json", "notes.txt"] {
            try "x".write(toFile: dir + "/" + f, atomically: true, encoding: .utf8)
        }
        #expect(code { try RunFolder.prepare(dir, resume: false, force: false, identity: id) } == "E0723")
        #expect(code { try RunFolder.prepare(dir, resume: true, force: false, identity: id) } == nil)
        // --force removes what nnc wrote, and nothing else.
        try RunFolder.prepare(dir, resume: false, force: true, identity: id)
        let left = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(left == ["notes.txt"])
    }

    // MARK: interrupted runs

    static func spec(replicas: Int, epochs: Int = 30) -> Spec {
        let truth: Expr = .binary(.add, .binary(.multiply, .number(3), .variable("x")), .number(1))
        let g = SpecFixture.generate(truth: truth, sampling: [SpecFixture.sample("x", .linspace, 0, 1, 40)], noise: Noise(kind: .absolute, scale: 0.1))
        return SpecFixture.spec(layers: [SpecFixture.layer("lin", 1, .linear)], source: .generate(g), batch: .size(4),
                                epochs: epochs, replicas: replicas)
    }

    static func engine() -> LinearEngine { LinearEngine(inputs: 1, outputs: 1, capacity: 4, learningRate: 0.05) }

    func run(_ spec: Spec, folder: String, resume: Bool = false, threads: Int = 1, stop: StopRequest? = nil,
             progress: @escaping @Sendable (FitProgress) -> Void = { _ in }) throws -> RunSummary {
        try Trainer.run(
            spec: spec, data: try TrainingData.load(spec: spec), layout: Self.engine().layout, planHash: "h",
            options: TrainOptions(folder: folder, resume: resume, checkpoints: .epochs(1000), threads: threads),
            stop: stop, progress: progress) { _ in Self.engine() }
    }

    /// A stop after replica 0's epoch 10 leaves it interrupted and the others
    /// not started — all four in summary.json; the resume finishes them with
    /// the weights of a run that was never stopped.
    @Test func everyReplicaIsListedWithItsStatus() throws {
        let whole = try temporaryFolder("run"), parts = try temporaryFolder("run")
        defer { for d in [whole, parts] { try? FileManager.default.removeItem(atPath: d) } }
        let spec = Self.spec(replicas: 4)
        _ = try run(spec, folder: whole)

        let stop = StopRequest()
        let first = try run(spec, folder: parts, stop: stop) { p in if p.epoch == 10 { stop.request(signal: SIGTERM) } }
        #expect(first.replicas.map(\.status) == [.interrupted, .notStarted, .notStarted, .notStarted])
        #expect(first.replicas.map(\.replica) == [0, 1, 2, 3] && first.completeReplicas == 0)
        #expect(first.replicas[0].epochsRun == 10 && first.validationLossMean == nil)
        let json = try String(contentsOfFile: parts + "/summary.json", encoding: .utf8)
        #expect(json.components(separatedBy: "\"status\" : \"not_started\"").count == 4)
        // Each replica records its own seeds.
        #expect(Set(first.replicas.compactMap { $0.seeds?.initialization }).count == 4)
        #expect(FileManager.default.fileExists(atPath: parts + "/replica_000/weights.safetensors"))
        #expect(!FileManager.default.fileExists(atPath: parts + "/replica_001"))

        let second = try run(spec, folder: parts, resume: true)
        #expect(second.replicas.allSatisfy { $0.status == .finished } && second.completeReplicas == 4)
        #expect(second.validationLossMean != nil)
        for r in 0..<4 {
            let name = Fit.replicaFolderName(r)
            #expect(try SafeTensors.read(path: "\(whole)/\(name)/weights.safetensors") == SafeTensors.read(path: "\(parts)/\(name)/weights.safetensors"), "\(name)")
        }
    }

    /// A checkpoint request (SIGUSR1) writes one checkpoint at the next epoch's end and training goes on.
    @Test func aCheckpointRequestWritesOneAndGoesOn() throws {
        let dir = try temporaryFolder("run")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let stop = StopRequest()
        let seen = Box()
        let s = try run(Self.spec(replicas: 1), folder: dir, stop: stop) { p in
            if p.epoch == 7 { stop.requestCheckpoint() }
            if p.epoch == 9 { seen.value = (try? SafeTensors.read(path: dir + "/checkpoint.safetensors"))?.metadata["epoch"] }
        }
        #expect(seen.value == "7")
        #expect(s.replicas[0].status == .finished && s.replicas[0].epochsRun == 30)
    }

    /// A stop inside an epoch (a long one: here every epoch counts as long)
    /// checkpoints at the step; the resume ends with the uninterrupted weights.
    @Test func aStopInsideAnEpochResumesAtItsStep() throws {
        let whole = try temporaryFolder("fit"), parts = try temporaryFolder("fit")
        defer { for d in [whole, parts] { try? FileManager.default.removeItem(atPath: d) } }
        let train = FitTests.train, validation = FitTests.validation
        func options(_ folder: String, resume: Bool = false) -> FitOptions {
            var o = FitTests().options(folder, epochs: 6, checkpoints: .epochs(1000), resume: resume)
            o.longEpochRemainder = 0
            return o
        }
        var e1 = LinearEngine(inputs: 2, outputs: 1, capacity: 3, learningRate: 0.05)
        _ = try Fit.run(engine: &e1, train: train, validation: validation, options: options(whole))

        let stop = StopRequest()
        var e2 = LinearEngine(inputs: 2, outputs: 1, capacity: 3, learningRate: 0.05)
        let first = try Fit.run(engine: &e2, train: train, validation: validation, options: options(parts), stop: stop) { p in
            if p.epoch == 2 { stop.request() }
        }
        // Requested at the end of epoch 2: served there, at the epoch's end.
        #expect(first.status == .interrupted && first.epochsRun == 2 && first.stepsIntoNextEpoch == nil)
        // Requested again inside epoch 3: served after its first step.
        var e3 = LinearEngine(inputs: 2, outputs: 1, capacity: 3, learningRate: 0.05)
        let again = StopRequest()
        again.request()
        let second = try Fit.run(engine: &e3, train: train, validation: validation, options: options(parts, resume: true), stop: again)
        #expect(second.status == .interrupted && second.epochsRun == 2 && second.stepsIntoNextEpoch == 1)
        let c = try SafeTensors.read(path: parts + "/checkpoint.safetensors")
        #expect(c.metadata["epoch"] == "2" && c.metadata["batch"] == "1")
        #expect(second.weights == "best" && second.weightsEpoch == second.bestEpoch)

        var e4 = LinearEngine(inputs: 2, outputs: 1, capacity: 3, learningRate: 0.05)
        let done = try Fit.run(engine: &e4, train: train, validation: validation, options: options(parts, resume: true))
        #expect(done.status == .finished && done.epochsRun == 6)
        #expect(try SafeTensors.read(path: whole + "/weights.safetensors") == SafeTensors.read(path: parts + "/weights.safetensors"))
        let m1 = try String(contentsOfFile: whole + "/metrics.csv", encoding: .utf8), m2 = try String(contentsOfFile: parts + "/metrics.csv", encoding: .utf8)
        func losses(_ text: String) -> [String] { text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).prefix(3).joined(separator: ",") } }
        #expect(losses(m1) == losses(m2))
    }

    /// `keep: last` writes the last epoch's weights, and the summary's figures are theirs.
    @Test func keepLastWritesTheLastEpoch() throws {
        let dir = try temporaryFolder("fit")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var o = FitTests().options(dir, epochs: 12)
        o.restoreBest = false
        var e = LinearEngine(inputs: 2, outputs: 1, capacity: 16, learningRate: 0.05)
        let s = try Fit.run(engine: &e, train: FitTests.train, validation: FitTests.validation, options: o)
        #expect(s.weights == "last" && s.weightsEpoch == 12 && s.weightsValidationLoss == s.finalValidationLoss)
        let w = try SafeTensors.read(path: dir + "/weights.safetensors")
        #expect(w.metadata["nnc_weights"] == "last" && w.metadata["epoch"] == "12")
        #expect(w.tensors.flatMap(\.values) == Array(e.parameters))
    }
}

/// A value set from a progress callback.
final class Box: @unchecked Sendable {
    var value: String?
}
