import Foundation
import NNCRuntime
import NNCSpec
import NNCTrain

/// The finished trials as the samplers read them, by column: the rewards,
/// and for each dimension of the space every trial's value as the number
/// TPE's densities are over (`Sampler.coordinate`). A draw reads a few
/// contiguous arrays, not one heap object a trial (after a trial's training
/// has taken the caches, that was a cache miss each).
public struct History: Sendable {
    public let space: SearchSpace
    /// Each trial's reward (lower is better); nan for a trial that failed,
    /// was pruned, or whose reward is not finite.
    public private(set) var rewards: [Double] = []
    /// By dimension, each trial's coordinate; nan where it has no value.
    public private(set) var columns: [[Double]]
    /// Trials with a finite reward.
    public var finite: Int { ranking.count }
    /// The positions of the trials with a finite reward, best first (ties in
    /// the order of the history), kept as trials come in.
    public private(set) var ranking: [Int] = []

    public init(space: SearchSpace) {
        self.space = space
        columns = Array(repeating: [], count: space.dimensions.count)
    }

    public var count: Int { rewards.count }

    /// Adds a trial after the others.
    public mutating func append(_ p: Parameters, reward: Double?) {
        insert(p, reward: reward, at: count)
    }

    /// Adds a trial at `index` (the history is in the order of trial numbers).
    public mutating func insert(_ p: Parameters, reward: Double?, at index: Int) {
        let r = reward.flatMap { $0.isFinite ? $0 : nil }
        if index < rewards.count {
            for j in ranking.indices where ranking[j] >= index { ranking[j] += 1 }
        }
        rewards.insert(r ?? .nan, at: index)
        if let r {
            // After every trial that ranks before it: a better reward, or an equal one earlier in the history.
            var lo = 0, hi = ranking.count
            while lo < hi {
                let mid = (lo + hi) / 2
                let other = rewards[ranking[mid]]
                if other < r || (other == r && ranking[mid] < index) { lo = mid + 1 } else { hi = mid }
            }
            ranking.insert(index, at: lo)
        }
        for (k, d) in space.dimensions.enumerated() {
            columns[k].insert(p[d.name].map { Sampler.coordinate($0, d.domain) } ?? .nan, at: index)
        }
    }
}

/// Draws the values of trial `number`. A draw depends only on the study's
/// seed, the trial number, the retry and the finished trials: a sampler has
/// no state of its own, so a resumed study rebuilds it from the store.
public struct Sampler: Sendable {
    public let kind: SamplerKind
    public let space: SearchSpace
    public let seed: UInt64
    /// TPE draws at random until this many trials have finished.
    public var startupTrials = 10
    /// TPE's candidates per dimension.
    public var candidates = 24

    public init(kind: SamplerKind, space: SearchSpace, seed: UInt64) {
        self.kind = kind
        self.space = space
        self.seed = seed
    }

    public func draw(number: Int, retry: Int, history: History) -> Parameters? {
        var rng = RandomGenerator(seed: ReplicaSeeds.mix(seed, UInt64(number), UInt64(retry) &+ 0x5EED))
        switch kind {
        case .grid: return grid(number + retry)
        case .random: return random(&rng)
        case .tpe:
            if history.finite < startupTrials { return random(&rng) }
            return tpe(history: history, &rng)
        }
    }

    // MARK: Grid and random

    /// Combination `index` of the grid, the last dimension varying fastest; nil past the end.
    func grid(_ index: Int) -> Parameters? {
        var i = index
        var p: Parameters = [:]
        for d in space.dimensions.reversed() {
            guard let n = d.domain.count, n > 0 else { return nil }
            let k = i % n
            i /= n
            switch d.domain {
            case .int(let a, _): p[d.name] = .int(a + k)
            default: p[d.name] = .choice(k)
            }
        }
        return i == 0 ? p : nil
    }

    func random(_ rng: inout RandomGenerator) -> Parameters {
        var p: Parameters = [:]
        for d in space.dimensions { p[d.name] = Self.uniform(d.domain, &rng) }
        return p
    }

