import Foundation
import NNCRuntime
import NNCSpec
import NNCTrain

/// A finished trial as the samplers see it.
public struct Observation: Sendable {
    public var parameters: Parameters
    /// The reward (lower is better); nil for a trial that failed or was pruned.
    public var reward: Double?
    /// The values in the order of a space's dimensions, when made by
    /// `Sampler.observation` (TPE then reads them without a lookup by name).
    var values: [ParameterValue?]?
    /// The values as the sampler's numbers (the log of a log-uniform one),
    /// nan where there is none; made with `values`.
    var coordinates: [Double]?

    public init(parameters: Parameters, reward: Double?) {
        self.parameters = parameters
        self.reward = reward
    }

    /// The value in dimension `index`, named `name`.
    func value(_ index: Int, _ name: String) -> ParameterValue? {
        if let values { return values[index] }
        return parameters[name]
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

    /// A finished trial with its values in the order of the space's dimensions.
    public func observation(parameters: Parameters, reward: Double?) -> Observation {
        var o = Observation(parameters: parameters, reward: reward)
        o.values = space.dimensions.map { parameters[$0.name] }
        o.coordinates = zip(space.dimensions, o.values!).map { d, v in v.map { Self.coordinate($0, d.domain) } ?? .nan }
        return o
    }

    public func draw(number: Int, retry: Int, history: [Observation]) -> Parameters? {
        var rng = RandomGenerator(seed: ReplicaSeeds.mix(seed, UInt64(number), UInt64(retry) &+ 0x5EED))
        switch kind {
        case .grid: return grid(number + retry)
        case .random: return random(&rng)
        case .tpe:
            var finished = 0
            for o in history where o.reward?.isFinite == true { finished += 1 }
            if finished < startupTrials { return random(&rng) }
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
    func tpe(history: [Observation], _ rng: inout RandomGenerator) -> Parameters {
        // The finished trials ranked by reward, ties in the order of the
        // history; positions into `history`, so no observation is copied.
        var ranked: [(reward: Double, index: Int)] = []
        var failed: [Int] = []
        ranked.reserveCapacity(history.count)
        for (i, o) in history.enumerated() {
            if let r = o.reward, r.isFinite { ranked.append((r, i)) } else { failed.append(i) }
        }
        ranked.sort { $0.reward < $1.reward || ($0.reward == $1.reward && $0.index < $1.index) }
        let nGood = min(max(1, Int((0.1 * Double(ranked.count)).rounded(.up))), 25)
        let good = ranked.prefix(nGood).map(\.index)
        let bad = ranked.dropFirst(nGood).map(\.index) + failed
        var p: Parameters = [:]
        for (k, d) in space.dimensions.enumerated() {
            p[d.name] = tpeDimension(d.domain, good: Column(history, good, k, d.name), bad: Column(history, bad, k, d.name), &rng)
        }
        return p
    }

    /// One dimension's values of some observations (those that have one), in their order.
    struct Column {
        let history: [Observation]
        let indices: [Int]
        let dimension: Int
        let name: String

        init(_ history: [Observation], _ indices: [Int], _ dimension: Int, _ name: String) {
            self.history = history
            self.indices = indices
            self.dimension = dimension
            self.name = name
        }

        func forEach(_ body: (ParameterValue) -> Void) {
            for i in indices {
                if let v = history[i].value(dimension, name) { body(v) }
            }
        }

        /// The values as the sampler's numbers (`Sampler.coordinate`).
        func coordinates(_ domain: Domain) -> [Double] {
            var out: [Double] = []
            out.reserveCapacity(indices.count)
            for i in indices {
                if let c = history[i].coordinates {
                    if !c[dimension].isNaN { out.append(c[dimension]) }
                } else if let v = history[i].value(dimension, name) {
                    out.append(Sampler.coordinate(v, domain))
                }
            }
            return out
        }
    }

    func tpeDimension(_ domain: Domain, good: Column, bad: Column, _ rng: inout RandomGenerator) -> ParameterValue {
        switch domain {
        case .choice(let c):
            let k = c.count
            func probabilities(_ values: Column) -> [Double] {
                var counts = [Double](repeating: 1.0 / Double(k), count: k)
                values.forEach { v in if case .choice(let i) = v, i < k { counts[i] += 1 } }
                let total = counts.reduce(0, +)
                return counts.map { $0 / total }
            }
            let pl = probabilities(good), pg = probabilities(bad)
            var best = 0
            var bestScore = -Double.infinity
            for _ in 0..<candidates {
                var u = rng.uniformDouble()
                var i = 0
                while i < k - 1 && u >= pl[i] {
                    u -= pl[i]
                    i += 1
                }
                let score = log(pl[i]) - log(pg[i])
                if score > bestScore {
                    bestScore = score
                    best = i
                }
            }
            return .choice(best)
        case .int(let a, let b):
            let x = continuous(low: Double(a) - 0.5, high: Double(b) + 0.5, good: good.coordinates(domain), bad: bad.coordinates(domain), &rng)
            return .int(min(b, max(a, Int(x.rounded()))))
        case .uniform(let a, let b):
            return .double(continuous(low: a, high: b, good: good.coordinates(domain), bad: bad.coordinates(domain), &rng))
        case .logUniform(let a, let b):
            let x = continuous(low: log(a), high: log(b), good: good.coordinates(domain), bad: bad.coordinates(domain), &rng)
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
            heights = zip(mus, sigmas).map { m, s in
                let mass = 0.5 * (erf((high - m) / (s * 2.0.squareRoot())) - erf((low - m) / (s * 2.0.squareRoot())))
                return 1 / (s * (2 * Double.pi).squareRoot() * max(mass, 1e-12))
            }
        }

        func density(_ x: Double) -> Double {
            var sum = 0.0
            for i in mus.indices {
                let z = (x - mus[i]) / sigmas[i]
                let e = -0.5 * z * z
                // exp is exactly 0 below −745.2: such a kernel adds nothing (the sum is the same to the bit).
                if e < -746 { continue }
                sum += heights[i] * exp(e)
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
