import Foundation
import Testing
@testable import NNCRuntime

/// The vectorised functions of every kernel variant against libm in Double
/// over their domain. The bounds asserted here are the ones stated in
/// `VectorMath`'s documentation.
struct VectorMathTests {
    /// A function of one variant, applied to an array (full vectors and a partial tail).
    struct Kernel {
        var function: VectorMath.Function
        var kernels: KernelVariant

        func callAsFunction(_ xs: [Float]) -> [Float] {
            var out = [Float](repeating: 0, count: xs.count)
            xs.withUnsafeBufferPointer { x in
                out.withUnsafeMutableBufferPointer { y in
                    VectorMath.apply(function, x.baseAddress!, y.baseAddress!, count: xs.count, kernels: kernels)
                }
            }
            return out
        }
    }

    static func apply(_ f: Kernel, _ xs: [Float]) -> [Float] { f(xs) }

    /// A dense sweep of [lo, hi], log-spaced magnitudes of both signs, and the edge values.
    static func domain(_ lo: Float, _ hi: Float, count: Int = Int(ProcessInfo.processInfo.environment["NNC_SWEEP"] ?? "6000")!) -> [Float] {
        var xs: [Float] = []
        for i in 0...count { xs.append(lo + (hi - lo) * Float(i) / Float(count)) }
        var e: Float = -40
        while e < 38.5 {
            let m = Float(Foundation.pow(10, Double(e)))
            if m >= lo && m <= hi { xs.append(m) }
            if -m >= lo && -m <= hi { xs.append(-m) }
            e += 0.05
        }
        xs += [0, -0.0, lo, hi, lo.nextUp, hi.nextDown]
        return xs
    }

    struct Errors { var relative = 0.0, absolute = 0.0, worstX: Float = 0 }

    /// Max relative error (where the exact value is ≥ `relativeFloor` in size) and absolute error.
    static func errors(
        _ f: Kernel, _ exact: (Double) -> Double, _ xs: [Float], relativeFloor: Double = 1e-37
    ) -> Errors {
        let got = apply(f, xs)
        var e = Errors()
        for (i, x) in xs.enumerated() {
            let ref = exact(Double(x))
            let g = Double(got[i])
            if ref.isInfinite || g.isInfinite {
                if g != Double(Float(ref)) { e.relative = .infinity; e.worstX = x }
                continue
            }
            let a = abs(g - ref)
            e.absolute = max(e.absolute, a)
            if abs(ref) >= relativeFloor {
                let r = a / abs(ref)
                if r > e.relative || r.isNaN { e.relative = r.isNaN ? .infinity : r; e.worstX = x }
            }
        }
        return e
    }

    static func specials(_ f: Kernel) -> [Float] {
        apply(f, [.nan, .infinity, -.infinity, 0, -0.0, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 1])
    }

    @Test(arguments: KernelVariant.allCases)
    func exp(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        let f = Kernel(function: .exp, kernels: kernels)
        let e = Self.errors(f, Foundation.exp, Self.domain(-110, 95), relativeFloor: 1.2e-38)
        print("\(kernels) exp: max relative \(e.relative) at \(e.worstX)")
        #expect(e.relative <= 2e-7)
        let s = Self.specials(f)
        #expect(s[0].isNaN && s[1] == .infinity && s[2] == 0 && s[3] == 1 && s[4] == 1)
        // Denormal results stay within one denormal step.
        let tiny = Self.apply(f, [-100, -103])
        #expect(abs(Double(tiny[0]) - Foundation.exp(-100)) < 2e-45)
        #expect(abs(Double(tiny[1]) - Foundation.exp(-103)) < 2e-45)
    }

    @Test(arguments: KernelVariant.allCases)
    func expm1(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        let f = Kernel(function: .expm1, kernels: kernels)
        let e = Self.errors(f, Foundation.expm1, Self.domain(-120, 95))
        print("\(kernels) expm1: max relative \(e.relative) at \(e.worstX)")
        #expect(e.relative <= 2e-7)
        let s = Self.specials(f)
        #expect(s[0].isNaN && s[1] == .infinity && s[2] == -1 && s[3] == 0)
    }

    @Test(arguments: KernelVariant.allCases)
    func log(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        let f = Kernel(function: .log, kernels: kernels)
        var xs = Self.domain(1e-30, 1e4).filter { $0 > 0 }
        let one: Float = 1
        xs += [Float.leastNonzeroMagnitude, Float(1e-40 as Double), Float.leastNormalMagnitude, 3.4e38, one.nextUp, one.nextDown]
        let e = Self.errors(f, Foundation.log, xs)
        print("\(kernels) log: max relative \(e.relative) at \(e.worstX), absolute \(e.absolute)")
        #expect(e.relative <= 2.5e-7)
        let s = Self.specials(f)
        #expect(s[0].isNaN && s[1] == .infinity && s[2].isNaN && s[3] == -.infinity && s[4] == -.infinity && s[7] == 0)
        #expect(Self.apply(f, [-1])[0].isNaN)
    }

    @Test(arguments: KernelVariant.allCases)
    func tanh(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        let f = Kernel(function: .tanh, kernels: kernels)
        let e = Self.errors(f, Foundation.tanh, Self.domain(-20, 20))
        print("\(kernels) tanh: max relative \(e.relative) at \(e.worstX), absolute \(e.absolute)")
        #expect(e.relative <= 4e-7)
        #expect(e.absolute <= 4e-7)
        let s = Self.specials(f)
        #expect(s[0].isNaN && s[3] == 0)
        for (i, v) in [(1, 1), (2, -1), (5, 1), (6, -1)] as [(Int, Float)] { #expect(abs(s[i] - v) <= 6e-8) }
    }

    @Test(arguments: KernelVariant.allCases)
    func sigmoid(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        let f = Kernel(function: .sigmoid, kernels: kernels)
        let e = Self.errors(f, { 1 / (1 + Foundation.exp(-$0)) }, Self.domain(-100, 100))
        print("\(kernels) sigmoid: max relative \(e.relative) at \(e.worstX), absolute \(e.absolute)")
        #expect(e.relative <= 2.5e-7)
        #expect(e.absolute <= 1.2e-7)
        let s = Self.specials(f)
        #expect(s[0].isNaN && s[1] == 1 && s[2] == 0 && s[3] == 0.5)
    }

    @Test(arguments: KernelVariant.allCases)
    func erf(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        let f = Kernel(function: .erf, kernels: kernels)
        let xs = Self.domain(-10, 10)
        let e = Self.errors(f, Foundation.erf, xs)
        let near = Self.errors(f, Foundation.erf, xs.filter { abs($0) < 0.5 })
        print("\(kernels) erf: max absolute \(e.absolute); relative on |x| < 0.5: \(near.relative) at \(near.worstX)")
        #expect(e.absolute <= 4e-7)
        #expect(near.relative <= 2.5e-7)
        let s = Self.specials(f)
        #expect(s[0].isNaN && s[1] == 1 && s[2] == -1 && s[3] == 0)
    }
}