    static func uniform(_ domain: Domain, _ rng: inout RandomGenerator) -> ParameterValue {
        switch domain {
        case .int(let a, let b): return .int(a + Int(rng.next() % UInt64(max(b - a + 1, 1))))
        case .uniform(let a, let b): return .double(a + (b - a) * rng.uniformDouble())
        case .logUniform(let a, let b): return .double(exp(log(a) + (log(b) - log(a)) * rng.uniformDouble()))
        case .choice(let c): return .choice(Int(rng.next() % UInt64(max(c.count, 1))))
        }
    }

    // MARK: TPE

    /// The tree-structured Parzen estimator, one dimension at a time: the
    /// finished trials split into the best γ (Optuna's γ(n) = min(⌈0.1 n⌉, 25))
    /// and the rest; each dimension gets a density of the good values, l(x),
    /// and of the rest, g(x) (Gaussian kernels in the bounds, plus a flat
    /// prior); candidates are drawn from l and the one with the largest
    /// l(x)/g(x) is taken. Failed and pruned trials count among the rest.
    func tpe(history: History, _ rng: inout RandomGenerator) -> Parameters {
        let ranked = history.ranking
        var failed: [Int] = []
        for (i, r) in history.rewards.enumerated() where r.isNaN { failed.append(i) }
        let nGood = min(max(1, Int((0.1 * Double(ranked.count)).rounded(.up))), 25)
        let good = Array(ranked.prefix(nGood))
        let bad = Array(ranked.dropFirst(nGood)) + failed
        var p: Parameters = [:]
        for (k, d) in space.dimensions.enumerated() {
            let column = history.columns[k]
            p[d.name] = tpeDimension(d.domain, good: Column(column, good), bad: Column(column, bad), &rng)
        }
        return p
    }

    /// One dimension's coordinates of some trials (those that have a value), in their order.
    struct Column {
        let values: [Double]
        let indices: [Int]

        init(_ values: [Double], _ indices: [Int]) {
            self.values = values
            self.indices = indices
        }

        /// How many trials took each of the `k` choices.
        func counts(of k: Int) -> [Int] {
            var counts = [Int](repeating: 0, count: k)
            for i in indices {
                let x = values[i]
                if !x.isNaN, x >= 0, x < Double(k) { counts[Int(x)] += 1 }
            }
            return counts
        }

        /// The coordinates.
        var coordinates: [Double] {
            var out: [Double] = []
            out.reserveCapacity(indices.count)
            for i in indices where !values[i].isNaN { out.append(values[i]) }
            return out
        }
    }

    func tpeDimension(_ domain: Domain, good: Column, bad: Column, _ rng: inout RandomGenerator) -> ParameterValue {
        switch domain {
        case .choice(let c):
            let k = c.count
            func probabilities(_ values: Column) -> [Double] {
                // Each count starts at the prior's 1/k and adds the observations one by one (as it always did).
                let counts = values.counts(of: k).map { n in
                    var c = 1.0 / Double(k)
                    for _ in 0..<n { c += 1 }
                    return c
                }
                let total = counts.reduce(0, +)
                return counts.map { $0 / total }
            }
            let pl = probabilities(good), pg = probabilities(bad)
            let scores = (0..<k).map { log(pl[$0]) - log(pg[$0]) }
            var best = 0
            var bestScore = -Double.infinity
            for _ in 0..<candidates {
                var u = rng.uniformDouble()
                var i = 0
                while i < k - 1 && u >= pl[i] {
                    u -= pl[i]
                    i += 1
                }
                let score = scores[i]
                if score > bestScore {
                    bestScore = score
                    best = i
                }
            }
            return .choice(best)
        case .int(let a, let b):
            let x = continuous(low: Double(a) - 0.5, high: Double(b) + 0.5, good: good.coordinates, bad: bad.coordinates, &rng)
            return .int(min(b, max(a, Int(x.rounded()))))
        case .uniform(let a, let b):
            return .double(continuous(low: a, high: b, good: good.coordinates, bad: bad.coordinates, &rng))
        case .logUniform(let a, let b):
            let x = continuous(low: log(a), high: log(b), good: good.coordinates, bad: bad.coordinates, &rng)
            return .double(min(b, max(a, exp(x))))
        }
    }

