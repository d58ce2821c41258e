import Foundation
import NNCDiagnostics
import NNCFiles

extension MetricsLog {
    /// Reads a `metrics.csv` written by `MetricsLog`: the columns are found by
    /// their header names, an empty field is "not measured". A file that is not
    /// such a log is `E0716` naming the line.
    public static func read(path: String) throws -> [EpochMetrics] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw TrainError(Diagnostic(
                .runUnreadable, span: .wholeFile(path), message: "cannot read '\(path)': \(DataFile.reason(error))",
                notes: [DiagnosticNote("a run folder of nnc train has a metrics.csv per fit")]))
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard !lines.isEmpty else { return [] }
        let names = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        func column(_ name: String) -> Int? { names.firstIndex(of: name) }
        guard let epoch = column("epoch"), let train = column("train_loss") else {
            throw TrainError(Diagnostic(
                .runUnreadable, span: .wholeFile(path), message: "'\(path)' is not a metrics log: its header has no epoch and train_loss columns",
                notes: [DiagnosticNote("expected the header " + header(accuracy: false))]))
        }
        let validation = column("val_loss"), rate = column("learning_rate"), seconds = column("seconds")
        let trainAccuracy = column("train_accuracy"), validationAccuracy = column("val_accuracy")
        var out: [EpochMetrics] = []
        out.reserveCapacity(lines.count)
        for (i, line) in lines.enumerated() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            func value(_ c: Int?) -> Double? {
                guard let c, c < fields.count else { return nil }
                return Double(fields[c])
            }
            guard let e = value(epoch).map(Int.init), let t = value(train) else {
                throw TrainError(Diagnostic(
                    .runUnreadable, span: .wholeFile(path), message: "line \(i + 2) of '\(path)' has no epoch and train_loss numbers",
                    notes: [DiagnosticNote("the file may have been edited or cut off; train again to rewrite it")]))
            }
            out.append(EpochMetrics(
                epoch: e, trainLoss: t, validationLoss: value(validation), learningRate: value(rate) ?? 0,
                seconds: value(seconds) ?? 0, trainAccuracy: value(trainAccuracy), validationAccuracy: value(validationAccuracy)))
        }
        return out
    }
}
