import Foundation
import NNCDiagnostics
import NNCFiles

extension MetricsLog {
    /// Reads a `metrics.csv` written by `MetricsLog`: the columns are found by
    /// their header names, an empty field is "not measured". A file that is not
    /// such a log is `E0731` naming the line.
    public static func read(path: String) throws -> [EpochMetrics] {
        let log: CSVLog
        do {
            log = try CSVLog.read(path: path, columns: ["epoch", "train_loss", "val_loss", "learning_rate", "seconds", "train_accuracy", "val_accuracy"])
        } catch let error as DiagnosticError {
            throw TrainError(Diagnostic(
                .runUnreadable, span: .wholeFile(path), message: error.diagnostics.first?.message ?? "cannot read '\(path)'",
                notes: [DiagnosticNote("a run folder of nnc train has a metrics.csv per fit")]))
        }
        guard !log.header.isEmpty else { return [] }
        guard log.header.contains("epoch"), log.header.contains("train_loss") else {
            throw TrainError(Diagnostic(
                .runUnreadable, span: .wholeFile(path), message: "'\(path)' is not a metrics log: its header has no epoch and train_loss columns",
                notes: [DiagnosticNote("expected the header " + header(accuracy: false))]))
        }
        let v = log.values
        var out: [EpochMetrics] = []
        out.reserveCapacity(log.lines.count)
        for r in log.lines.indices {
            guard let e = v[0][r], e.isFinite, e == e.rounded(), let t = v[1][r] else {
                throw TrainError(Diagnostic(
                    .runUnreadable, span: .wholeFile(path), message: "line \(log.lines[r]) of '\(path)' has no epoch and train_loss numbers",
                    notes: [DiagnosticNote("the file may have been edited or cut off; train again to rewrite it")]))
            }
            out.append(EpochMetrics(
                epoch: Int(e), trainLoss: t, validationLoss: v[2][r], learningRate: v[3][r] ?? 0,
                seconds: v[4][r] ?? 0, trainAccuracy: v[5][r], validationAccuracy: v[6][r]))
        }
        return out
    }
}
