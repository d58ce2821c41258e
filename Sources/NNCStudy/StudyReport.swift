import Foundation
import NNCReport
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
        guard case .success(let spec) = TrialRunner(spec: study.spec, template: study.template).spec(for: p) else { return nil }
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

    /// The reward of each trial in order, and for every hyperparameter a
    /// violin of the reward per value it took (continuous and wide integer
    /// ranges in five bins, logarithmic for `log_uniform`). Complete trials only.
    public func figures() -> [Figure] {
        let done = trials.filter { $0.state == .complete && ($0.reward?.isFinite ?? false) }
        guard !done.isEmpty else { return [] }
        let rewards = done.map { $0.reward! }
        // Positive rewards (losses) over more than a decade on a log axis: on
        // a linear one the good trials are one flat line at the bottom and the
        // densities' tails run below 0.
        let logReward = (rewards.min() ?? 0) > 0 && (rewards.max() ?? 1) / (rewards.min() ?? 1) > 10
        var out = [ScanFigures.rewardPerTrial(trials.sorted { $0.number < $1.number }.compactMap { t in
            t.state == .complete ? t.reward : nil
        }, logReward: logReward)]
        let parameters = done.map { SearchSpace.decode($0.parameters) ?? [:] }
        for d in study.space.dimensions {
            var groups: [(label: String, values: [Double])] = []
            func add(_ label: String, _ reward: Double) {
                if let i = groups.firstIndex(where: { $0.label == label }) { groups[i].values.append(reward) } else { groups.append((label, [reward])) }
            }
            let bins = Self.bins(d.domain)
            for (p, r) in zip(parameters, rewards) {
                guard let v = p[d.name] else { continue }
                if let bins {
                    let x: Double
                    switch v {
                    case .int(let i): x = Double(i)
                    case .double(let f): x = f
                    case .choice(let k): x = Double(k)
                    }
                    let i = bins.firstIndex { x <= $0.upper } ?? bins.count - 1
                    add(bins[i].label, r)
                } else {
                    add(study.space.display(d.name, p), r)
                }
            }
            if let bins {
                groups.sort { a, b in (bins.firstIndex { $0.label == a.label } ?? 0) < (bins.firstIndex { $0.label == b.label } ?? 0) }
            } else if case .choice(let choices) = d.domain {
                let order = choices.map(\.text)
                groups.sort { (order.firstIndex(of: $0.label) ?? 0) < (order.firstIndex(of: $1.label) ?? 0) }
            } else {
                groups.sort { (Double($0.label) ?? 0) < (Double($1.label) ?? 0) }
            }
            out.append(ScanFigures.violins(groups, parameter: d.name, logReward: logReward))
        }
        return out
    }

    /// Five bins for a continuous or wide integer range, nil for values shown one by one.
    static func bins(_ domain: Domain) -> [(label: String, upper: Double)]? {
        func label(_ a: Double, _ b: Double) -> String { String(format: "%.3g–%.3g", a, b) }
        switch domain {
        case .choice: return nil
        case .int(let a, let b) where b - a < 12: return nil
        case .int(let a, let b):
            let step = Double(b - a + 1) / 5
            return (0..<5).map { i in
                let lo = Double(a) + Double(i) * step, hi = Double(a) + Double(i + 1) * step - 1
                return (String(format: "%.0f–%.0f", lo.rounded(.up), hi.rounded(.down)), hi)
            }
        case .uniform(let a, let b):
            return (0..<5).map { i in (label(a + (b - a) * Double(i) / 5, a + (b - a) * Double(i + 1) / 5), a + (b - a) * Double(i + 1) / 5) }
        case .logUniform(let a, let b):
            let la = log10(a), lb = log10(b)
            return (0..<5).map { i in
                let lo = pow(10, la + (lb - la) * Double(i) / 5), hi = pow(10, la + (lb - la) * Double(i + 1) / 5)
                return (label(lo, hi), hi)
            }
        }
    }

    /// Writes `trials.csv`, `best.yaml` and `figures/*.svg` into `folder`; returns the paths written.
    public func write(to folder: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var written: [String] = []
        try AtomicFile.write(csv(), to: folder + "/trials.csv")
        written.append(folder + "/trials.csv")
        if let best = bestYAML() {
            try AtomicFile.write(best, to: folder + "/best.yaml")
            written.append(folder + "/best.yaml")
        }
        let figures = figures()
        if !figures.isEmpty {
            try FileManager.default.createDirectory(atPath: folder + "/figures", withIntermediateDirectories: true)
            for f in figures {
                try AtomicFile.write(f.svg(), to: folder + "/figures/" + f.id + ".svg")
            }
            written.append(folder + "/figures/ (\(figures.count) SVG)")
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
