import Foundation

/// A seeded pseudo-random generator with serialisable state: xoshiro256**
/// (Blackman & Vigna), seeded through SplitMix64. Its state is four UInt64s,
/// saved in checkpoints so a resumed run draws exactly the numbers an
/// uninterrupted one would. `jump()` advances 2¹²⁸ draws, so `stream(i)`
/// gives independent generators for replicas.
public struct RandomGenerator: Equatable, Sendable {
    public var state: (UInt64, UInt64, UInt64, UInt64)

    public static func == (a: RandomGenerator, b: RandomGenerator) -> Bool {
        a.state == b.state
    }

    /// The generator for a seed: SplitMix64 fills the state (never all zero).
    public init(seed: UInt64) {
        var s = seed
        func splitMix() -> UInt64 {
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    /// Restores a saved state; nil for the all-zero state, which xoshiro cannot leave.
    public init?(state words: [UInt64]) {
        guard words.count == 4, words.contains(where: { $0 != 0 }) else { return nil }
        state = (words[0], words[1], words[2], words[3])
    }

    /// The state as four words, for a checkpoint.
    public var stateWords: [UInt64] { [state.0, state.1, state.2, state.3] }

    @inline(__always)
    static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// The next 64 random bits.
    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = Self.rotl(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = Self.rotl(state.3, 45)
        return result
    }

    /// Uniform in [0, 1) with 53 random bits.
    @inline(__always)
    public mutating func uniformDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform in [0, 1) with 24 random bits.
    @inline(__always)
    public mutating func uniformFloat() -> Float {
        Float(next() >> 40) * 0x1.0p-24
    }

    /// A standard normal deviate (Box–Muller, one of the pair; no cached
    /// second value, so the state alone determines every later draw).
    public mutating func normal() -> Double {
        let u1 = 1 - uniformDouble()  // (0, 1]: log never sees 0
        let u2 = uniformDouble()
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }

    /// Advances the generator by 2¹²⁸ draws (the xoshiro256 jump polynomial).
    public mutating func jump() {
        let polynomial: [UInt64] = [
            0x180E_C6D3_3CFD_0ABA, 0xD5A6_1266_F0C9_392C, 0xA958_2618_E03F_C9AA, 0x39AB_DC45_29B1_661C,
        ]
        var s0: UInt64 = 0, s1: UInt64 = 0, s2: UInt64 = 0, s3: UInt64 = 0
        for word in polynomial {
            for bit in 0..<64 {
                if word & (1 << UInt64(bit)) != 0 {
                    s0 ^= state.0
                    s1 ^= state.1
                    s2 ^= state.2
                    s3 ^= state.3
                }
                _ = next()
            }
        }
        state = (s0, s1, s2, s3)
    }

    /// The i-th independent stream of this generator: a copy jumped i+1 times.
    public func stream(_ index: Int) -> RandomGenerator {
        var copy = self
        for _ in 0...index { copy.jump() }
        return copy
    }

    /// Inverted dropout mask: each value 0 with probability `rate`, else
    /// 1/(1 − rate), so the expected activation is unchanged in training.
    /// Two uniforms (24 bits each) come from each 64-bit draw.
    public mutating func dropoutMask(_ mask: UnsafeMutablePointer<Float>, count: Int, rate: Float) {
        let keep = 1 / (1 - rate)
        // u < rate ⇔ (bits >> 8) < rate·2²⁴ for the top 24 bits of each half.
        let threshold = UInt64((Double(rate) * 16_777_216).rounded(.up))
        var i = 0
        while i + 2 <= count {
            let r = next()
            mask[i] = (r >> 40) < threshold ? 0 : keep
            mask[i + 1] = ((r >> 8) & 0xFF_FFFF) < threshold ? 0 : keep
            i += 2
        }
        if i < count {
            mask[i] = (next() >> 40) < threshold ? 0 : keep
        }
    }
}
