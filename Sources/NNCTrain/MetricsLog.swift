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

    public static func format(_ m: EpochMetrics, accuracy: Bool) -> String {
        func f(_ v: Double?) -> String { v.map { "\($0)" } ?? "" }
        var line = "\(m.epoch),\(f(m.trainLoss)),\(f(m.validationLoss)),\(f(m.learningRate)),\(String(format: "%.3f", m.seconds))"
        if accuracy { line += ",\(f(m.trainAccuracy)),\(f(m.validationAccuracy))" }
        for v in m.extras { line += ",\(v)" }
        return line
    }

    public func append(_ m: EpochMetrics) throws {
        pending += Self.format(m, accuracy: accuracy) + "\n"
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
        pending = ""
    }
}
