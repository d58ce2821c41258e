import ArgumentParser
import Dispatch
import Foundation
import NNCDiagnostics
import NNCLowering
import NNCPlan
import NNCSpec
import NNCStudy
import NNCTrain

struct HyperoptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hyperopt",
        abstract: "Search hyperparameters: run the trials of a spec's hyperopt: block.",
        discussion: """
            `nnc hyperopt SPEC` runs the study of SPEC's hyperopt: block: each trial \
            sets its values on the spec in memory, trains it, and stores its reward. \
            The study lives in runs/<name>/hyperopt.sqlite unless --storage names \
            another SQLite file or a PostgreSQL server; any number of workers, in \
            this process (--workers) or started on other machines with the same \
            command and URL, share it. Running the command on an existing study \
            resumes it. Results go to runs/<name>/hyperopt/ (trials.csv, best.yaml). \
            See docs/hyperopt.md.
            """,
        subcommands: [HyperoptRunCommand.self, HyperoptReportCommand.self],
        defaultSubcommand: HyperoptRunCommand.self)
}

/// Where a study is stored, shared by `hyperopt` and `hyperopt report`.
struct StorageOption: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The study's store: sqlite:PATH (or a path) or postgresql://user[:password]@host[:port]/db (default: runs/<name>/hyperopt.sqlite).",
        valueName: "URL"))
    var storage: String?

    func location(name: String) throws -> StoreLocation {
        let url = storage ?? "sqlite:runs/" + RunFolder.safeName(name) + "/hyperopt.sqlite"
        do {
            return try StoreLocation(url: url)
        } catch {
            throw CLI.storeFailure(.studyStoreUnavailable, "\(error)")
        }
    }
}

