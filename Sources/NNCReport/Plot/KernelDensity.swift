import Foundation

/// A Gaussian kernel density estimate of a sample, for violin plots.
public struct KernelDensity: Sendable {
    public var values: [Double]
    /// The kernel's standard deviation.
    public var bandwidth: Double

    /// The estimate with Silverman's rule-of-thumb bandwidth,
    /// h = 0.9 · min(σ, IQR / 1.34) · n^(−1/5) (Silverman, Density Estimation, 1986, eq. 3.31);
    /// a sample without spread gets a bandwidth of 1% of its magnitude (or 1e-3 at zero).
    public init(_ values: [Double]) {
        let finite = values.filter(\.isFinite).sorted()
        self.values = finite
        self.bandwidth = Self.silverman(finite)
    }

    public init(_ values: [Double], bandwidth: Double) {
        self.values = values.filter(\.isFinite).sorted()
        self.bandwidth = bandwidth
    }

    static func silverman(_ sorted: [Double]) -> Double {
        let n = Double(sorted.count)
        guard sorted.count > 1 else { return fallback(sorted.first ?? 0) }
        let mean = sorted.reduce(0, +) / n
        let sd = (sorted.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)).squareRoot()
        let iqr = quantile(sorted, 0.75) - quantile(sorted, 0.25)
        let spread = iqr > 0 ? min(sd, iqr / 1.34) : sd
        guard spread > 0 else { return fallback(mean) }
        return 0.9 * spread * pow(n, -0.2)
    }

    static func fallback(_ v: Double) -> Double { v == 0 ? 1e-3 : abs(v) * 0.01 }

    /// The density at `x` (integrates to 1 over the real line).
    public func density(at x: Double) -> Double {
        guard !values.isEmpty, bandwidth > 0 else { return 0 }
        let norm = 1 / (Double(values.count) * bandwidth * (2 * Double.pi).squareRoot())
        var sum = 0.0
        for v in values {
            let z = (x - v) / bandwidth
            sum += exp(-0.5 * z * z)
        }
        return sum * norm
    }

    /// The density on `points` evenly spaced points from `cut` bandwidths
    /// below the smallest value to `cut` above the largest.
    public func curve(points: Int = 80, cut: Double = 2) -> (x: [Double], density: [Double]) {
        guard let lo = values.first, let hi = values.last else { return ([], []) }
        let a = lo - cut * bandwidth, b = hi + cut * bandwidth
        let xs = (0..<points).map { a + (b - a) * Double($0) / Double(max(points - 1, 1)) }
        return (xs, xs.map(density(at:)))
    }

    /// The q-quantile of sorted values, linearly interpolated (NumPy's default).
    public static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let p = q * Double(sorted.count - 1)
        let i = Int(p.rounded(.down))
        let f = p - Double(i)
        return i + 1 < sorted.count ? sorted[i] + (sorted[i + 1] - sorted[i]) * f : sorted[i]
    }
}
