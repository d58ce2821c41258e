import Foundation
import NNCPlan
import Testing
@testable import NNCRuntime

/// Every activation: forward against a Double reference, backward against
/// central finite differences of that reference (in Double).
struct ActivationTests {
    static let alpha = 0.2
    static let seluAlpha = 1.6732632423543772848170429916717
    static let seluScale = 1.0507009873554804934193349852946

    static let cases: [(Activation, (Double) -> Double)] = [
        (Activation(.linear), { $0 }),
        (Activation(.sigmoid), { 1 / (1 + exp(-$0)) }),
        (Activation(.tanh), { tanh($0) }),
        (Activation(.relu), { max($0, 0) }),
        (Activation(.leakyReLU, alpha: alpha), { $0 > 0 ? $0 : alpha * $0 }),
        // The ends of leaky_relu's range: 0 (a relu) and 1 (linear).
        (Activation(.leakyReLU, alpha: 0), { $0 > 0 ? $0 : 0 * $0 }),  // NaN at −∞, as PyTorch's
        (Activation(.leakyReLU, alpha: 1), { $0 }),
        (Activation(.leakyReLU, alpha: -0.5), { $0 > 0 ? $0 : -0.5 * $0 }),
        (Activation(.elu, alpha: 1.5), { $0 > 0 ? $0 : 1.5 * expm1($0) }),
        // elu's alpha from its lower end, 0, to a large value.
        (Activation(.elu, alpha: 0), { max($0, 0) }),
        (Activation(.elu, alpha: 1000), { $0 > 0 ? $0 : 1000 * expm1($0) }),
        (Activation(.elu, alpha: -0.5), { $0 > 0 ? $0 : -0.5 * expm1($0) }),
        (Activation(.selu), { seluScale * ($0 > 0 ? $0 : seluAlpha * expm1($0)) }),
        (Activation(.softplus), { max($0, 0) + log1p(exp(-abs($0))) }),
        (Activation(.gelu), { 0.5 * $0 * (1 + erf($0 / 2.0.squareRoot())) }),
        (Activation(.swish), { $0 / (1 + exp(-$0)) }),
    ]

    /// Points in [−6, 6] kept 1e-3 away from 0, where relu-like kinks sit; 8·k + 3 of them for a tail.
    static let xs: [Float] = {
        var g = RandomGenerator(seed: 77)
        var out: [Float] = []
        while out.count < 83 {
            let x = Float(g.uniformDouble() * 12 - 6)
            if abs(x) > 1e-3 { out.append(x) }
        }
        return out + [-30, 30, 0.01]
    }()

    @Test(arguments: KernelVariant.allCases)
    func forwardMatchesReference(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        for (activation, f) in Self.cases {
            let z = Buffer(Self.xs)
            let y = Buffer(z.count)
            activation.forward(z.pointer, y.pointer, features: 1, batch: z.count, kernels: kernels)
            let exact = Self.xs.map { f(Double($0)) }
            let e = maxError(y.doubles, exact)
            print("\(kernels) \(activation) forward: max error \(e.error)")
            #expect(e.error < 1e-6, "\(activation) forward at x = \(e.index >= 0 ? Self.xs[e.index] : 0)")
        }
    }

    @Test(arguments: KernelVariant.allCases)
    func backwardMatchesFiniteDifferences(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        for (activation, f) in Self.cases {
            let z = Buffer(Self.xs)
            let y = Buffer(z.count)
            activation.forward(z.pointer, y.pointer, features: 1, batch: z.count, kernels: kernels)
            let dY = Buffer(random: z.count, seed: 3)
            let exact = Self.xs.enumerated().map { i, x -> Double in
                let x = Double(x)
                let h = 1e-6 * max(1, abs(x))
                return Double(dY[i]) * (f(x + h) - f(x - h)) / (2 * h)
            }
            // The derivative from every source the kernels take, and always from
            // the one lowering chooses (the vocabulary's `derivativeSource`).
            #expect(activation.derivativeAvailable(from: activation.derivativeSource), "\(activation): lowering's choice is not implemented")
            for source in [DerivativeSource.output, .preactivation] where activation.derivativeAvailable(from: source) {
                let dZ = Buffer(z.count)
                activation.backward(dY.pointer, from: source, source == .output ? y.pointer : z.pointer, dZ.pointer,
                                    features: 1, batch: z.count, kernels: kernels)
                let e = maxError(dZ.doubles, exact)
                print("\(kernels) \(activation) backward from \(source): max error \(e.error)")
                #expect(e.error < 1e-5, "\(activation) backward from \(source) at x = \(e.index >= 0 ? Self.xs[e.index] : 0)")
            }
        }
    }

