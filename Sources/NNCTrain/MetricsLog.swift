import Foundation
import NNCDiagnostics
import NNCFiles

/// One row of `metrics.csv`.
public struct EpochMetrics: Sendable, Equatable {
    public var epoch: Int
    public var trainLoss: Double
    public var validationLoss: Double?
    public var learningRate: Double
    /// Wall-clock seconds since the run started (resumed runs continue the count).
    public var seconds: Double
    /// Fraction of points classified correctly, for classifiers.
    public var trainAccuracy: Double?
    public var validationAccuracy: Double?
    /// The log's extra columns (a constraint's value), in its order.
    public var extras: [Double] = []

    public init(
        epoch: Int, trainLoss: Double, validationLoss: Double?, learningRate: Double, seconds: Double,
        trainAccuracy: Double? = nil, validationAccuracy: Double? = nil
    ) {
        self.epoch = epoch
        self.trainLoss = trainLoss
        self.validationLoss = validationLoss
        self.learningRate = learningRate
        self.seconds = seconds
        self.trainAccuracy = trainAccuracy
        self.validationAccuracy = validationAccuracy
    }
}

/// `metrics.csv`: a header `epoch,train_loss,val_loss,learning_rate,seconds`
/// (plus `train_accuracy,val_accuracy` for classifiers), then one line per
/// epoch. An empty field means "not measured" (no validation set). Rows are
/// buffered and appended at most every `flushInterval` seconds and on `flush()`.
public final class MetricsLog {
    public let path: String
    public let accuracy: Bool
    /// Columns after the standard ones: each constraint's value (a sum rule's
    /// integral, a positivity constraint's smallest value).
    public let extraColumns: [String]
    var pending = ""
    var lastFlush = Date()
    public var flushInterval: TimeInterval = 1

    public static func header(accuracy: Bool, extraColumns: [String] = []) -> String {
        "epoch,train_loss,val_loss,learning_rate,seconds" + (accuracy ? ",train_accuracy,val_accuracy" : "")
            + extraColumns.map { "," + $0 }.joined()
    }

    /// Starts a log at `path`. With `resumeAfter` the existing file keeps its
    /// rows up to and including that epoch (the checkpoint's), so a resumed run
    /// writes the same file an uninterrupted one would; otherwise it starts empty.
    public init(path: String, accuracy: Bool, extraColumns: [String] = [], resumeAfter epoch: Int? = nil) throws {
        self.path = path
        self.accuracy = accuracy
        self.extraColumns = extraColumns
        var text = Self.header(accuracy: accuracy, extraColumns: extraColumns) + "\n"
        if let epoch, let old = try? String(contentsOfFile: path, encoding: .utf8) {
            for line in old.split(separator: "\n").dropFirst() {
                guard let first = line.split(separator: ",", maxSplits: 1).first, let e = Int(first) else { continue }
                if e <= epoch { text += line + "\n" }
            }
        }
        try AtomicFile.write(text, to: path)
    }

    /// Appends the row's line (without its newline) to `text` in place: each
    /// number written straight into the string's storage, so a log whose
    /// buffer has grown to a second's rows formats an epoch without a heap
    /// allocation (the training loop does this every epoch).
    static func append(_ m: EpochMetrics, accuracy: Bool, to text: inout String) {
        func field(_ v: Double?) {
            text.append(",")
            v?.write(to: &text)
        }
        text.append(String(m.epoch))
        field(m.trainLoss)
        field(m.validationLoss)
        field(m.learningRate)
        text.append(",")
        appendMilliseconds(m.seconds, to: &text)
        if accuracy {
            field(m.trainAccuracy)
            field(m.validationAccuracy)
        }
        for v in m.extras { field(v) }
    }

    /// Seconds with three decimals, as `%.3f` prints them (without going
    /// through the C formatter every epoch).
    static func appendMilliseconds(_ seconds: Double, to text: inout String) {
        guard seconds.isFinite, abs(seconds) < 1e15 else {
            text.append(String(format: "%.3f", seconds))
            return
        }
        let ms = Int((abs(seconds) * 1000).rounded())
        if seconds < 0 && ms > 0 { text.append("-") }
        text.append(String(ms / 1000))
        let fraction = ms % 1000
        text.append(fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".")
        text.append(String(fraction))
    }

    public func append(_ m: EpochMetrics) throws {
        Self.append(m, accuracy: accuracy, to: &pending)
        pending.append("\n")
        if Date().timeIntervalSince(lastFlush) >= flushInterval { try flush() }
    }

    public func flush() throws {
        lastFlush = Date()
        guard !pending.isEmpty else { return }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw TrainError(Diagnostic(.cannotWriteOutput, span: .wholeFile(path), message: "cannot append to '\(path)'"))
        }
        defer { try? handle.close() }
        do {
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(pending.utf8))
        } catch {
            throw TrainError(Diagnostic(.cannotWriteOutput, span: .wholeFile(path), message: "cannot append to '\(path)': \(DataFile.reason(error))"))
        }
        pending.removeAll(keepingCapacity: true)
    }
}