struct HyperoptRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run (or resume) the study of a spec; the default subcommand.",
        discussion: """
            Exit status: 0 every trial of the study finished, 1 the spec has errors, \
            2 usage, I/O or storage error, 130 or 143 stopped by SIGINT or SIGTERM (the trials in flight go \
            back to the queue).
            """)

    @Argument(help: "The spec file (YAML) with a hyperopt: block.")
    var spec: String

    @Option(help: ArgumentHelp("The number of finished trials to reach (default: hyperopt.trials).", valueName: "N"))
    var trials: Int?

    @Option(help: ArgumentHelp("Worker threads in this process (default 1).", valueName: "N"))
    var workers = 1

    @OptionGroup var storage: StorageOption

    @Flag(name: .customLong("dry-run"), help: "Print the space's size, the estimated time and the first trials' specs; run nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("Seconds between a worker's heartbeats (default 5).", valueName: "S"))
    var heartbeat: Double = 5

    @Option(help: ArgumentHelp("Re-queue a trial whose worker has been silent this long (default 60).", valueName: "S"))
    var grace: Double = 60

    @Flag(help: "Print nothing but errors and the final table.")
    var quiet = false

    func validate() throws {
        if let trials, trials < 1 { throw ValidationError("--trials must be a positive integer, not \(trials)") }
        if workers < 1 { throw ValidationError("--workers must be a positive integer, not \(workers)") }
        if heartbeat <= 0 || grace <= 0 { throw ValidationError("--heartbeat and --grace must be positive numbers of seconds") }
    }

    func run() throws {
        CLI.keepFreedMemory()
        let loaded = try CLI.loadSpec(spec)
        let spec = loaded.spec
        guard spec.hyperopt != nil else {
            printError("error: '\(self.spec)' has no hyperopt: block; add one (docs/hyperopt.md) or use `nnc train`")
            throw CommandFailure(code: Exit.inputErrors)
        }
        let study = try Study(spec: spec)
        if dryRun { return try printDryRun(study) }

        let location = try storage.location(name: spec.name.value)
        let stop = StopRequest()
        let interrupt = Interrupt(stop, message: "interrupted: the trials in flight go back to the queue (Ctrl-C again to quit now)")
        defer { interrupt.cancel() }
        if !quiet {
            printError("hyperopt \(spec.name.value): \(study.target) trials, \(study.hyperopt.sampler.value.rawValue) sampler, "
                + "\(workers) worker(s), store \(location)")
        }
        let quiet = self.quiet
        let display = StudyProgress()
        let summary: StudyRunSummary
        do {
            summary = try study.run(
                options: StudyOptions(location: location, workers: workers, trials: trials, heartbeat: heartbeat, grace: grace),
                stop: stop
            ) { event in
                if !quiet { display.show(event) }
            }
        } catch let e as StudyMismatch {
            throw CLI.storeFailure(.studyMismatch, "\(e); start a new study with another --storage, or delete the old one")
        } catch {
            throw CLI.storeFailure(.studyStoreUnavailable, "\(error)")
        }
        try writeReport(study, location: location, quiet: quiet)
        if !quiet && summary.trialsRun > 0 {
            // Overhead: everything but Fit.run (the training steps and their evaluations), in CPU time
            // (robust to other programs on the machine) and in wall time over all workers.
            let cpu = 100 * max(0, summary.processCPUSeconds - summary.trainingCPUSeconds) / max(summary.processCPUSeconds, 1e-9)
            let wall = 100 * max(0, summary.seconds * Double(workers) - summary.trainingSeconds) / max(summary.seconds * Double(workers), 1e-9)
            let perTrial = 1000 * max(0, summary.processCPUSeconds - summary.trainingCPUSeconds) / Double(summary.trialsRun)
            printError("this process: \(summary.trialsRun) trials in \(String(format: "%.2f", summary.seconds)) s, "
                + "\(String(format: "%.2f", summary.processCPUSeconds)) s CPU; training \(String(format: "%.2f", summary.trainingCPUSeconds)) s CPU; "
                + "search overhead \(String(format: "%.1f", cpu))% of CPU time, \(String(format: "%.3f", perTrial)) ms a trial "
                + "(\(String(format: "%.1f", wall))% of wall time); "
                + "\(summary.compiled) plan(s) compiled")
        }
        if summary.interrupted { throw CommandFailure(code: SignalPolicy.exitStatus(stop.signal ?? SIGINT)) }
    }

    func printDryRun(_ study: Study) throws {
        let spec = study.spec
        let (plan, diagnostics) = Lowering.lower(spec, options: LoweringOptions(mode: .training))
        guard let plan else {
            printError(diagnostics.map(\.message).joined(separator: "\n"))
            throw CommandFailure(code: Exit.inputErrors)
        }
        if let estimate = StudyEstimate.make(spec: spec, plan: plan, trials: trials) { print(estimate.text(), terminator: "") }
        print(study.definition.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        let runner = TrialRunner(spec: spec, template: study.template)
        var history = History(space: study.space)
        var seen = Set<String>()
        for number in 0..<min(3, study.target) {
            var drawn: Parameters?
            for retry in 0..<100 {
                guard let p = study.sampler.draw(number: number, retry: retry, history: history) else { break }
                if seen.insert(SearchSpace.encode(p)).inserted {
                    drawn = p
                    break
                }
            }
            guard let p = drawn else { break }
            history.append(p, reward: nil)
            print("\n# trial \(number): " + study.space.dimensions.map { "\($0.name) = \(study.space.display($0.name, p))" }.joined(separator: ", "))
            switch runner.spec(for: p) {
            case .success(let s): print(s.resolvedYAML(), terminator: "")
            case .failure(let f): print("# the spec rejects these values: \(f.message)")
            }
        }
    }
}

extension CLI {
    /// A study store failure as a diagnostic (no source line: the store is not
    /// a file of the spec); exit 1 for a study of another spec, else 2.
    static func storeFailure(_ code: DiagnosticCode, _ message: String) -> CommandFailure {
        report([Diagnostic(code, span: .wholeFile("--storage"), message: message,
                           notes: [DiagnosticNote("`nnc explain \(code)` tells more")])], sources: SourceManager())
        return CommandFailure(code: code == .studyMismatch ? Exit.inputErrors : Exit.usage)
    }
}

/// Signals for the commands that run workers, by `RunSignals`' rules (SIGINT
/// and SIGTERM are one request, repeats within a second the same one): the
/// first requests a stop (the work in flight goes back to its queue), a
/// deliberate second one exits at once with 128 + the signal.
final class Interrupt {
    private let signals: RunSignals

    init(_ stop: StopRequest, message: String?) {
        signals = RunSignals(stop: stop) { event in
            switch event {
            case .stop:
                if let message { printError("\n" + message) }
            case .quit(let signal):
                _exit(SignalPolicy.exitStatus(signal))
            case .repeated, .checkpoint:
                break
            }
        }
    }

    func cancel() {
        signals.cancel()
    }
}

/// One line per finished trial on stderr, at most five a second (a line is
/// never skipped for a new best reward, a failure or a re-queue).
final class StudyProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var best = Double.infinity
    private var last = Date.distantPast
    private var skipped = 0

    func show(_ event: StudyEvent) {
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case .started: return
        case .requeued(let n): printError("re-queued \(n) trial(s) whose worker stopped beating")
        case .finished(let number, let o):
            let better = (o.reward ?? .infinity) < best
            if better { best = o.reward! }
            guard better || o.state == .failed || Date().timeIntervalSince(last) >= 0.2 else {
                skipped += 1
                return
            }
            let reward = o.reward.map { "reward \($0)" } ?? o.state.rawValue
            let others = skipped > 0 ? " (and \(skipped) more)" : ""
            printError("trial \(number): \(reward)\(better ? " (best so far)" : ""), \(o.epochs) epochs\(others)"
                + (o.message.map { " (\($0))" } ?? ""))
            skipped = 0
            last = Date()
        }
    }
}

/// Writes runs/<name>/hyperopt/ and prints the table of the best trials.
func writeReport(_ study: Study, location: StoreLocation, quiet: Bool) throws {
    let report: StudyReport
    do {
        let store = try StudyStore(location: location)
        defer { store.database.close() }
        report = try StudyReport(study: study, store: store)
    } catch {
        throw CLI.storeFailure(.studyStoreUnavailable, "\(error)")
    }
    let folder = "runs/" + RunFolder.safeName(study.name) + "/hyperopt"
    let written: [String]
    do {
        written = try report.write(to: folder)
    } catch {
        throw CLI.ioFailure("cannot write the study's results to '\(folder)': \(error.localizedDescription)")
    }
    print(report.counts)
    if !report.ranked.isEmpty { print(report.table(), terminator: "") }
    if !quiet { print("wrote " + written.joined(separator: ", ")) }
}

struct HyperoptReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a study's results from its store (at any time, while workers run too).",
        discussion: "Writes runs/<name>/hyperopt/trials.csv and best.yaml and prints the best trials.")

    @Argument(help: "The spec file (YAML) of the study.")
    var spec: String

    @OptionGroup var storage: StorageOption

    func run() throws {
        let loaded = try CLI.loadSpec(spec)
        guard loaded.spec.hyperopt != nil else {
            printError("error: '\(spec)' has no hyperopt: block")
            throw CommandFailure(code: Exit.inputErrors)
        }
        let study = try Study(spec: loaded.spec)
        try writeReport(study, location: try storage.location(name: loaded.spec.name.value), quiet: false)
    }
}