    /// Backward may write into its incoming gradient.
    @Test(arguments: KernelVariant.allCases)
    func backwardInPlace(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        let z = Buffer(Self.xs)
        let y = Buffer(z.count)
        Activation(.tanh).forward(z.pointer, y.pointer, features: 1, batch: z.count, kernels: kernels)
        let g = Buffer(z.count, value: 2)
        Activation(.tanh).backward(g.pointer, from: .output, y.pointer, g.pointer, features: 1, batch: z.count, kernels: kernels)
        for i in 0..<z.count {
            #expect(abs(Double(g[i]) - 2 * (1 - Double(y[i]) * Double(y[i]))) < 1e-6)
        }
    }

    static func softmax(_ z: [Double], features: Int, batch: Int) -> [Double] {
        var out = z
        for b in 0..<batch {
            let column = (0..<features).map { z[$0 * batch + b] }
            let top = column.max()!
            let sum = column.map { exp($0 - top) }.reduce(0, +)
            for f in 0..<features { out[f * batch + b] = exp(z[f * batch + b] - top) / sum }
        }
        return out
    }

    @Test(arguments: KernelVariant.allCases)
    func softmaxForwardAndBackward(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        for (features, batch) in [(1, 3), (3, 17), (10, 9), (7, 8)] {
            let n = features * batch
            let z = Buffer(random: n, seed: UInt64(features), lo: -5, hi: 5)
            let y = Buffer(n)
            Activation(.softmax).forward(z.pointer, y.pointer, features: features, batch: batch, kernels: kernels)
            let exact = Self.softmax(z.doubles, features: features, batch: batch)
            let e = maxError(y.doubles, exact)
            print("\(kernels) softmax \(features)x\(batch) forward: max error \(e.error)")
            #expect(e.error < 1e-6)
            let dY = Buffer(random: n, seed: 8)
            let dZ = Buffer(n)
            Activation(.softmax).backward(dY.pointer, from: .output, y.pointer, dZ.pointer, features: features, batch: batch, kernels: kernels)
            let weights = dY.doubles
            func objective(_ zz: [Double]) -> Double {
                zip(Self.softmax(zz, features: features, batch: batch), weights).map(*).reduce(0, +)
            }
            var fd = [Double](repeating: 0, count: n)
            for i in 0..<n {
                var up = z.doubles, down = z.doubles
                up[i] += 1e-6
                down[i] -= 1e-6
                fd[i] = (objective(up) - objective(down)) / 2e-6
            }
            let g = maxError(dZ.doubles, fd)
            print("\(kernels) softmax \(features)x\(batch) backward: max error \(g.error)")
            #expect(g.error < 1e-5)
        }
    }

    /// Huge and infinite inputs give finite, saturated outputs; NaN propagates.
    @Test(arguments: KernelVariant.allCases)
    func extremesSaturate(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        let xs: [Float] = [-.infinity, -1e30, -100, 100, 1e30, .infinity]
        for (activation, f) in Self.cases where activation.kind != .linear {
            let z = Buffer(xs)
            let y = Buffer(z.count)
            activation.forward(z.pointer, y.pointer, features: 1, batch: z.count, kernels: kernels)
            for (i, x) in xs.enumerated() {
                let exact = f(Double(x))
                if exact.isNaN { continue }  // e.g. gelu(−inf) = −inf·0
                #expect(y[i] == Float(exact) || abs(Double(y[i]) - exact) <= 1e-6 * max(1, abs(exact)),
                        "\(activation)(\(x)) = \(y[i]), expected \(exact)")
            }
            let n = Buffer([.nan])
            activation.forward(n.pointer, n.pointer, features: 1, batch: 1, kernels: kernels)
            #expect(n[0].isNaN, "\(activation)(nan)")
        }
    }
}
