import Foundation
import NNCPlan
import Testing
@testable import NNCRuntime

/// A few steps of each optimiser against a scalar reference written from
/// PyTorch's documented update rules, agreeing to float32 rounding.
struct OptimizerTests {
    static let count = 19
    static let steps = 4

    /// Runs `rule` for `steps` steps on fixed gradients; returns the parameters.
    static func run(_ rule: Optimizer, _ kernels: KernelVariant) -> [Float] {
        let p = Buffer(random: count, seed: 1)
        let first = Buffer(count), second = Buffer(count)
        for step in 1...steps {
            let g = Buffer(random: count, seed: UInt64(100 + step), lo: -2, hi: 2)
            rule.update(parameters: p.pointer, gradients: g.pointer, first: first.pointer, second: second.pointer,
                        count: count, step: step, kernels: kernels)
        }
        return p.array
    }

    /// The same in scalar code, one parameter at a time.
    static func reference(_ update: (inout Float, Float, inout Float, inout Float, Int) -> Void, clip: Double? = nil) -> [Float] {
        var p = Buffer(random: count, seed: 1).array
        var m = [Float](repeating: 0, count: count), v = m
        for step in 1...steps {
            var g = Buffer(random: count, seed: UInt64(100 + step), lo: -2, hi: 2).array
            if let clip {
                let norm = g.map { Double($0) * Double($0) }.reduce(0, +).squareRoot()
                let c = clip / (norm + 1e-6)
                if c < 1 { g = g.map { $0 * Float(c) } }
            }
            for i in 0..<count { update(&p[i], g[i], &m[i], &v[i], step) }
        }
        return p
    }

    static func compare(_ name: String, _ got: [Float], _ want: [Float]) {
        // Parameters start O(1): near a zero crossing, an ulp of where they came from is the scale.
        let e = maxError(got.map(Double.init), want.map(Double.init), floor: 0.1)
        print("\(name): max relative difference \(e.error)")
        #expect(e.error < 2e-6, "\(name)")
    }

    @Test(arguments: KernelVariant.allCases)
    func sgd(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        let lr: Float = 0.1
        Self.compare("\(kernels) sgd", Self.run(Optimizer(.sgd, values: ["learning_rate": 0.1]), kernels),
                     Self.reference { p, g, _, _, _ in p -= lr * g })
        Self.compare("\(kernels) sgd momentum", Self.run(Optimizer(.sgd, values: ["learning_rate": 0.1, "momentum": 0.9]), kernels),
                     Self.reference { p, g, buf, _, step in
                         buf = step == 1 ? g : 0.9 * buf + g
                         p -= lr * buf
                     })
        Self.compare("\(kernels) sgd nesterov", Self.run(Optimizer(.sgd, values: ["learning_rate": 0.1, "momentum": 0.9, "nesterov": 1]), kernels),
                     Self.reference { p, g, buf, _, step in
                         buf = step == 1 ? g : 0.9 * buf + g
                         p -= lr * (g + 0.9 * buf)
                     })
    }

    static func adam(_ p: inout Float, _ g: Float, _ m: inout Float, _ v: inout Float, _ t: Int, lr: Double) {
        m = m + 0.1 * (g - m)
        v = 0.999 * v + 0.001 * g * g
        let bc1 = 1 - pow(0.9, Double(t)), bc2 = 1 - pow(0.999, Double(t))
        let denominator = v.squareRoot() / Float(bc2.squareRoot()) + 1e-8
        p -= Float(lr / bc1) * (m / denominator)  // torch: p.addcdiv_(m, denom, value: −step)
    }

    @Test(arguments: KernelVariant.allCases)
    func adam(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        Self.compare("\(kernels) adam", Self.run(Optimizer(.adam, values: ["learning_rate": 1e-3]), kernels),
                     Self.reference { p, g, m, v, t in Self.adam(&p, g, &m, &v, t, lr: 1e-3) })
        Self.compare("\(kernels) adamw", Self.run(Optimizer(.adamw, values: ["learning_rate": 1e-2, "weight_decay": 0.1]), kernels),
                     Self.reference { p, g, m, v, t in
                         p *= Float(1 - 1e-2 * 0.1)
                         Self.adam(&p, g, &m, &v, t, lr: 1e-2)
                     })
        Self.compare("\(kernels) adam clipnorm", Self.run(Optimizer(.adam, values: ["learning_rate": 1e-3, "clipnorm": 0.5]), kernels),
                     Self.reference({ p, g, m, v, t in Self.adam(&p, g, &m, &v, t, lr: 1e-3) }, clip: 0.5))
    }

    @Test(arguments: KernelVariant.allCases)
    func rmspropAndAdagrad(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        Self.compare("\(kernels) rmsprop", Self.run(Optimizer(.rmsprop, values: ["learning_rate": 0.01]), kernels),
                     Self.reference { p, g, v, _, _ in
                         v = 0.99 * v + 0.01 * g * g
                         p -= 0.01 * g / (v.squareRoot() + 1e-8)
                     })
        Self.compare("\(kernels) adagrad", Self.run(Optimizer(.adagrad, values: ["learning_rate": 0.01]), kernels),
                     Self.reference { p, g, s, _, _ in
                         s += g * g
                         p -= 0.01 * g / (s.squareRoot() + 1e-10)
                     })
    }

    @Test(arguments: KernelVariant.allCases)
    func clipnormScalesOnlyAboveTheLimit(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        let g = Buffer([3, 4])
        let norm = Optimizer.clipGlobalNorm(g.pointer, count: 2, maxNorm: 10, kernels: kernels)
        #expect(norm == 5 && g[0] == 3 && g[1] == 4)
        Optimizer.clipGlobalNorm(g.pointer, count: 2, maxNorm: 1, kernels: kernels)
        #expect(abs(g[0] - 0.6) < 1e-6 && abs(g[1] - 0.8) < 1e-6)
    }

    @Test func defaultsFollowPyTorch() {
        let adam = Optimizer(.adam, values: ["learning_rate": 1e-3])
        #expect(adam.beta1 == 0.9 && adam.beta2 == 0.999 && adam.epsilon == 1e-8 && adam.moments == 2)
        #expect(Optimizer(.rmsprop, values: ["learning_rate": 0.01]).beta2 == 0.99)
        #expect(Optimizer(.adagrad, values: ["learning_rate": 0.01]).epsilon == 1e-10)
        #expect(Optimizer(.adamw, values: ["learning_rate": 0.01]).weightDecay == 0.01)
        #expect(Optimizer(.sgd, values: ["learning_rate": 0.01]).moments == 0)
    }
}
