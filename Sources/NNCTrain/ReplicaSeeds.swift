import NNCRuntime

/// The seeds of one fit, derived from `training.seed` and the replica index so
/// replicas are independent and every one is reproducible on its own.
///
/// Each stream is `mix(seed, replica, stream)` (SplitMix64 finalisers over the
/// three words), so changing the number of replicas never changes replica r.
public struct ReplicaSeeds: Codable, Sendable, Equatable {
    /// Initial weights.
    public var initialization: UInt64
    /// Dropout masks.
    public var dropout: UInt64
    /// Batch order each epoch.
    public var batches: UInt64
    /// The replica's fluctuation of the targets (used only with replicas > 1).
    public var fluctuation: UInt64

    public init(trainingSeed: UInt64, replica: Int) {
        initialization = Self.mix(trainingSeed, UInt64(replica), 1)
        dropout = Self.mix(trainingSeed, UInt64(replica), 2)
        batches = Self.mix(trainingSeed, UInt64(replica), 3)
        fluctuation = Self.mix(trainingSeed, UInt64(replica), 4)
    }

    public static func mix(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> UInt64 {
        func finalize(_ x: UInt64) -> UInt64 {
            var z = x &+ 0x9E37_79B9_7F4A_7C15
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        return finalize(finalize(finalize(a) ^ b) ^ (c &* 0xD6E8_FEB8_6659_FD93))
    }
}

extension DataSet {
    /// A Monte Carlo replica of the data: each target moved by its own
    /// uncertainty times a standard normal deviate, `y + sigma·N(0, 1)`
    /// (point-major, outputs inner). With a covariance matrix the shifts are
    /// correlated, `L·z` with L its Cholesky factor and z standard normal.
    /// Without uncertainties the data is returned as is.
    public func fluctuated(_ generator: inout RandomGenerator) -> DataSet {
        if let covariance { return fluctuated(covariance, &generator) }
        guard let sigmas else { return self }
        var out = self
        for n in 0..<count {
            for o in 0..<outputCount {
                let k = o * count + n
                out.targets[k] = Float(Double(targets[k]) + Double(sigmas[k]) * generator.normal())
            }
        }
        return out
    }

    /// Targets moved by `L·z` (residual index `n·outputs + o`).
    func fluctuated(_ covariance: DataCovariance, _ generator: inout RandomGenerator) -> DataSet {
        let m = covariance.dimension
        let z = (0..<m).map { _ in generator.normal() }
        var out = self
        for k in 0..<m {
            var shift = 0.0
            for j in 0...k { shift += covariance.factor[k * m + j] * z[j] }
            let n = k / outputCount, o = k % outputCount
            out.targets[o * count + n] = Float(Double(targets[o * count + n]) + shift)
        }
        return out
    }
}
