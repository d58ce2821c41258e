import Foundation
import NNCPlan
import NNCSpec
import NNCTrain

/// The replicas of one fit as a queue in a study store: `nnc train SPEC
/// --storage URL --worker` on any number of machines takes replicas from it
/// (the claim, heartbeat and re-queue rules of `StudyStore`), trains each
/// exactly as `nnc train` would (`Trainer.replica`), and stores its files;
/// `--collect` writes the run folder from them when all are done.
public final class ReplicaQueue {
    public let spec: Spec
    public let location: StoreLocation
    public let name: String
    public var replicas: Int { max(1, spec.training.replicas.value) }

    public init(spec: Spec, location: StoreLocation) {
        self.spec = spec
        self.location = location
        name = spec.name.value + "/replicas"
    }

    /// The resolved spec and the plan identify the fit.
    func fingerprint(planHash: String) -> String {
        SHA256.hex(Array((spec.resolvedYAML() + planHash).utf8))
    }

    /// The files of a fit that travel through the store.
    static let files = ["weights.safetensors", "checkpoint.safetensors", "metrics.csv", "summary.json", "observables.csv"]

    /// Takes replicas until none is left; returns how many this worker trained.
    public func work<Engine: TrainingEngine>(
        data: TrainingData, physics: PhysicsData? = nil, layout: ParameterLayout, planHash: String, heartbeat: Double = 5, grace: Double = 60,
        worker: String, stop: StopRequest, progress: @escaping (FitProgress) -> Void = { _ in },
        trained: (Int, FitSummary) -> Void = { _, _ in },
        makeEngine: @escaping (Int) throws -> Engine
    ) throws -> Int {
        let store = try StudyStore(location: location)
        defer { store.database.close() }
        let id = try store.openStudy(name: name, kind: "replicas", fingerprint: fingerprint(planHash: planHash),
                                     definition: "replicas of \(spec.name.value)", target: replicas)
        let beat = try Heartbeat(location: location, every: heartbeat, worker: worker, processStop: stop)
        defer { beat.close() }
        var count = 0
        let scratch = NSTemporaryDirectory() + "/nnc-replicas-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        while !stop.isRequested {
            try store.requeueStale(study: id, grace: grace)
            var trial = try store.claimQueued(study: id, worker: worker)
            if trial == nil {
                let used = Set(try store.trials(study: id).map(\.number))
                if let n = (0..<replicas).first(where: { !used.contains($0) }) {
                    trial = try store.insertClaimed(study: id, number: n, parameters: "{\"replica\":\(n)}", worker: worker)
                    if trial == nil { continue }
                } else {
                    let all = try store.trials(study: id)
                    if all.filter({ $0.state.isFinished }).count >= replicas { return count }
                    Thread.sleep(forTimeInterval: 0.5)
                    continue
                }
            }
            guard let trial else { continue }
            let r = trial.number
            let trialStop = StopRequest()
            beat.start(trial: trial.id, stop: trialStop)
            let clock = Date()
            let result: Result<FitSummary, Error>
            do {
                try? FileManager.default.removeItem(atPath: scratch)
                let options = TrainOptions(folder: scratch, checkpoints: .seconds(1e9), threads: 1)
                result = .success(try Trainer.replica(r, spec: spec, data: data, physics: physics, layout: layout, planHash: planHash, options: options,
                                                      stop: trialStop, progress: progress, makeEngine: makeEngine))
            } catch {
                result = .failure(error)
            }
            let owned = beat.stop()
            if !owned { continue }
            switch result {
            case .success(let s) where s.stopReason == .interrupted:
                try store.release(trial: trial.id, worker: worker)
            case .success(let s):
                let folder = replicas > 1 ? scratch + "/" + Fit.replicaFolderName(r) : scratch
                for file in Self.files {
                    if let bytes = FileManager.default.contents(atPath: folder + "/" + file) {
                        try store.putArtifact(trial: trial.id, name: file, data: Array(bytes))
                    }
                }
                let outcome = TrialOutcome(state: .complete, reward: s.bestValidationLoss ?? s.finalTrainLoss, folds: [],
                                           epochs: s.epochsRun, seconds: Date().timeIntervalSince(clock))
                if try store.finish(trial: trial.id, worker: worker, outcome: outcome) {
                    count += 1
                    trained(r, s)
                }
            case .failure(let e):
                let message = (e as? TrainError)?.diagnostics.first.map { "[\($0.code)] \($0.message)" } ?? "\(e)"
                _ = try store.finish(trial: trial.id, worker: worker, outcome: TrialOutcome(
                    state: .failed, reward: nil, folds: [], epochs: 0, seconds: Date().timeIntervalSince(clock), message: message))
            }
        }
        return count
    }

    /// How many replicas are finished, of how many.
    public func progress() throws -> (finished: Int, total: Int, failed: [String]) {
        let store = try StudyStore(location: location)
        defer { store.database.close() }
        guard let study = try store.findStudy(name: name) else { return (0, replicas, []) }
        let all = try store.trials(study: study.id)
        return (all.filter { $0.state.isFinished }.count, study.target,
                all.filter { $0.state == .failed }.map { "replica \($0.number): \($0.message ?? "failed")" })
    }

    /// Waits until every replica is finished, then writes the run folder:
    /// one `replica_NNN/` per replica (or the files themselves for one), and
    /// `summary.json` — the files of a one-machine run.
    public func collect(folder: String, data: TrainingData, layout: ParameterLayout, poll: Double = 1,
                        stop: StopRequest) throws -> RunSummary {
        let store = try StudyStore(location: location)
        defer { store.database.close() }
        var trials: [StoredTrial] = []
        while !stop.isRequested {
            if let study = try store.findStudy(name: name) {
                trials = try store.trials(study: study.id)
                if trials.filter({ $0.state.isFinished }).count >= study.target { break }
            }
            Thread.sleep(forTimeInterval: poll)
        }
        if stop.isRequested { throw StoreError("interrupted while waiting for the replicas") }
        var fits: [FitSummary] = []
        var seconds = 0.0
        for t in trials.sorted(by: { $0.number < $1.number }) {
            guard t.state == .complete else { throw StoreError("replica \(t.number) failed: \(t.message ?? "")") }
            let dir = replicas > 1 ? folder + "/" + Fit.replicaFolderName(t.number) : folder
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            for (file, bytes) in try store.artifacts(trial: t.id) {
                try AtomicFile.write(bytes, to: dir + "/" + file)
                if file == "summary.json", let s = try? JSONDecoder().decode(FitSummary.self, from: Data(bytes)) { fits.append(s) }
            }
            seconds += t.seconds ?? 0
        }
        let summary = RunSummary(
            name: spec.name.value, trainPoints: data.train.count, validationPoints: data.validation?.count ?? 0,
            parameters: layout.entries.reduce(0) { $0 + $1.count }, seconds: seconds, replicas: fits)
        if replicas > 1 { try AtomicFile.write(RunSummary.json(summary), to: folder + "/summary.json") }
        return summary
    }
}
