import Foundation

extension Sampling {
    /// The points of a `linspace` or `logspace` sampling, low to high, both
    /// ends exact (as NumPy's linspace and logspace); nil for `uniform`, whose
    /// points are random. The grid of a constraint's `over` / `at`, and of
    /// generated data.
    public var gridValues: [Double]? {
        let n = Swift.max(points.value, 0)
        let lo = lower.value, hi = upper.value
        func t(_ i: Int) -> Double { n == 1 ? 0 : Double(i) / Double(n - 1) }
        switch kind.value {
        case .linspace:
            return (0..<n).map { i in i == n - 1 && n > 1 ? hi : lo + (hi - lo) * t(i) }
        case .logspace:
            let a = log10(lo), b = log10(hi)
            return (0..<n).map { i in i == n - 1 && n > 1 ? hi : (i == 0 ? lo : Foundation.pow(10, a + (b - a) * t(i))) }
        case .uniform:
            return nil
        }
    }

    /// The trapezoidal-rule weights of the points `x` (ascending):
    /// ∫ g ≈ Σ_j w_j g(x_j), w_j = (x_{j+1} − x_{j−1}) / 2 inside and half the
    /// neighbouring interval at the ends. A sum rule's integral is the
    /// 1 × N_grid map with entries w_j · (the integrand's weight at x_j).
    public static func trapezoidWeights(_ x: [Double]) -> [Double] {
        guard x.count > 1 else { return [Double](repeating: 0, count: x.count) }
        var w = [Double](repeating: 0, count: x.count)
        for j in 0..<(x.count - 1) {
            let h = 0.5 * (x[j + 1] - x[j])
            w[j] += h
            w[j + 1] += h
        }
        return w
    }
}

extension Preprocessing {
    /// True when x^a (1 − x)^b and its derivatives in a and b are finite for
    /// every a in `smallX` and b in `largeX`: x in (0, 1), and an end only where
    /// its factor vanishes for every exponent (x = 0 when a > 0 throughout,
    /// x = 1 when b > 0 throughout); there the factor and its derivatives are
    /// taken as their limit, 0.
    public func admits(_ x: Double) -> Bool {
        if x > 0 && x < 1 { return true }
        if x == 0 { return smallX.value.lower > 0 }
        if x == 1 { return largeX.value.lower > 0 }
        return false
    }

    /// The domain in words, for messages: "(0, 1]", "(0, 1)", ...
    public var domainText: String {
        (smallX.value.lower > 0 ? "[0" : "(0") + ", " + (largeX.value.lower > 0 ? "1]" : "1)")
    }
}
