import ArgumentParser
import Dispatch
import Foundation
import NNCDiagnostics
import NNCLowering
import NNCPlan
import NNCRuntime
import NNCSpec
import NNCTrain

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a spec's network and write its run folder.",
        discussion: """
            Trains SPEC, or without SPEC the plan built last (the newest \
            .nnc/*.plan.json; rebuilt first, with a note, if its spec or data \
            changed). Writes into the run folder (runs/<name>/ unless --out): \
            weights.safetensors (the best validation epoch's weights, or the last), \
            checkpoint.safetensors, metrics.csv, summary.json and spec.resolved.yaml; \
            with replicas, one replica_NNN/ folder per replica.

            A folder that holds a checkpoint belongs to a run: continue it with \
            --resume, or replace it with --force (otherwise: error E0723). \
            --resume needs a checkpoint (E0717). While a run trains, its folder \
            is locked: a second nnc training into it stops with E0722, naming \
            the process that holds it.

            Checkpoints are written atomically every 10 seconds of training (or \
            every N epochs with --checkpoint-every N) and when training ends. \
            SIGINT (Ctrl-C) and SIGTERM (kill, SLURM, Kubernetes) finish the \
            current epoch (or, in a long epoch, the current step), write the \
            checkpoint, the weights so far and a summary marked interrupted, and \
            exit with 130 (SIGINT) or 143 (SIGTERM); repeats within a second are \
            the same request, a second one later quits at once and says what \
            is on disk. SIGUSR1 (SLURM's --signal) writes a checkpoint and \
            training goes on. `nnc train --resume` continues exactly where a \
            run stopped.

            Exit status: 0 trained, 1 the spec or data has errors or a fit \
            failed, 2 usage or I/O error, 130 or 143 stopped by a signal.
            """)

    @Argument(help: "The spec file (YAML). Default: the plan built last by `nnc build`.")
    var spec: String?

    @Option(name: .customLong("out"), help: ArgumentHelp("The run folder (default: runs/<name>/).", valueName: "DIR"))
    var out: String?

    @Option(help: ArgumentHelp("Train until epoch N, overriding training.epochs (resumed epochs count).", valueName: "N"))
    var epochs: Int?

    @Option(name: .customLong("init"), help: ArgumentHelp("Start from the weights in a safetensors file (a weights file or a checkpoint).", valueName: "FILE"))
    var initFile: String?

    @Flag(help: "Continue the run in DIR from its checkpoints.")
    var resume = false

    @Flag(help: "Start over in a folder that holds an earlier run, removing that run's files.")
    var force = false

    @Option(help: ArgumentHelp("Seed the fit with N instead of training.seed (the replicas' seeds derive from it).", valueName: "N"))
    var seed: UInt64?

    @Option(name: .customLong("checkpoint-every"), help: ArgumentHelp("Write a checkpoint every N epochs (default: every 10 seconds).", valueName: "N"))
    var checkpointEvery: Int?

    @Option(help: ArgumentHelp("Worker threads for replicas (default: the machine's cores).", valueName: "N"))
    var threads: Int?

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "Write the run's report (RUN_DIR/report.html and RUN_DIR/figures/) when training ends; see nnc report.")
    var report = false

    @OptionGroup(title: "Replicas on many machines (docs/hyperopt.md)")
    var queue: ReplicaQueueOptions

    func validate() throws {
        if let epochs, epochs < 1 { throw ValidationError("--epochs must be a positive integer, not \(epochs)") }
        if let checkpointEvery, checkpointEvery < 1 {
            throw ValidationError("--checkpoint-every must be a positive number of epochs, not \(checkpointEvery)")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be a positive integer, not \(threads)") }
        try queue.validate()
        if resume && initFile != nil {
            throw ValidationError("--resume continues a run from its checkpoint; --init starts a new one: use one of them")
        }
        if resume && force {
            throw ValidationError("--resume continues the run in the folder; --force replaces it: use one of them")
        }
    }

    func run() throws {
        if queue.storage != nil { return try runQueue() }
        // Signals from the start: one that comes before training begins stops it with nothing written.
        let stop = StopRequest()
        let signals = CLI.answerSignals(stop, quiet: quiet)
        defer { signals.cancel() }

        let (loaded, plan) = try specAndPlan()
        let spec = CLI.seeded(loaded.spec, seed)
        let folder = out ?? "runs/" + RunFolder.safeName(spec.name.value)

        let replicas = max(1, spec.training.replicas.value)
        let totalEpochs = epochs ?? spec.training.epochs.value
        let display = TrainProgress(style: TrainProgress.style(quiet: quiet), replicas: replicas, epochs: totalEpochs)
        let quiet = self.quiet
        let options = TrainOptions(
            folder: folder, epochs: epochs, resume: resume, force: force, initPath: initFile,
            checkpoints: checkpointEvery.map { .epochs($0) } ?? .standard,
            threads: threads ?? ProcessInfo.processInfo.activeProcessorCount, nncVersion: NNC.configuration.version,
            command: CLI.commandLine, note: { if !quiet { printError("note: " + $0) } })
        let summary: RunSummary
        do {
            summary = try CLI.train(
                spec: spec, plan: plan, sources: loaded.sources, options: options, stop: stop,
                loaded: { data in
                    guard !quiet else { return }
                    let points = "\(data.train.count) training" + (data.validation.map { ", \($0.count) validation" } ?? "") + " points"
                    printError("training \(spec.name.value): \(plan.parameters) parameters, \(points), "
                        + (replicas > 1 ? "\(replicas) replicas, " : "") + "\(totalEpochs) epochs → \(folder)/")
                },
                progress: { display.update($0) })
        } catch let e as CLI.StoppedBeforeTraining {
            if !quiet { printError("stopped by \(SignalPolicy.name(e.signal)) before training began: nothing was written") }
            throw CommandFailure(code: SignalPolicy.exitStatus(e.signal))
        } catch let e as TrainError {
            display.finish()
            CLI.report(e.diagnostics, sources: loaded.sources)
            // The folder in use or holding another run: a usage problem, like an unwritable one.
            let ioOnly = e.diagnostics.allSatisfy { [.cannotWriteOutput, .runFolderInUse, .runFolderHasCheckpoint].contains($0.code) }
            throw CommandFailure(code: ioOnly ? Exit.usage : Exit.inputErrors)
        }
        display.finish()
        if !quiet { print(RunReport.text(summary, folder: folder, keep: spec.training.keep.value), terminator: "") }
        CLI.report(summary.diagnostics, sources: loaded.sources)
        if let signal = stop.signal, summary.replicas.contains(where: { !$0.status.isComplete && $0.status != .failed }) {
            if !quiet {
                printError("stopped by \(SignalPolicy.name(signal)); continue with: nnc train \(spec.sources.first ?? "") --resume --out \(folder)"
                    + (seed.map { " --seed \($0)" } ?? ""))
            }
            throw CommandFailure(code: SignalPolicy.exitStatus(signal))
        }
        if !summary.diagnostics.isEmpty { throw CommandFailure(code: Exit.inputErrors) }
        if report {
            do {
                let written = try ReportCommand.write(run: folder, page: nil)
                if !quiet { print(ReportCommand.summary(written, folder: folder)) }
            } catch let e as TrainError {
                CLI.report(e.diagnostics, sources: loaded.sources)
                throw CommandFailure(code: Exit.inputErrors)
            }
        }
        // `expect:`: the run's figures against the spec's bounds.
        if let expect = spec.expect {
            let failed = expect.check(summary)
            if !failed.isEmpty {
                CLI.report(failed, sources: loaded.sources)
                throw CommandFailure(code: Exit.inputErrors)
            }
            if !quiet { print("expect: all \(expect.entries.count) met") }
        }
    }

    /// The spec (through the front end) and the plan to train: lowered from
    /// SPEC, or the plan built last (rebuilt when its sources changed).
    func specAndPlan() throws -> (LoadedSpec, Plan) {
        if let spec {
            let loaded = try CLI.loadSpec(spec)
            return (loaded, try lower(loaded))
        }
        guard let path = PlanFile.latest() else {
            CLI.report([Diagnostic(
                .nothingToTrain, span: .wholeFile(".nnc"), message: "no spec given and no plan built in '.nnc/'",
                notes: [DiagnosticNote("run `nnc build SPEC` first, or `nnc train SPEC`")])], sources: SourceManager())
            throw CommandFailure(code: Exit.usage)
        }
        let file: PlanFile
        do {
            file = try PlanFile.load(path: path)
        } catch PlanFileError.version(_, let version, let specPath) {
            // Built by another nnc: rebuild it from its spec.
            if !quiet {
                printError("note: \(path) has plan format \(version), this nnc writes \(Plan.currentFormatVersion); rebuilding the plan")
            }
            let loaded = try CLI.loadSpec(specPath)
            let plan = try lower(loaded)
            let fresh = PlanFile(
                specPath: specPath, sources: PlanFile.digests(of: PlanFile.sourcePaths(of: loaded.spec)),
                spec: CLI.resolvedSpec(loaded.spec), plan: plan)
            try? fresh.write(to: path)
            return (loaded, plan)
        } catch {
            throw CLI.ioFailure("\(error)")
        }
        let loaded = try CLI.loadSpec(file.specPath)
        if file.isStale() {
            let changed = file.changedSources()
            if !quiet {
                printError("note: \(changed.isEmpty ? "the plan format" : changed.joined(separator: ", ")) changed since \(path) was built; rebuilding the plan")
            }
            let plan = try lower(loaded)
            let fresh = PlanFile(
                specPath: file.specPath, sources: PlanFile.digests(of: PlanFile.sourcePaths(of: loaded.spec)),
                spec: CLI.resolvedSpec(loaded.spec), plan: plan)
            try? fresh.write(to: path)
            return (loaded, plan)
        }
        return (loaded, file.plan)
    }

    func lower(_ loaded: LoadedSpec) throws -> Plan {
        let (plan, diagnostics) = Lowering.lower(loaded.spec, options: LoweringOptions(mode: .training))
        CLI.report(diagnostics, sources: loaded.sources)
        guard let plan else { throw CommandFailure(code: Exit.inputErrors) }
        return plan
    }
}
