import Foundation
import NNCFiles
import Testing
@testable import NNCRuntime

/// Every loss: value against a Double reference, gradient against central
/// finite differences of that reference (in Double).
struct LossTests {
    typealias Kernel = (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>?) -> Double

    /// Checks one loss on `count` predictions.
    static func check(
        _ name: String, prediction: Buffer, target: Buffer,
        reference: ([Double]) -> Double, kernel: Kernel, tolerance: Double = 1e-5, kernels: KernelVariant
    ) {
        let n = prediction.count
        let gradient = Buffer(n, value: .nan)
        let loss = kernel(prediction.pointer, target.pointer, gradient.pointer)
        let lossOnly = kernel(prediction.pointer, target.pointer, nil)
        let exact = reference(prediction.doubles)
        let lossError = abs(loss - exact) / max(abs(exact), 1e-12)
        print("\(kernels) \(name): loss \(loss) vs \(exact), relative error \(lossError)")
        #expect(lossError < 1e-6, "\(name) loss")
        #expect(loss == lossOnly, "\(name) loss without gradient")
        var fd = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var up = prediction.doubles, down = up
            let h = 1e-6 * max(1, abs(up[i]))
            up[i] += h
            down[i] -= h
            fd[i] = (reference(up) - reference(down)) / (2 * h)
        }
        let scale = max(fd.map(abs).max() ?? 1, 1e-3)
        let e = maxError(gradient.doubles.map { $0 / scale }, fd.map { $0 / scale }, floor: 1e-3)
        print("\(kernels) \(name): gradient max error \(e.error)")
        #expect(e.error < tolerance, "\(name) gradient at \(e.index)")
    }

    static let count = 43

    @Test(arguments: KernelVariant.allCases)
    func mse(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        let p = Buffer(random: Self.count, seed: 1), t = Buffer(random: Self.count, seed: 2)
        let tt = t.doubles
        Self.check("mse", prediction: p, target: t,
                   reference: { zip($0, tt).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double($0.count) },
                   kernel: { Loss.mse(prediction: $0, target: $1, gradient: $2, count: Self.count, kernels: kernels) }, kernels: kernels)
    }

    @Test(arguments: KernelVariant.allCases)
    func mae(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        let p = Buffer(random: Self.count, seed: 3), t = Buffer(random: Self.count, seed: 4)
        let tt = t.doubles
        Self.check("mae", prediction: p, target: t,
                   reference: { zip($0, tt).map { abs($0 - $1) }.reduce(0, +) / Double($0.count) },
                   kernel: { Loss.mae(prediction: $0, target: $1, gradient: $2, count: Self.count, kernels: kernels) }, kernels: kernels)
    }

    @Test(arguments: KernelVariant.allCases)
    func huber(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        let p = Buffer(random: Self.count, seed: 5, lo: -2, hi: 2), t = Buffer(random: Self.count, seed: 6)
        let tt = t.doubles
        let delta = 0.5
        func h(_ r: Double) -> Double { abs(r) < delta ? 0.5 * r * r : delta * (abs(r) - 0.5 * delta) }
        Self.check("huber", prediction: p, target: t,
                   reference: { zip($0, tt).map { h($0 - $1) }.reduce(0, +) / Double($0.count) },
                   kernel: { Loss.huber(prediction: $0, target: $1, gradient: $2, count: Self.count, delta: Float(delta), kernels: kernels) }, kernels: kernels)
    }

    @Test(arguments: KernelVariant.allCases)
    func binaryCrossentropy(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        let p = Buffer(random: Self.count, seed: 7, lo: 0.05, hi: 0.95), t = Buffer(random: Self.count, seed: 8, lo: 0, hi: 1)
        let tt = t.doubles
        Self.check("binary_crossentropy", prediction: p, target: t,
                   reference: { zip($0, tt).map { -($1 * max(log($0), -100) + (1 - $1) * max(log(1 - $0), -100)) }.reduce(0, +) / Double($0.count) },
                   kernel: { Loss.binaryCrossentropy(prediction: $0, target: $1, gradient: $2, count: Self.count, kernels: kernels) }, kernels: kernels)
        // The clamp: p = 0 with t = 1 costs 100, as PyTorch.
        let zero = Buffer([0]), one = Buffer([1])
        #expect(Loss.binaryCrossentropy(prediction: zero.pointer, target: one.pointer, gradient: nil, count: 1, kernels: kernels) == 100)
    }

    static func crossentropy(_ z: [Double], _ t: [Double], classes: Int, batch: Int) -> Double {
        var total = 0.0
        for b in 0..<batch {
            let column = (0..<classes).map { z[$0 * batch + b] }
            let top = column.max()!
            let lse = top + log(column.map { exp($0 - top) }.reduce(0, +))
            for c in 0..<classes { total += t[c * batch + b] * (lse - z[c * batch + b]) }
        }
        return total / Double(batch)
    }

    @Test(arguments: KernelVariant.allCases)
    func softmaxCrossentropy(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        for (classes, batch, soft) in [(10, 17, false), (3, 8, true), (1, 5, false), (4, 33, true)] {
            let z = Buffer(random: classes * batch, seed: UInt64(classes), lo: -4, hi: 4)
            let t = Buffer(classes * batch)
            var g = RandomGenerator(seed: 5)
            for b in 0..<batch {
                if soft {
                    for c in 0..<classes { t[c * batch + b] = g.uniformFloat() }
                } else {
                    t[Int(g.next() % UInt64(classes)) * batch + b] = 1
                }
            }
            let tt = t.doubles
            let probabilities = Buffer(classes * batch)
            Self.check("softmax crossentropy \(classes)x\(batch)", prediction: z, target: t,
                       reference: { Self.crossentropy($0, tt, classes: classes, batch: batch) },
                       kernel: { Loss.softmaxCrossentropy(logits: $0, target: $1, probabilities: probabilities.pointer, gradient: $2, classes: classes, batch: batch, kernels: kernels) }, kernels: kernels)
            let exact = ActivationTests.softmax(z.doubles, features: classes, batch: batch)
            #expect(maxError(probabilities.doubles, exact).error < 1e-6)
        }
        // Large logits stay finite (the log-sum-exp is shifted).
        let z = Buffer([1000, -1000]), t = Buffer([0, 1])
        let loss = Loss.softmaxCrossentropy(logits: z.pointer, target: t.pointer, probabilities: nil, gradient: nil, classes: 2, batch: 1, kernels: kernels)
        #expect(loss == 2000)
    }

    @Test(arguments: KernelVariant.allCases)
    func chi2(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        let p = Buffer(random: Self.count, seed: 9), t = Buffer(random: Self.count, seed: 10)
        let sigma = Buffer(random: Self.count, seed: 11, lo: 0.5, hi: 2)
        let tt = t.doubles, ss = sigma.doubles
        Self.check("chi2", prediction: p, target: t,
                   reference: { pp in
                       var s = 0.0
                       for i in 0..<pp.count { s += (pp[i] - tt[i]) * (pp[i] - tt[i]) / (ss[i] * ss[i]) }
                       return s / Double(pp.count)
                   },
                   kernel: { Loss.chi2(prediction: $0, target: $1, sigma: sigma.pointer, gradient: $2, count: Self.count, kernels: kernels) }, kernels: kernels)
    }

    @Test(arguments: KernelVariant.allCases)
    func sigmoidBinaryCrossentropy(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        let z = Buffer(random: Self.count, seed: 16, lo: -8, hi: 8), t = Buffer(random: Self.count, seed: 17, lo: 0, hi: 1)
        let tt = t.doubles
        let probabilities = Buffer(Self.count)
        Self.check("sigmoid binary_crossentropy", prediction: z, target: t,
                   reference: { zz in
                       var s = 0.0
                       for i in 0..<zz.count { s += max(zz[i], 0) - zz[i] * tt[i] + log1p(exp(-abs(zz[i]))) }
                       return s / Double(zz.count)
                   },
                   kernel: { Loss.sigmoidBinaryCrossentropy(logits: $0, target: $1, probabilities: probabilities.pointer, gradient: $2, count: Self.count, kernels: kernels) }, kernels: kernels)
        for i in 0..<Self.count {
            #expect(abs(Double(probabilities[i]) - 1 / (1 + exp(-Double(z[i])))) < 1e-6)
        }
    }

    @Test(arguments: KernelVariant.allCases)
    func chi2Covariance(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        let n = 19
        var g = RandomGenerator(seed: 12)
        let a = (0..<(n * n)).map { _ in g.uniformDouble() - 0.5 }
        var c = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                var s = i == j ? 0.5 : 0
                for k in 0..<n { s += a[i * n + k] * a[j * n + k] }
                c[i * n + j] = s
            }
        }
        let inverse = Cholesky.inverse(c, n: n)!
        var worst = 0.0
        for i in 0..<n {
            for j in 0..<n {
                var s = 0.0
                for k in 0..<n { s += c[i * n + k] * inverse[k * n + j] }
                worst = max(worst, abs(s - (i == j ? 1 : 0)))
            }
        }
        print("\(kernels) cholesky: max |C·C⁻¹ − I| = \(worst)")
        #expect(worst < 1e-9)
        #expect(Cholesky.inverse([1, 2, 2, 1], n: 2) == nil)
        let cinv = Buffer(inverse.map(Float.init))
        let cd = cinv.doubles
        // 19 = not divisible: use one output over 19 points, then 2 outputs over 9 points (n = 18).
        for (outputs, batch) in [(1, 19), (2, 9)] {
            let m = outputs * batch
            let p = Buffer(random: m, seed: 13), t = Buffer(random: m, seed: 14)
            let tt = t.doubles
            let scratch = Buffer(m)
            Self.check("chi2 covariance \(outputs)x\(batch)", prediction: p, target: t,
                       reference: { pp in
                           // Residuals point-major: index b·outputs + o; buffers are [o][b].
                           var r = [Double](repeating: 0, count: m)
                           for o in 0..<outputs { for b in 0..<batch { r[b * outputs + o] = pp[o * batch + b] - tt[o * batch + b] } }
                           var s = 0.0
                           for i in 0..<m { for j in 0..<m { s += r[i] * cd[i * n + j] * r[j] } }
                           return s / Double(m)
                       },
                       kernel: { pr, tg, gr in
                           // The leading m×m block of the 19×19 inverse, read in place through its leading dimension.
                           Loss.chi2Covariance(prediction: pr, target: tg, inverseCovariance: cinv.pointer, gradient: gr,
                                               outputs: outputs, batch: batch, leadingDimension: n, scratch: scratch.pointer, kernels: kernels)
                       }, kernels: kernels)
        }
    }

    @Test(arguments: KernelVariant.allCases)
    func l2Penalty(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        let w = Buffer(random: Self.count, seed: 15)
        let g = Buffer(Self.count, value: 1)
        let penalty = Loss.l2Penalty(weights: w.pointer, gradient: g.pointer, count: Self.count, l2: 0.01, kernels: kernels)
        let exact = 0.01 * w.doubles.map { $0 * $0 }.reduce(0, +)
        #expect(abs(penalty - exact) < 1e-6 * exact)
        for i in 0..<Self.count { #expect(abs(Double(g[i]) - (1 + 0.02 * Double(w[i]))) < 1e-6) }
    }
}
