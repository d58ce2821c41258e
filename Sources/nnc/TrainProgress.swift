import Foundation
import NNCTrain

/// The progress display of `nnc train`, fed from every replica's worker thread.
///
/// On a terminal one status line on stderr is redrawn in place (at most ten
/// times a second): epochs done, losses, speed and time left. Otherwise a plain
/// line is printed every `plainInterval` seconds, so logs of batch jobs stay
/// short. `quiet` prints nothing.
final class TrainProgress: @unchecked Sendable {
    enum Style {
        case terminal, plain, quiet
    }

    let style: Style
    let replicas: Int
    let epochsPerReplica: Int
    /// Where each replica started in this invocation (a resumed one later than 0),
    /// learnt from its first progress report.
    private var starts: [Int?]
    let plainInterval: TimeInterval
    private let lock = NSLock()
    private let clock = Date()
    private var lastDraw = Date.distantPast
    private var epochs: [Int]
    private var latest: FitProgress?
    private var drawn = false

    init(style: Style, replicas: Int, epochs: Int, plainInterval: TimeInterval = 10) {
        self.style = style
        self.replicas = replicas
        self.epochsPerReplica = epochs
        self.starts = Array(repeating: nil, count: replicas)
        self.plainInterval = plainInterval
        self.epochs = Array(repeating: 0, count: replicas)
    }

    /// Terminal when stderr is one, plain otherwise; quiet when asked.
    static func style(quiet: Bool) -> Style {
        quiet ? .quiet : (isatty(STDERR_FILENO) == 1 ? .terminal : .plain)
    }

    func update(_ p: FitProgress) {
        guard style != .quiet else { return }
        lock.lock()
        defer { lock.unlock() }
        if p.replica < epochs.count {
            if starts[p.replica] == nil { starts[p.replica] = p.epoch - 1 }
            epochs[p.replica] = p.epoch
        }
        latest = p
        let now = Date()
        let interval = style == .terminal ? 0.1 : plainInterval
        guard now.timeIntervalSince(lastDraw) >= interval || p.epoch == p.epochs else { return }
        lastDraw = now
        let line = Self.line(
            progress: p, done: zip(epochs, starts).reduce(0) { sum, e in sum + (e.1.map { e.0 - $0 } ?? 0) },
            total: starts.reduce(0) { $0 + max(epochsPerReplica - ($1 ?? 0), 0) }, replicas: replicas,
            seconds: now.timeIntervalSince(clock), bar: style == .terminal)
        if style == .terminal {
            FileHandle.standardError.write(Data(("\r" + line + "\u{1B}[K").utf8))
            drawn = true
        } else {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    /// Clears the status line before the final report.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn {
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
            drawn = false
        }
    }

    /// One status line. `done`/`total` count epochs over all replicas since this
    /// invocation started; the speed and time left follow from them.
    static func line(progress p: FitProgress, done: Int, total: Int, replicas: Int, seconds: Double, bar: Bool) -> String {
        var parts: [String] = []
        if replicas > 1 {
            // Named as its folder is (replica_000 …), like the table and summary.json.
            parts.append("\(Fit.replicaFolderName(p.replica)) epoch \(p.epoch)/\(p.epochs)")
        } else {
            parts.append("epoch \(p.epoch)/\(p.epochs)")
        }
        if bar {
            let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
            let width = 20
            let filled = Int((fraction * Double(width)).rounded(.down))
            parts.append("[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
                         + String(format: " %3.0f%%", fraction * 100))
        }
        parts.append("train " + loss(p.trainLoss))
        if let v = p.validationLoss {
            parts.append("val " + loss(v) + (p.bestValidationLoss.map { " (best \(loss($0)))" } ?? ""))
        }
        if let a = p.validationAccuracy { parts.append(String(format: "acc %.1f%%", a * 100)) }
        // The first epochs include start-up; the speed means something after a moment.
        if seconds >= 0.25 && done > 1 {
            let rate = Double(done) / seconds
            parts.append(rate >= 100 ? String(format: "%.0f epochs/s", rate) : String(format: "%.1f epochs/s", rate))
            if total > done { parts.append("eta " + duration(Double(total - done) / rate)) }
        }
        return parts.joined(separator: "  ")
    }

    static func loss(_ v: Double) -> String {
        v.isFinite ? String(format: "%.4g", v) : "\(v)"
    }

    static func duration(_ s: Double) -> String {
        guard s.isFinite else { return "?" }
        if s < 60 { return String(format: "%.0fs", s.rounded(.up)) }
        if s < 3600 { return "\(Int(s) / 60)m\(String(format: "%02d", Int(s) % 60))s" }
        return "\(Int(s) / 3600)h\(String(format: "%02d", Int(s) % 3600 / 60))m"
    }
}
