import ArgumentParser
import Dispatch
import Foundation
import NNCDiagnostics
import NNCPlan
import NNCSpec
import NNCStudy
import NNCTrain

/// `nnc train SPEC --storage URL --worker | --collect`: the replicas of one
/// fit shared out through a study store.
struct ReplicaQueueOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The store of the replica queue: sqlite:PATH or postgresql://user@host:port/db.", valueName: "URL"))
    var storage: String?

    @Flag(help: "Take replicas from the queue in --storage and train them, until none is left.")
    var worker = false

    @Flag(help: "Wait until every replica in --storage is done, then write the run folder.")
    var collect = false

    @Option(help: ArgumentHelp("Seconds between a worker's heartbeats (default 5).", valueName: "S"))
    var heartbeat: Double = 5

    @Option(help: ArgumentHelp("Re-queue a replica whose worker has been silent this long (default 60).", valueName: "S"))
    var grace: Double = 60

    func validate() throws {
        if storage != nil && worker == collect {
            throw ValidationError("--storage needs one of --worker (train replicas from the queue) or --collect (write the run folder)")
        }
        if storage == nil && (worker || collect) {
            throw ValidationError("--worker and --collect need --storage URL")
        }
        if heartbeat <= 0 || grace <= 0 { throw ValidationError("--heartbeat and --grace must be positive numbers of seconds") }
    }
}

extension TrainCommand {
    func runQueue() throws {
        var (loaded, plan) = try specAndPlan()
        loaded.spec = CLI.seeded(loaded.spec, seed)
        let spec = loaded.spec
        let data: TrainingData
        let physics: PhysicsData?
        do {
            data = try TrainingData.load(spec: spec, sources: loaded.sources)
            physics = try PhysicsData.loadIfNeeded(spec: spec, plan: plan, sources: loaded.sources)
        } catch let e as TrainError {
            CLI.report(e.diagnostics, sources: loaded.sources)
            throw CommandFailure(code: Exit.inputErrors)
        }
        let folder = out ?? "runs/" + RunFolder.safeName(spec.name.value)
        let layout = ParameterLayout(plan: plan)
        let planHash = Trainer.planHash(plan)
        let location: StoreLocation
        do {
            location = try StoreLocation(url: queue.storage ?? "")
        } catch {
            throw CLI.storeFailure(.studyStoreUnavailable, "\(error)")
        }
        let q = ReplicaQueue(spec: spec, location: location)
        let stop = StopRequest()
        let interrupt = Interrupt(stop, message: quiet ? nil : "interrupted: the replica in flight goes back to the queue (Ctrl-C again to quit now)")
        defer { interrupt.cancel() }
        do {
            if queue.worker {
                let name = ProcessInfo.processInfo.hostName + ":" + String(ProcessInfo.processInfo.processIdentifier)
                if !quiet { printError("worker \(name): taking replicas of \(spec.name.value) from \(location)") }
                let quiet = self.quiet
                let n = try q.work(
                    data: data, physics: physics, layout: layout, planHash: planHash, heartbeat: queue.heartbeat, grace: queue.grace,
                    worker: name, stop: stop,
                    trained: { r, s in
                        if !quiet {
                            printError("replica \(r): \(s.epochsRun) epochs, best val_loss "
                                + (s.bestValidationLoss.map { String(format: "%.6g", $0) } ?? "-"))
                        }
                    },
                    makeEngine: { _ in try InterpreterEngine(plan: plan, threads: 1) })
                let p = try q.progress()
                if !quiet { print("trained \(n) replica(s) here; \(p.finished) of \(p.total) replicas done") }
                for f in p.failed { printError("error: \(f)") }
            } else {
                if !quiet { printError("collecting the \(q.replicas) replicas of \(spec.name.value) from \(location) into \(folder)/") }
                try RunFolder.create(folder)
                try AtomicFile.write(spec.resolvedYAML(), to: folder + "/spec.resolved.yaml")
                let summary = try q.collect(folder: folder, data: data, layout: layout, stop: stop)
                if !quiet { print(RunReport.text(summary, folder: folder, keep: spec.training.keep.value), terminator: "") }
            }
        } catch let e as StudyMismatch {
            throw CLI.storeFailure(.studyMismatch, "\(e): the queue was made from another spec")
        } catch let e as TrainError {
            CLI.report(e.diagnostics, sources: loaded.sources)
            throw CommandFailure(code: Exit.usage)
        } catch {
            throw CLI.storeFailure(.studyStoreUnavailable, "\(error)")
        }
        if let signal = stop.signal { throw CommandFailure(code: SignalPolicy.exitStatus(signal)) }
    }
}