    /// A value as the number TPE's densities are over: the log of a
    /// log-uniform value, else the value (a choice's index).
    static func coordinate(_ v: ParameterValue, _ domain: Domain) -> Double {
        if case .logUniform = domain { return log(number(v)) }
        return number(v)
    }

    static func number(_ v: ParameterValue) -> Double {
        switch v {
        case .int(let i): return Double(i)
        case .double(let x): return x
        case .choice(let k): return Double(k)
        }
    }

    /// A Parzen estimator on [low, high]: one Gaussian per observation, its
    /// width the larger gap to its neighbours (clipped), and a flat prior.
    struct Parzen {
        var mus: [Double]
        var sigmas: [Double]
        /// Each kernel's height: 1 / (σ √(2π) · its mass inside the bounds).
        var heights: [Double] = []
        /// Each kernel's squared reach, (√80 σ)²: beyond it exp(−z²/2) < e⁻⁴⁰
        /// and the kernel is left out of the density (the prior always reaches
        /// every point in the bounds, so the sum is never below a 10⁻¹³ of
        /// what is left out).
        var reaches: [Double] = []
        let low: Double
        let high: Double

        init(_ observations: [Double], low: Double, high: Double) {
            self.low = low
            self.high = high
            let width = max(high - low, 1e-12)
            let sorted = observations.sorted()
            let minSigma = width / Double(min(100, sorted.count + 1))
            mus = []
            sigmas = []
            for (i, x) in sorted.enumerated() {
                let left = i > 0 ? x - sorted[i - 1] : x - low
                let right = i + 1 < sorted.count ? sorted[i + 1] - x : high - x
                mus.append(x)
                sigmas.append(min(width, max(minSigma, max(left, right))))
            }
            // The prior: a wide kernel at the middle.
            mus.append((low + high) / 2)
            sigmas.append(width)
            // erf is exactly ±1 from ±6 on (glibc returns 1 − tiny, which rounds to 1).
            func erf1(_ a: Double) -> Double { a >= 6 ? 1 : a <= -6 ? -1 : erf(a) }
            heights = zip(mus, sigmas).map { m, s in
                let mass = 0.5 * (erf1((high - m) / (s * 2.0.squareRoot())) - erf1((low - m) / (s * 2.0.squareRoot())))
                return 1 / (s * (2 * Double.pi).squareRoot() * max(mass, 1e-12))
            }
            reaches = sigmas.map { 80 * $0 * $0 }
        }

        func density(_ x: Double) -> Double {
            var sum = 0.0
            for i in mus.indices {
                let d = x - mus[i]
                // A kernel more than `reach` σ away adds less than e⁻⁴⁰ of its height.
                if d * d > reaches[i] { continue }
                let z = d / sigmas[i]
                sum += heights[i] * exp(-0.5 * z * z)
            }
            return sum / Double(mus.count)
        }

        func sample(_ rng: inout RandomGenerator) -> Double {
            let k = Int(rng.next() % UInt64(mus.count))
            for _ in 0..<100 {
                let x = mus[k] + sigmas[k] * rng.normal()
                if x >= low && x <= high { return x }
            }
            return min(high, max(low, mus[k]))
        }
    }

    func continuous(low: Double, high: Double, good: [Double], bad: [Double], _ rng: inout RandomGenerator) -> Double {
        let l = Parzen(good, low: low, high: high)
        let g = Parzen(bad, low: low, high: high)
        var best = l.sample(&rng)
        var bestScore = -Double.infinity
        for _ in 0..<candidates {
            let x = l.sample(&rng)
            let score = log(max(l.density(x), 1e-300)) - log(max(g.density(x), 1e-300))
            if score > bestScore {
                bestScore = score
                best = x
            }
        }
        return best
    }
}
