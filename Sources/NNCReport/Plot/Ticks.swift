import Foundation

/// Tick positions and labels that a reader takes in at a glance: steps of
/// 1, 2 or 5 times a power of ten (Heckbert's "nice numbers", Graphics Gems,
/// 1990) on linear axes, powers of ten on log axes.
public enum Ticks {
    public struct Tick: Equatable, Sendable {
        public var value: Double
        /// Empty for a minor tick.
        public var label: String
    }

    /// About `target` labelled ticks inside `[lower, upper]`.
    public static func linear(_ lower: Double, _ upper: Double, target: Int = 5) -> [Tick] {
        guard upper > lower, lower.isFinite, upper.isFinite else { return [Tick(value: lower, label: format(lower, step: 1))] }
        let step = niceNumber((upper - lower) / Double(max(target - 1, 1)), round: true)
        let first = (lower / step).rounded(.up) * step
        var ticks: [Tick] = []
        var v = first
        var k = 0
        while v <= upper + step * 1e-9 && k < 100 {
            let value = abs(v) < step * 1e-9 ? 0 : v
            ticks.append(Tick(value: value, label: format(value, step: step)))
            k += 1
            v = first + Double(k) * step
        }
        return ticks
    }

    /// Heckbert's nice number near `x`: 1, 2, 5 or 10 times a power of ten.
    public static func niceNumber(_ x: Double, round: Bool) -> Double {
        let exponent = floor(log10(x))
        let fraction = x / pow(10, exponent)
        let nice: Double
        if round {
            nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return nice * pow(10, exponent)
    }

    /// Powers of ten inside `[lower, upper]` (every k-th when there are many),
    /// with unlabelled 2…9 minor ticks when few decades are shown; less than a
    /// decade gets nice linear ticks instead.
    public static func log(_ lower: Double, _ upper: Double, target: Int = 6) -> [Tick] {
        guard lower > 0, upper > lower else { return linear(lower, upper, target: target) }
        let a = Int(floor(log10(lower) + 1e-9)), b = Int(ceil(log10(upper) - 1e-9))
        let decades = b - a
        if decades < 2 {
            let ticks = linear(lower, upper, target: target).filter { $0.value > 0 }
            if ticks.count >= 2 { return ticks }
        }
        let every = max(1, Int((Double(decades) / Double(target)).rounded(.up)))
        var ticks: [Tick] = []
        for k in a...b {
            let v = pow(10, Double(k))
            if k % every == 0 && v >= lower * (1 - 1e-9) && v <= upper * (1 + 1e-9) {
                ticks.append(Tick(value: v, label: power(k)))
            }
            if decades <= 6 {
                for m in 2...9 {
                    let minor = Double(m) * v
                    if minor >= lower && minor <= upper { ticks.append(Tick(value: minor, label: "")) }
                }
            }
        }
        // A range that holds fewer than two powers of ten (1.3 to 20) also
        // labels the 2s and 5s between them, so the axis can be read.
        if ticks.filter({ !$0.label.isEmpty }).count < 2 {
            for i in ticks.indices where ticks[i].label.isEmpty {
                let m = (ticks[i].value / pow(10, floor(log10(ticks[i].value) + 1e-9))).rounded()
                if m == 2 || m == 5 { ticks[i].label = format(ticks[i].value, step: pow(10, floor(log10(ticks[i].value) + 1e-9))) }
            }
        }
        return ticks
    }

    /// `10^k` as a reader writes it: plain for 0.01 … 1000, else 10 with a superscript.
    public static func power(_ k: Int) -> String {
        if (-3...3).contains(k) { return format(pow(10, Double(k)), step: pow(10, Double(min(k, 0)))) }
        return "10" + superscript(k)
    }

    static func superscript(_ k: Int) -> String {
        let digits: [Character: Character] = [
            "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻",
        ]
        return String(String(k).map { digits[$0] ?? $0 })
    }

    /// A tick label with as many decimals as the step needs; very large or
    /// small values as a mantissa times a power of ten.
    public static func format(_ v: Double, step: Double) -> String {
        if v == 0 { return "0" }
        let magnitude = max(abs(v), step)
        if magnitude >= 1e5 || magnitude < 1e-3 {
            let e = Int(floor(log10(abs(v))))
            let mantissa = v / pow(10, Double(e))
            let digits = max(0, min(3, Int(ceil(-log10(step / pow(10, Double(e))) - 1e-9))))
            var m = String(format: "%.\(digits)f", mantissa)
            if m == "1" { return "10" + superscript(e) }
            if m == "-1" { return "−10" + superscript(e) }
            m = m.replacingOccurrences(of: "-", with: "−")
            return m + "×10" + superscript(e)
        }
        let decimals = max(0, Int(ceil(-log10(step) - 1e-9)))
        return String(format: "%.\(decimals)f", v).replacingOccurrences(of: "-", with: "−")
    }
}
