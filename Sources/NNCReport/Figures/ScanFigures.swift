import Foundation

/// Figures of a hyperparameter scan: the reward of each trial in order, and
/// for each scanned hyperparameter a violin (kernel density) of the reward per
/// value it took. Plain functions of numbers, so `nnc hyperopt` calls them
/// with what its trials store.
public enum ScanFigures {
    /// One violin per group: the density of its values (Silverman bandwidth,
    /// cut two bandwidths beyond the extremes), all violins on one scale so
    /// equal areas mean equal counts, the median as a white dot and the values
    /// as a rug. Groups are ordered by their labels, numerically when every
    /// label is a number.
    public static func violins(
        _ groups: [String: [Double]], parameter: String, reward: String = "reward", rewardUnit: String? = nil,
        id: String? = nil, title: String? = nil, logReward: Bool = false
    ) -> Figure {
        let labels = orderedLabels(Array(groups.keys))
        return violins(labels.map { ($0, groups[$0] ?? []) }, parameter: parameter, reward: reward, rewardUnit: rewardUnit,
                       id: id, title: title, logReward: logReward)
    }

    /// The same for groups in a given order.
    public static func violins(
        _ groups: [(label: String, values: [Double])], parameter: String, reward: String = "reward", rewardUnit: String? = nil,
        id: String? = nil, title: String? = nil, logReward: Bool = false
    ) -> Figure {
        let densities = groups.map { g -> (y: [Double], d: [Double], values: [Double]) in
            let values = g.values.filter { $0.isFinite && (!logReward || $0 > 0) }
            let k = KernelDensity(logReward ? values.map(log10) : values)
            let c = k.curve()
            return (logReward ? c.x.map { pow(10, $0) } : c.x, c.density, values)
        }
        let peak = densities.flatMap(\.d).max() ?? 1
        var panel = Panel(
            x: Axis(parameter, scale: .categorical(groups.map(\.label))),
            y: Axis(reward, unit: rewardUnit, scale: logReward ? .log : .linear))
        for (slot, (g, d)) in zip(groups, densities).enumerated() {
            let sorted = d.values.sorted()
            panel.add(.violin(
                series: g.label, slot: slot, y: d.y, halfWidth: d.d.map { peak > 0 ? 0.42 * $0 / peak : 0 },
                median: KernelDensity.quantile(sorted, 0.5), values: d.values,
                style: Style(color: Palette.series(slot), opacity: 0.45)))
        }
        let counts = groups.map { "\($0.label): \($0.values.count)" }.joined(separator: ", ")
        return Figure(
            id: id ?? "violin-" + slug(parameter), title: title ?? "\(reward) by \(parameter)",
            caption: "Kernel density of the \(reward) of the trials for each value of \(parameter) (trials per value: \(counts)); the white dot is the median, the ticks are the trials.",
            rows: [[panel]])
    }

    /// The reward of each trial in the order they ran, with the best so far as a line.
    public static func rewardPerTrial(
        _ rewards: [Double], reward: String = "reward", rewardUnit: String? = nil, lowerIsBetter: Bool = true,
        id: String = "reward-per-trial", logReward: Bool = false
    ) -> Figure {
        let trials = rewards.indices.map { Double($0 + 1) }
        var best: [Double] = []
        for r in rewards {
            guard r.isFinite else { best.append(best.last ?? .nan); continue }
            let previous = best.last ?? r
            best.append(previous.isFinite ? (lowerIsBetter ? min(previous, r) : max(previous, r)) : r)
        }
        let panel = Panel(
            x: Axis("trial", scale: .linear), y: Axis(reward, unit: rewardUnit, scale: logReward ? .log : .linear),
            marks: [
                .points(series: "trial", x: trials, y: rewards, yError: nil, marker: .circle, style: Style(color: Palette.blue, width: 1.5, opacity: 0.8)),
                .line(series: "best so far", x: trials, y: best, style: Style(color: Palette.vermillion, width: 2)),
            ])
        return Figure(id: id, title: "\(reward) per trial", caption: "The \(reward) of each trial in the order the trials ran, and the best so far.", rows: [[panel]])
    }

    /// Numeric order when every label is a number, else text order.
    static func orderedLabels(_ labels: [String]) -> [String] {
        let numbers = labels.map { Double($0) }
        if numbers.allSatisfy({ $0 != nil }) {
            return zip(labels, numbers).sorted { $0.1! < $1.1! }.map(\.0)
        }
        return labels.sorted()
    }

    /// A name safe in a file name and an XML id.
    static func slug(_ s: String) -> String {
        let out = String(s.lowercased().unicodeScalars.map { c -> Character in
            CharacterSet.alphanumerics.contains(c) && c.isASCII ? Character(c) : "-"
        })
        return out.isEmpty ? "figure" : out
    }
}
