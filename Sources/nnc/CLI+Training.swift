import Foundation
import NNCDiagnostics
import NNCPlan
import NNCSpec
import NNCTrain

/// What `nnc train` and `nnc test` share: reading a spec's data, training it
/// into its run folder, and answering signals while it trains.
extension CLI {
    /// Reads the data `spec` names and trains it with `plan` into
    /// `options.folder`. Data problems and run-folder refusals are thrown as
    /// `TrainError`; fits that fail come back in the summary.
    /// `loaded` hears the data once it is read; a stop request that comes
    /// before training begins is `StoppedBeforeTraining` (nothing written).
    static func train(
        spec: Spec, plan: Plan, sources: SourceManager, options: TrainOptions, stop: StopRequest?,
        loaded: (TrainingData) -> Void = { _ in }, progress: @escaping @Sendable (FitProgress) -> Void = { _ in }
    ) throws -> RunSummary {
        let data = try TrainingData.load(spec: spec, sources: sources)
        let physics = try PhysicsData.loadIfNeeded(spec: spec, plan: plan, sources: sources)
        loaded(data)
        if let signal = stop?.signal { throw StoppedBeforeTraining(signal: signal) }
        return try Trainer.run(spec: spec, plan: plan, data: data, physics: physics, options: options, stop: stop, progress: progress)
    }

    /// A signal came while the data was read: nothing was trained or written.
    struct StoppedBeforeTraining: Error {
        var signal: Int32
    }

    /// `spec` with `training.seed` replaced by `--seed N` (the resolved spec
    /// and the checkpoint record the seed trained with).
    static func seeded(_ spec: Spec, _ seed: UInt64?) -> Spec {
        guard let seed else { return spec }
        var s = spec
        s.training.seed = Located(seed, span: spec.training.seed.span)
        return s
    }

    /// Signals while a run trains (`RunSignals`): the first SIGINT or SIGTERM
    /// finishes the epoch (or the step, in a long epoch) and writes every
    /// fit's files; a second one more than a second later quits at once,
    /// saying what is on disk; SIGUSR1 writes checkpoints and goes on.
    static func answerSignals(_ stop: StopRequest, quiet: Bool) -> RunSignals {
        RunSignals(stop: stop) { event in
            switch event {
            case .stop(let signal):
                if !quiet {
                    printError("\n\(SignalPolicy.name(signal)): finishing the epoch (or the step, in a long epoch), then writing "
                        + "the checkpoint, the weights and a summary marked interrupted (\(signal == SIGINT ? "Ctrl-C" : "the signal") again to quit at once)")
                }
            case .repeated:
                break
            case .quit(let signal):
                var text = "\n\(SignalPolicy.name(signal)) again: quitting at once; the summary was not written\n"
                text += stop.ledger.quitReport().map { "  " + $0 + "\n" }.joined()
                FileHandle.standardError.write(Data(text.utf8))
                _exit(SignalPolicy.exitStatus(signal))
            case .checkpoint:
                if !quiet { printError("\nSIGUSR1: writing a checkpoint of every running fit, then going on") }
            }
        }
    }

    /// The command line as the user typed it, for the run folder's lock file.
    static var commandLine: String {
        (["nnc"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
    }
}

extension CLI {
    /// Keeps freed memory in the process instead of giving it back to the
    /// system at every free (glibc gives back a thread's arena top above
    /// 128 KiB): a search builds and drops a trial's buffers hundreds of
    /// times a second, and each give-back was a system call and page faults
    /// on the next trial. 64 MiB at most is kept.
    static func keepFreedMemory() {
        #if canImport(Glibc)
        // malloc.h is not in the Glibc module: mallopt(M_TRIM_THRESHOLD = -1, bytes).
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        if let f = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") {
            _ = unsafeBitCast(f, to: Mallopt.self)(-1, 64 << 20)
        }
        #endif
    }
}
