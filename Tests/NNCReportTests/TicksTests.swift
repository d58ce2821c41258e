import Foundation
import NNCReport
import Testing

@Suite struct TicksTests {
    @Test func linearTicksAreNiceNumbersInsideTheRange() {
        let ticks = Ticks.linear(0.013, 0.97, target: 5)
        #expect(ticks.map(\.label) == ["0.2", "0.4", "0.6", "0.8"])
        for (lo, hi) in [(-3.7, 12.2), (0, 1), (1e-7, 9e-7), (2.5e6, 9.1e6), (-1, -0.2)] {
            let t = Ticks.linear(lo, hi, target: 5)
            #expect(t.count >= 2 && t.count <= 10, "\(lo)…\(hi): \(t.map(\.label))")
            #expect(t.allSatisfy { $0.value >= lo - 1e-12 && $0.value <= hi + 1e-12 })
            let step = t[1].value - t[0].value
            let mantissa = step / pow(10, floor(log10(step)))
            #expect([1, 2, 5, 10].contains { abs(mantissa - $0) < 1e-9 }, "step \(step)")
            #expect(Set(t.map(\.label)).count == t.count, "labels differ: \(t.map(\.label))")
        }
    }

    @Test func logTicksArePowersOfTen() {
        let t = Ticks.log(1e-3, 1)
        #expect(t.filter { !$0.label.isEmpty }.map(\.label) == ["0.001", "0.01", "0.1", "1"])
        #expect(t.contains { $0.label.isEmpty && abs($0.value - 0.002) < 1e-12 }, "minor ticks at 2…9 × 10^k")
        let wide = Ticks.log(1e-9, 1e3).filter { !$0.label.isEmpty }
        #expect(wide.count <= 7)
        #expect(wide.contains { $0.label == "10⁻⁶" })
        // 1.3 to 20 holds one power of ten: the 2s and 5s are labelled too.
        let short = Ticks.log(1.3, 20).filter { !$0.label.isEmpty }.map(\.label)
        #expect(short == ["2", "5", "10", "20"], "\(short)")
    }

    @Test func labelsOfLargeAndSmallNumbersUsePowersOfTen() {
        #expect(Ticks.format(4e7, step: 1e7) == "4×10⁷")
        #expect(Ticks.format(-2.5e-5, step: 5e-6) == "−2.5×10⁻⁵")
        #expect(Ticks.format(0.25, step: 0.05) == "0.25")
        #expect(Ticks.format(-3, step: 1) == "−3")
    }
}

@Suite struct ThinningTests {
    @Test func thousandsOfPointsKeepEveryColumnsExtremes() {
        // 20,000 epochs of a noisy decreasing curve over 600 pixel columns.
        var y: [Double] = []
        var state: UInt64 = 42
        for i in 0..<20_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            y.append(100 / Double(i + 1) + Double(state >> 40) / Double(1 << 24))
        }
        let px = y.indices.map { 10 + 600 * Double($0) / 20_000 }
        let keep = Thinning.keep(pixelX: px, pixelY: y)
        #expect(keep.count <= 2 * 601 + 2)
        #expect(keep == keep.sorted(), "points stay in order")
        // In every pixel column the kept points reach the same lowest and highest value as all points.
        var columns: [Int: (Double, Double)] = [:], kept: [Int: (Double, Double)] = [:]
        for i in y.indices {
            let c = Int(px[i])
            columns[c] = (min(columns[c]?.0 ?? .infinity, y[i]), max(columns[c]?.1 ?? -.infinity, y[i]))
        }
        for i in keep {
            let c = Int(px[i])
            kept[c] = (min(kept[c]?.0 ?? .infinity, y[i]), max(kept[c]?.1 ?? -.infinity, y[i]))
        }
        #expect(columns.count == kept.count)
        for (c, range) in columns { #expect(kept[c]! == range) }
        #expect(keep.first == 0 && keep.last == y.count - 1)
    }
}

@Suite struct KernelDensityTests {
    @Test func densityIntegratesToOneWithSilvermansBandwidth() {
        let values = [1.0, 2, 2.5, 3, 3.2, 4, 7]
        let k = KernelDensity(values)
        // 0.9 · min(sd, IQR/1.34) · n^(-1/5), by hand: sd = 1.9095, IQR = 3.6 − 2.25 = 1.35 (linear quantiles).
        #expect(abs(k.bandwidth - 0.9 * min(1.9095, 1.35 / 1.34) * pow(7, -0.2)) < 1e-3)
        let c = KernelDensity(values, bandwidth: k.bandwidth).curve(points: 2000, cut: 8)
        var integral = 0.0
        for i in 1..<c.x.count { integral += (c.x[i] - c.x[i - 1]) * (c.density[i] + c.density[i - 1]) / 2 }
        #expect(abs(integral - 1) < 1e-4, "∫ density = \(integral)")
        #expect(KernelDensity([5, 5, 5]).bandwidth > 0, "no spread still gives a curve")
        #expect(KernelDensity.quantile([1, 2, 3, 4], 0.5) == 2.5)
    }
}
