import Foundation
import NNCSpec
import NNCTrain

/// The lines `nnc train` prints when it is done: the figures of the weights
/// written (`training.keep`), and with replicas one row per replica — every
/// one, with its status — and the ensemble over the complete ones.
enum RunReport {
    static func text(_ s: RunSummary, folder: String, keep: KeepWeights) -> String {
        var out = ""
        if s.replicas.count == 1, let r = s.replicas.first {
            out += "trained \(s.name): \(r.epochsRun) epochs in \(String(format: "%.1f", s.seconds)) s (\(reason(r)))\n"
            out += single(r) + "\n"
        } else {
            out += "trained \(s.name): \(s.replicas.count) replicas in \(String(format: "%.1f", s.seconds)) s: \(counts(s))\n"
            out += table(s.replicas)
            let complete = s.completeReplicas ?? 0
            let over = "over \(complete) complete replica\(complete == 1 ? "" : "s")"
                + (complete < s.replicas.count ? " (of \(s.replicas.count))" : "")
            if let mean = s.validationLossMean, let std = s.validationLossStd {
                out += "val_loss of the weights written, \(over): \(loss(mean)) ± \(loss(std))\n"
            } else if complete < 2 {
                out += "no ensemble figures: \(complete == 0 ? "no replica is" : "only one replica is") complete\n"
            }
        }
        out += "wrote \(folder)/ (weights: \(keep == .best ? "best validation epoch" : "last epoch"))\n"
        return out
    }

    /// The single fit's figures, for the weights written.
    static func single(_ r: FitSummary) -> String {
        var parts: [String] = []
        if r.weights == "best", let epoch = r.weightsEpoch, let v = r.weightsValidationLoss {
            parts.append("best val_loss \(loss(v)) at epoch \(epoch) (the weights written)")
        } else if r.weights == "last", let steps = r.stepsIntoNextEpoch {
            parts.append("the weights written are those after \(steps) steps into epoch \(r.epochsRun + 1)")
        } else if r.weights == "last" {
            let v = r.weightsValidationLoss.map { "val_loss \(loss($0)) " } ?? ""
            parts.append("\(v)at the last epoch, \(r.weightsEpoch ?? r.epochsRun) (the weights written)")
        } else {
            parts.append("no weights written")
        }
        parts.append("final train_loss \(loss(r.finalTrainLoss))")
        if let a = r.weightsValidationAccuracy {
            parts.append("val accuracy " + String(format: "%.2f%%", a * 100) + " of the weights written")
        } else if let a = r.finalTrainAccuracy {
            parts.append("final train accuracy " + String(format: "%.2f%%", a * 100))
        }
        if let failed = r.failed { parts.append("failed: \(failed)") }
        return parts.joined(separator: "; ")
    }

    /// `2 finished, 1 interrupted, 1 not started`.
    static func counts(_ s: RunSummary) -> String {
        let order: [FitStatus] = [.finished, .stoppedEarly, .interrupted, .notStarted, .failed]
        return order.compactMap { status in
            let n = s.replicas.filter { $0.status == status }.count
            return n == 0 ? nil : "\(n) \(status.text)"
        }.joined(separator: ", ")
    }

    /// One row per replica, named as its folder is.
    static func table(_ fits: [FitSummary]) -> String {
        func pad(_ text: String, _ width: Int) -> String {
            String(repeating: " ", count: max(0, width - text.count)) + text
        }
        var out = "replica      epochs  weights_epoch  val_loss  final_train_loss  status\n"
        for r in fits {
            let started = r.status != .notStarted
            let cells = [
                Fit.replicaFolderName(r.replica),
                pad(started ? String(r.epochsRun) : "-", 6), pad(r.weightsEpoch.map(String.init) ?? "-", 13),
                pad(loss(r.weightsValidationLoss), 8), pad(loss(started ? r.finalTrainLoss : nil), 16),
                reason(r),
            ]
            out += cells.joined(separator: "  ") + "\n"
        }
        return out
    }

    static func loss(_ v: Double?) -> String {
        guard let v else { return "-" }
        return v.isNaN ? "nan" : String(format: "%.6g", v)
    }

    /// The status in words, with why for a fit that stopped early or failed.
    static func reason(_ r: FitSummary) -> String {
        switch r.status {
        case .finished: return "finished: all epochs"
        case .stoppedEarly: return "stopped early: no improvement for patience epochs"
        case .interrupted: return "interrupted" + (r.stepsIntoNextEpoch.map { ": \($0) steps into epoch \(r.epochsRun + 1)" } ?? "")
        case .notStarted: return "not started"
        case .failed: return "failed: " + (r.failed ?? "diverged")
        }
    }
}
