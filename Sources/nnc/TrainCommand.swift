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

            Checkpoints are written atomically every 10 seconds of training (or \
            every N epochs with --checkpoint-every N) and when training ends. \
            Ctrl-C finishes the current epoch, writes a checkpoint and exits with \
            status 130; `nnc train --resume` continues exactly where it stopped.

            Exit status: 0 trained, 1 the spec or data has errors or training \
            diverged, 2 usage or I/O error, 130 interrupted.
            """)

    @Argument(help: "The spec file (YAML). Default: the plan built last by `nnc build`.")
    var spec: String?

    @Option(name: .customLong("out"), help: ArgumentHelp("The run folder (default: runs/<name>/).", valueName: "DIR"))
    var out: String?

    @Option(help: ArgumentHelp("Train until epoch N, overriding training.epochs (resumed epochs count).", valueName: "N"))
    var epochs: Int?

    @Option(name: .customLong("init"), help: ArgumentHelp("Start from the weights in a safetensors file (a weights file or a checkpoint).", valueName: "FILE"))
    var initFile: String?

    @Flag(help: "Continue from DIR/checkpoint.safetensors.")
    var resume = false

    @Option(name: .customLong("checkpoint-every"), help: ArgumentHelp("Write a checkpoint every N epochs (default: every 10 seconds).", valueName: "N"))
    var checkpointEvery: Int?

    @Option(help: ArgumentHelp("Worker threads for replicas (default: the machine's cores).", valueName: "N"))
    var threads: Int?

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "Write the run's report (RUN_DIR/report.html and RUN_DIR/figures/) when training ends; see nnc report.")
    var report = false

    func validate() throws {
        if let epochs, epochs < 1 { throw ValidationError("--epochs must be a positive integer, not \(epochs)") }
        if let checkpointEvery, checkpointEvery < 1 {
            throw ValidationError("--checkpoint-every must be a positive number of epochs, not \(checkpointEvery)")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be a positive integer, not \(threads)") }
        if resume && initFile != nil {
            throw ValidationError("--resume continues a run from its checkpoint; --init starts a new one: use one of them")
        }
    }

    func run() throws {
        let (loaded, plan) = try specAndPlan()
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
        let planHash = SHA256.hex((try? plan.jsonData(pretty: false)) ?? Data())

        // Ctrl-C: finish the epoch, checkpoint, exit 130. The handler runs on a
        // dispatch queue, not in signal context, so it may take a lock.
        let stop = StopRequest()
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            if stop.isRequested {
                // A second Ctrl-C stops at once; the last checkpoint on disk is whole.
                Foundation.exit(130)
            }
            stop.request()
            if !quiet { printError("\ninterrupted: finishing the epoch and writing a checkpoint (Ctrl-C again to quit now)") }
        }
        source.resume()
        defer {
            source.cancel()
            signal(SIGINT, SIG_DFL)
        }

        let replicas = max(1, spec.training.replicas.value)
        let totalEpochs = epochs ?? spec.training.epochs.value
        let display = TrainProgress(style: TrainProgress.style(quiet: quiet), replicas: replicas, epochs: totalEpochs)
        if !quiet {
            let points = "\(data.train.count) training" + (data.validation.map { ", \($0.count) validation" } ?? "") + " points"
            printError("training \(spec.name.value): \(plan.parameters) parameters, \(points), "
                + (replicas > 1 ? "\(replicas) replicas, " : "") + "\(totalEpochs) epochs → \(folder)/")
        }

        let options = TrainOptions(
            folder: folder, epochs: epochs, resume: resume, initPath: initFile,
            checkpoints: checkpointEvery.map { .epochs($0) } ?? .standard,
            threads: threads ?? ProcessInfo.processInfo.activeProcessorCount, nncVersion: NNC.configuration.version)
        let summary: RunSummary
        do {
            try RunFolder.create(folder)
            try AtomicFile.write(spec.resolvedYAML(), to: folder + "/spec.resolved.yaml")
            summary = try Trainer.run(
                spec: spec, data: data, physics: physics, layout: layout, planHash: planHash, options: options, stop: stop,
                progress: { display.update($0) },
                // Replicas take a core each; a single fit may split its large products
                // across the cores (by rows, so the result does not depend on the count).
                makeEngine: { [threads = options.threads] _ in try InterpreterEngine(plan: plan, threads: replicas == 1 ? threads : 1) })
        } catch let e as TrainError {
            display.finish()
            CLI.report(e.diagnostics, sources: loaded.sources)
            let ioOnly = e.diagnostics.allSatisfy { $0.code == DiagnosticCode.cannotWriteOutput }
            throw CommandFailure(code: ioOnly ? Exit.usage : Exit.inputErrors)
        }
        display.finish()
        if !quiet { print(RunReport.text(summary, folder: folder), terminator: "") }
        if stop.isRequested || summary.replicas.contains(where: { $0.stopReason == .interrupted }) {
            if !quiet { printError("stopped early; continue with: nnc train \(spec.sources.first ?? "") --resume --out \(folder)") }
            throw CommandFailure(code: 130)
        }
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

/// The run folder's name and creation.
enum RunFolder {
    /// Letters, digits, `.`, `-` and `_` of a spec name; anything else becomes `_`.
    static func safeName(_ name: String) -> String {
        let safe = String(name.unicodeScalars.map { s -> Character in
            s.isASCII && (CharacterSet.alphanumerics.contains(s) || "-_.".unicodeScalars.contains(s)) ? Character(s) : "_"
        })
        return safe.isEmpty || safe.allSatisfy { $0 == "." } ? "run" : safe
    }

    static func create(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw TrainError(Diagnostic(
                .cannotWriteOutput, span: .wholeFile(path), message: "cannot create the run folder '\(path)'",
                notes: [DiagnosticNote("choose a writable folder with --out")]))
        }
    }
}

/// The lines `nnc train` prints when it is done.
enum RunReport {
    static func text(_ s: RunSummary, folder: String) -> String {
        func loss(_ v: Double?) -> String { v.map { String(format: "%.6g", $0) } ?? "-" }
        var out = ""
        if s.replicas.count == 1, let r = s.replicas.first {
            out += "trained \(s.name): \(r.epochsRun) epochs in \(String(format: "%.1f", s.seconds)) s (\(reason(r.stopReason)))\n"
            if let best = r.bestValidationLoss, let epoch = r.bestEpoch {
                out += "best val_loss \(loss(best)) at epoch \(epoch); final train_loss \(loss(r.finalTrainLoss))"
            } else {
                out += "final train_loss \(loss(r.finalTrainLoss))"
            }
            if let a = r.bestValidationAccuracy {
                out += "; val accuracy " + String(format: "%.2f%%", a * 100) + " at the best epoch"
            } else if let a = r.finalTrainAccuracy {
                out += "; final train accuracy " + String(format: "%.2f%%", a * 100)
            }
            out += "\n"
        } else {
            out += "trained \(s.name): \(s.replicas.count) replicas in \(String(format: "%.1f", s.seconds)) s\n"
            out += "replica  epochs  best_epoch  best_val_loss  final_train_loss  stop\n"
            func pad(_ text: String, _ width: Int) -> String {
                String(repeating: " ", count: max(0, width - text.count)) + text
            }
            for r in s.replicas {
                out += [pad(String(r.replica), 7), pad(String(r.epochsRun), 6), pad(r.bestEpoch.map(String.init) ?? "-", 10),
                        pad(loss(r.bestValidationLoss), 13), pad(loss(r.finalTrainLoss), 16), reason(r.stopReason)]
                    .joined(separator: "  ") + "\n"
            }
            if let mean = s.bestValidationLossMean, let std = s.bestValidationLossStd {
                out += "best val_loss over replicas: \(loss(mean)) ± \(loss(std))\n"
            }
        }
        out += "wrote \(folder)/\n"
        return out
    }

    static func reason(_ r: StopReason) -> String {
        switch r {
        case .epochs: return "all epochs"
        case .patience: return "stopped: no improvement for patience epochs"
        case .interrupted: return "interrupted"
        case .nonFiniteLoss: return "diverged"
        }
    }
}
