import Foundation
import NNCPlan
import Testing
@testable import NNCRuntime

struct RandomTests {
    /// xoshiro256** seeded by SplitMix64(0): the state and first outputs, computed
    /// independently from the published algorithms by this Python:
    ///
    ///     M = (1 << 64) - 1
    ///     def sm(s):
    ///         s = (s + 0x9E3779B97F4A7C15) & M; z = s
    ///         z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
    ///         z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
    ///         return s, z ^ (z >> 31)
    ///     s, st = 0, []
    ///     for _ in range(4): s, z = sm(s); st.append(z)
    ///     rotl = lambda x, k: ((x << k) | (x >> (64 - k))) & M
    ///     for _ in range(3):
    ///         r = (rotl((st[1] * 5) & M, 7) * 9) & M; t = (st[1] << 17) & M
    ///         st[2] ^= st[0]; st[3] ^= st[1]; st[1] ^= st[2]; st[0] ^= st[3]; st[2] ^= t
    ///         st[3] = rotl(st[3], 45); print(hex(r))
    @Test func knownSequence() {
        var g = RandomGenerator(seed: 0)
        // SplitMix64(0) state: e220a8397b1dcdaf 6e789e6aa1b965f4 06c45d188009454f f88bb8a8724c81ec
        #expect(g.state.0 == 0xE220_A839_7B1D_CDAF)
        #expect(g.state.3 == 0xF88B_B8A8_724C_81EC)
        let first = [g.next(), g.next(), g.next()]
        #expect(first == Self.expected)
    }

    static let expected: [UInt64] = [0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0]

    @Test func sameSeedSameNumbersAndStateRoundTrips() {
        var a = RandomGenerator(seed: 42), b = RandomGenerator(seed: 42)
        for _ in 0..<100 { #expect(a.next() == b.next()) }
        let saved = a.stateWords
        let next = (0..<10).map { _ in a.next() }
        var restored = RandomGenerator(state: saved)!
        #expect((0..<10).map { _ in restored.next() } == next)
        #expect(RandomGenerator(state: [0, 0, 0, 0]) == nil)
    }

    @Test func streamsDiffer() {
        let g = RandomGenerator(seed: 1)
        var s0 = g.stream(0), s1 = g.stream(1)
        #expect(s0 != s1)
        #expect(s0.next() != s1.next())
        var j = g
        j.jump()
        #expect(j == g.stream(0))
    }

    @Test func distributions() {
        var g = RandomGenerator(seed: 3)
        let n = 20000
        var sum = 0.0, squares = 0.0
        for _ in 0..<n {
            let u = g.uniformDouble()
            #expect(u >= 0 && u < 1)
            sum += u
            squares += u * u
        }
        #expect(abs(sum / Double(n) - 0.5) < 0.01)
        #expect(abs(squares / Double(n) - sum * sum / Double(n * n) - 1.0 / 12) < 0.005)
        sum = 0
        squares = 0
        for _ in 0..<n {
            let x = g.normal()
            sum += x
            squares += x * x
        }
        #expect(abs(sum / Double(n)) < 0.03)
        #expect(abs(squares / Double(n) - 1) < 0.04)
    }

    @Test func dropoutMask() {
        var g = RandomGenerator(seed: 4)
        let mask = Buffer(10001)
        g.dropoutMask(mask.pointer, count: mask.count, rate: 0.25)
        let dropped = mask.array.filter { $0 == 0 }.count
        #expect(mask.array.allSatisfy { $0 == 0 || $0 == Float(1) / 0.75 })
        #expect(abs(Double(dropped) / Double(mask.count) - 0.25) < 0.02)
        var h = RandomGenerator(seed: 4)
        let again = Buffer(10001)
        h.dropoutMask(again.pointer, count: again.count, rate: 0.25)
        #expect(mask.array == again.array)
    }

    @Test func initialisers() {
        let (inputs, outputs) = (300, 200)
        let w = Buffer(inputs * outputs)
        func stats(_ i: Initializer) -> (mean: Double, variance: Double, maxAbs: Double) {
            var g = RandomGenerator(seed: 5)
            i.fill(w.pointer, inputs: inputs, outputs: outputs, generator: &g)
            let d = w.doubles
            let mean = d.reduce(0, +) / Double(d.count)
            let variance = d.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(d.count)
            return (mean, variance, d.map(abs).max()!)
        }
        let glorot = 2.0 / Double(inputs + outputs)
        let cases: [(Initializer, Double, Double)] = [
            // (initialiser, expected variance, bound on |w|)
            (Initializer(.glorotUniform), glorot, (6.0 / Double(inputs + outputs)).squareRoot()),
            (Initializer(.glorotNormal), glorot, 2 * glorot.squareRoot() / 0.87962566103423978),
            (Initializer(.heUniform), 2.0 / Double(inputs), (6.0 / Double(inputs)).squareRoot()),
            (Initializer(.heNormal), 2.0 / Double(inputs), 2 * (2.0 / Double(inputs)).squareRoot() / 0.87962566103423978),
            (Initializer(.lecunNormal), 1.0 / Double(inputs), 2 * (1.0 / Double(inputs)).squareRoot() / 0.87962566103423978),
            (Initializer(.randomUniform, scale: 0.05), 0.05 * 0.05 / 3, 0.05),
            (Initializer(.randomNormal, scale: 0.05), 0.0025, 1),
        ]
        for (initialiser, variance, bound) in cases {
            let s = stats(initialiser)
            print("\(initialiser): variance \(s.variance) (expected \(variance)), max |w| \(s.maxAbs)")
            #expect(abs(s.variance / variance - 1) < 0.03, "\(initialiser) variance")
            #expect(s.maxAbs <= bound * (1 + 1e-6), "\(initialiser) bound")
        }
        let z = stats(Initializer(.zeros))
        #expect(z.maxAbs == 0)
    }
}
