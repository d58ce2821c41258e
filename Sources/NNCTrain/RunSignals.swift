import Dispatch
import Foundation

/// How a training process answers signals (batch systems send them):
///
/// - SIGINT and SIGTERM are one request: stop at the next epoch end (or step,
///   in a long epoch), write the checkpoint, the weights and a summary marked
///   `interrupted`, and exit with 128 + the signal (130, 143). Repeats within
///   `repeatWindow` seconds of the first are the same request: `timeout -s INT`
///   signals the process and then its group a millisecond later, and SLURM may
///   signal every process of a step.
/// - A stop signal later than that is a deliberate second Ctrl-C: quit at once.
/// - SIGUSR1 (SLURM's `--signal` warning before the time limit) asks for a
///   checkpoint and training goes on.
///
/// `SignalPolicy` is the decision alone; `RunSignals` wires it to the process.
public struct SignalPolicy: Sendable {
    public enum Event: Equatable, Sendable {
        /// The first stop signal: stop gracefully.
        case stop(Int32)
        /// The same request again (within the window): nothing more to do.
        case repeated(Int32)
        /// A deliberate second stop signal: quit now.
        case quit(Int32)
        /// Write a checkpoint and go on.
        case checkpoint
    }

    public var repeatWindow: TimeInterval
    private(set) var firstStop: Date?

    public init(repeatWindow: TimeInterval = 1) {
        self.repeatWindow = repeatWindow
    }

    public mutating func receive(_ signal: Int32, at time: Date = Date()) -> Event {
        if signal == SIGUSR1 { return .checkpoint }
        guard let first = firstStop else {
            firstStop = time
            return .stop(signal)
        }
        return time.timeIntervalSince(first) <= repeatWindow ? .repeated(signal) : .quit(signal)
    }

    /// The exit status of a process stopped by `signal`: 128 + its number.
    public static func exitStatus(_ signal: Int32) -> Int32 { 128 + signal }

    /// `SIGINT`, `SIGTERM`, … for messages.
    public static func name(_ signal: Int32) -> String {
        switch signal {
        case SIGINT: return "SIGINT"
        case SIGTERM: return "SIGTERM"
        case SIGUSR1: return "SIGUSR1"
        case SIGHUP: return "SIGHUP"
        default: return "signal \(signal)"
        }
    }
}

/// Installs `SignalPolicy` for SIGINT, SIGTERM and SIGUSR1 while a run trains:
/// stop and checkpoint requests go to `stop`, and `handler` hears every event
/// (to print a line, and on `.quit` to say what was written and exit).
///
/// The handler runs on a serial dispatch queue, not in signal context, so it
/// may take locks and write files. `cancel()` restores the default actions.
public final class RunSignals: @unchecked Sendable {
    public static let signals: [Int32] = [SIGINT, SIGTERM, SIGUSR1]

    private let queue = DispatchQueue(label: "nnc.signals")
    private var sources: [DispatchSourceSignal] = []
    private var policy: SignalPolicy

    public init(stop: StopRequest, repeatWindow: TimeInterval = 1, handler: @escaping @Sendable (SignalPolicy.Event) -> Void) {
        policy = SignalPolicy(repeatWindow: repeatWindow)
        for s in Self.signals {
            signal(s, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: s, queue: queue)
            source.setEventHandler { [weak self] in
                guard let self else { return }
                // Several deliveries before the handler ran are one event (`data` counts them).
                let event = self.policy.receive(s)
                switch event {
                case .stop(let sig): stop.request(signal: sig)
                case .checkpoint: stop.requestCheckpoint()
                case .repeated, .quit: break
                }
                handler(event)
            }
            source.resume()
            sources.append(source)
        }
    }

    public func cancel() {
        queue.sync {
            for source in sources { source.cancel() }
            sources = []
        }
        for s in Self.signals { signal(s, SIG_DFL) }
    }
}
