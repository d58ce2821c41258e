import Foundation
import NNCSpec
import NNCTrain

/// The study's results, from the store: `trials.csv`, `best.yaml` and the
/// table of the best trials.
public struct StudyReport {
    public var trials: [StoredTrial]
    public var target: Int
    public let study: Study

    public init(study: Study, store: StudyStore) throws {
        self.study = study
        guard let found = try store.findStudy(name: study.name) else {
            throw StoreError("the store holds no study '\(study.name)'; run `nnc hyperopt` on the spec first")
        }
        trials = try store.trials(study: found.id)
        target = found.target
    }

    public var finished: [StoredTrial] { trials.filter { $0.state.isFinished } }

    /// Complete trials, best (lowest reward) first; ties by trial number.
    public var ranked: [StoredTrial] {
        trials.filter { $0.state == .complete && $0.reward != nil }
            .sorted { ($0.reward!, $0.number) < ($1.reward!, $1.number) }
    }

    /// One row per trial: id, status, every hyperparameter, reward, fold rewards, epochs, time, worker.
    public func csv() -> String {
        let dims = study.space.dimensions.map(\.name)
        var out = (["trial", "status"] + dims + ["reward", "fold_losses", "epochs", "seconds", "worker", "attempts", "message"])
            .map(Self.field).joined(separator: ",") + "\n"
        for t in trials {
            let p = SearchSpace.decode(t.parameters) ?? [:]
            let values = dims.map { study.space.display($0, p) }
            let row = [String(t.number), t.state.rawValue] + values + [
                t.reward.map { "\($0)" } ?? "", (t.folds ?? "").replacingOccurrences(of: ",", with: ";"),
                t.epochs.map(String.init) ?? "", t.seconds.map { String(format: "%.3f", $0) } ?? "",
                t.worker ?? "", String(t.attempts), t.message ?? "",
            ]
            out += row.map(Self.field).joined(separator: ",") + "\n"
        }
        return out
    }

    static func field(_ s: String) -> String {
        guard s.contains(where: { ",\"\n{}[]".contains($0) }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The resolved spec of the best trial, with a comment naming it; nil before any trial completed.
    public func bestYAML() -> String? {
        guard let best = ranked.first, let p = SearchSpace.decode(best.parameters) else { return nil }
        guard case .success(let spec) = TrialRunner(spec: study.spec).spec(for: p) else { return nil }
        var head = "# best trial \(best.number) of the hyperopt study '\(study.name)': reward \(best.reward!)\n"
        for d in study.space.dimensions { head += "#   \(d.name) = \(study.space.display(d.name, p))\n" }
        return head + spec.resolvedYAML()
    }

    /// The best `count` trials as a table.
    public func table(count: Int = 10) -> String {
        let dims = study.space.dimensions.map(\.name)
        var rows: [[String]] = [["rank", "trial", "reward"] + dims + ["epochs"]]
        for (i, t) in ranked.prefix(count).enumerated() {
            let p = SearchSpace.decode(t.parameters) ?? [:]
            rows.append([String(i + 1), String(t.number), String(format: "%.6g", t.reward!)] + dims.map { study.space.display($0, p) }
                        + [t.epochs.map(String.init) ?? ""])
        }
        var widths = [Int](repeating: 0, count: rows[0].count)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        var out = ""
        for r in rows {
            out += r.enumerated().map { i, c in
                i < 3 ? String(repeating: " ", count: widths[i] - c.count) + c : c + String(repeating: " ", count: widths[i] - c.count)
            }.joined(separator: "  ").trimmingTrailingSpaces() + "\n"
        }
        return out
    }

    /// A line of counts: finished of target, by state.
    public var counts: String {
        let by = Dictionary(grouping: trials, by: \.state).mapValues(\.count)
        let parts = [TrialState.complete, .pruned, .failed, .running, .queued].compactMap { s in by[s].map { "\($0) \(s.rawValue)" } }
        return "\(finished.count) of \(target) trials finished (" + (parts.isEmpty ? "none yet" : parts.joined(separator: ", ")) + ")"
    }

    /// Writes `trials.csv` and `best.yaml` into `folder`; returns the paths written.
    public func write(to folder: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var written: [String] = []
        try AtomicFile.write(csv(), to: folder + "/trials.csv")
        written.append(folder + "/trials.csv")
        if let best = bestYAML() {
            try AtomicFile.write(best, to: folder + "/best.yaml")
            written.append(folder + "/best.yaml")
        }
        return written
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
