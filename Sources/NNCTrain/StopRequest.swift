import Foundation

/// What the outside world asks of a run while it trains — stop (SIGINT,
/// SIGTERM), write a checkpoint and go on (SIGUSR1) — and what the run has
/// written so far, so that a forced quit can say what is on disk.
///
/// One object is shared by every fit of a run (replica workers, hyperparameter
/// trials); the training loops poll it after every step and every epoch.
/// `RunSignals` feeds it from the process's signals; tests call it directly.
public final class StopRequest: @unchecked Sendable {
    private let lock = NSLock()
    private var stopSignal: Int32?
    private var checkpoints = 0

    /// What each fit of the run has written.
    public let ledger = RunLedger()

    public init() {}

    /// Asks every fit to stop at the next step or epoch end (see `Fit`); the
    /// first request's signal is kept (it decides the exit status).
    public func request(signal: Int32 = SIGINT) {
        lock.lock()
        if stopSignal == nil { stopSignal = signal }
        lock.unlock()
    }

    public var isRequested: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopSignal != nil
    }

    /// The signal of the first stop request (SIGINT for `request()`), nil before one.
    public var signal: Int32? {
        lock.lock()
        defer { lock.unlock() }
        return stopSignal
    }

    /// Asks every running fit to write a checkpoint and go on.
    public func requestCheckpoint() {
        lock.lock()
        checkpoints += 1
        lock.unlock()
    }

    /// How many checkpoint requests there have been; a fit writes one
    /// checkpoint for each new count it sees.
    public var checkpointRequests: Int {
        lock.lock()
        defer { lock.unlock() }
        return checkpoints
    }
}

/// Where each fit of a run stands on disk: its newest checkpoint, and whether
/// its weights and summary are written. Kept as the fits write, read when the
/// user quits at once, so the message says what survives.
public final class RunLedger: @unchecked Sendable {
    public struct Entry: Sendable, Equatable {
        /// The fit's folder (the run folder for a single fit, else `replica_NNN`).
        public var folder: String
        /// The epoch (completed) and steps into the next of the newest checkpoint written; nil before one.
        public var checkpoint: (epoch: Int, step: Int)?
        /// Weights and summary written: the fit has ended.
        public var ended = false

        public static func == (a: Entry, b: Entry) -> Bool {
            a.folder == b.folder && a.checkpoint?.epoch == b.checkpoint?.epoch
                && a.checkpoint?.step == b.checkpoint?.step && a.ended == b.ended
        }
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var order: [String] = []

    public init() {}

    func started(_ folder: String, checkpoint: (epoch: Int, step: Int)?) {
        update(folder) { $0.checkpoint = checkpoint }
    }

    func checkpointWritten(_ folder: String, epoch: Int, step: Int) {
        update(folder) { $0.checkpoint = (epoch, step) }
    }

    func ended(_ folder: String) {
        update(folder) { $0.ended = true }
    }

    private func update(_ folder: String, _ change: (inout Entry) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        if entries[folder] == nil {
            entries[folder] = Entry(folder: folder)
            order.append(folder)
        }
        change(&entries[folder]!)
    }

    /// Every fit that has started, in the order they started.
    public var fits: [Entry] {
        lock.lock()
        defer { lock.unlock() }
        return order.map { entries[$0]! }
    }

    /// Lines saying what is on disk for each fit that started: what a user
    /// quitting at once is told.
    public func quitReport() -> [String] {
        let fits = self.fits
        if fits.isEmpty { return ["no fit had started: nothing was written"] }
        return fits.map { f in
            if f.ended { return "\(f.folder): finished; weights and summary written" }
            guard let c = f.checkpoint else {
                return "\(f.folder): no checkpoint written yet (its progress is lost); no weights or summary"
            }
            let at = c.step > 0 ? "epoch \(c.epoch) and \(c.step) step\(c.step == 1 ? "" : "s") of the next" : "epoch \(c.epoch)"
            return "\(f.folder): checkpoint of \(at) kept (resume with --resume); weights and summary not written"
        }
    }
}
