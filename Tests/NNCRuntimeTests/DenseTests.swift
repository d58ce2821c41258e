import Foundation
import NNCPlan
import Testing
@testable import NNCRuntime

/// Every GEMM path of the dense kernels, in every kernel variant, against a
/// naive Double reference on awkward shapes. Tolerance: the classic bound for a float dot product of
/// length k, |Δ| ≤ 2·k·2⁻²⁴·Σ|aᵢbᵢ| (plus 1e-30), element by element.
struct DenseTests {
    static let sizes = [1, 3, 7, 17, 33]
    static let shapes: [(m: Int, k: Int, n: Int)] = {
        var all: [(Int, Int, Int)] = []
        for m in sizes { for k in sizes { for n in sizes { all.append((m, k, n)) } } }
        all += [(127, 5, 9), (6, 127, 16), (25, 25, 256), (1, 25, 256), (25, 1, 256), (12, 40, 127)]
        // Inner dimensions above 1.5 × the depth block (256) run in chunks;
        // 14-row AVX-512 tiles and their balanced blocks.
        all += [(7, 517, 19), (13, 600, 70), (29, 9, 40), (15, 3, 100), (130, 20, 48)]
        return all
    }()

    /// Checks got against exact values with per-element magnitude bounds; returns the max ratio error/bound.
    static func check(_ got: [Float], _ exact: [Double], _ magnitude: [Double], k: Int) -> Double {
        var worst = 0.0
        for i in 0..<exact.count {
            let bound = 2 * Double(max(k, 1)) * 0x1p-24 * magnitude[i] + 1e-30
            let ratio = abs(Double(got[i]) - exact[i]) / bound
            worst = max(worst, ratio.isNaN ? .infinity : ratio)
        }
        return worst
    }

    /// bias ⊕ A·B in Double for A (m×k) and B (k×n) row-major, with Σ|terms| per element.
    static func product(_ a: Buffer, _ b: Buffer, bias: Buffer?, m: Int, k: Int, n: Int) -> (exact: [Double], magnitude: [Double]) {
        var exact = [Double](repeating: 0, count: m * n)
        var magnitude = exact
        for i in 0..<m {
            for j in 0..<n {
                var s = bias.map { Double($0[i]) } ?? 0
                var mag = abs(s)
                for p in 0..<k {
                    let t = Double(a[i * k + p]) * Double(b[p * n + j])
                    s += t
                    mag += abs(t)
                }
                exact[i * n + j] = s
                magnitude[i * n + j] = mag
            }
        }
        return (exact, magnitude)
    }

    @Test(arguments: KernelVariant.allCases)
    func forwardMatchesReference(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        var worst = 0.0
        for (index, s) in Self.shapes.enumerated() {
            let (out, inp, batch) = (s.m, s.k, s.n)
            let workspace = Workspace(maxInner: max(inp, out, batch), threads: 1, kernels: kernels)
            defer { workspace.deallocate() }
            let w = Buffer(random: out * inp, seed: UInt64(index))
            let x = Buffer(random: inp * batch, seed: UInt64(index + 1000))
            let b = Buffer(random: out, seed: UInt64(index + 2000))
            let y = Buffer(out * batch, value: .nan)
            for withBias in [true, false] {
                Dense.forward(
                    y: y.pointer, z: nil, x: x.pointer, w: w.pointer, b: withBias ? b.pointer : nil,
                    inputs: inp, outputs: out, batch: batch, activation: Activation(.linear), workspace: workspace)
                let (exact, magnitude) = Self.product(w, x, bias: withBias ? b : nil, m: out, k: inp, n: batch)
                let ratio = Self.check(y.array, exact, magnitude, k: inp + 1)
                #expect(ratio <= 1, "forward \(out)x\(inp)x\(batch) bias \(withBias): error/bound \(ratio)")
                worst = max(worst, ratio)
            }
        }
        print("\(kernels) dense forward: max error/bound \(worst) over \(Self.shapes.count) shapes")
    }

    @Test(arguments: KernelVariant.allCases)
    func forwardKeepsPreactivationAndAppliesActivation(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        let (out, inp, batch) = (17, 7, 33)
        let workspace = Workspace(maxInner: max(inp, out, batch), threads: 1, kernels: kernels)
        defer { workspace.deallocate() }
        let w = Buffer(random: out * inp, seed: 1)
        let x = Buffer(random: inp * batch, seed: 2)
        let b = Buffer(random: out, seed: 3)
        let y = Buffer(out * batch)
        let z = Buffer(out * batch)
        Dense.forward(
            y: y.pointer, z: z.pointer, x: x.pointer, w: w.pointer, b: b.pointer,
            inputs: inp, outputs: out, batch: batch, activation: Activation(.tanh), workspace: workspace)
        var worst = 0.0
        for i in 0..<(out * batch) {
            worst = max(worst, abs(Double(y[i]) - Foundation.tanh(Double(z[i]))))
        }
        print("\(kernels) forward tanh epilogue: max |y − tanh(z)| = \(worst)")
        #expect(worst < 2e-7)
    }

    @Test(arguments: KernelVariant.allCases)
    func inputGradientMatchesReference(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        var worst = 0.0
        for (index, s) in Self.shapes.enumerated() {
            // dX (in×B) = Wᵀ·dZ: m = in, k = out.
            let (inp, out, batch) = (s.m, s.k, s.n)
            let workspace = Workspace(maxInner: max(inp, out, batch), threads: 1, kernels: kernels)
            defer { workspace.deallocate() }
            let w = Buffer(random: out * inp, seed: UInt64(index))
            let dZ = Buffer(random: out * batch, seed: UInt64(index + 500))
            let dX = Buffer(inp * batch, value: .nan)
            Dense.backwardInput(
                dX: dX.pointer, dZ: dZ.pointer, w: w.pointer, inputs: inp, outputs: out, batch: batch,
                mask: nil, activation: nil, saved: nil, workspace: workspace)
            var exact = [Double](repeating: 0, count: inp * batch)
            var magnitude = exact
            for i in 0..<inp {
                for j in 0..<batch {
                    var s = 0.0, m = 0.0
                    for o in 0..<out {
                        let p = Double(w[o * inp + i]) * Double(dZ[o * batch + j])
                        s += p
                        m += abs(p)
                    }
                    exact[i * batch + j] = s
                    magnitude[i * batch + j] = m
                }
            }
            let ratio = Self.check(dX.array, exact, magnitude, k: out)
            #expect(ratio <= 1, "input gradient in \(inp) out \(out) batch \(batch): error/bound \(ratio)")
            worst = max(worst, ratio)
        }
        print("\(kernels) dense input gradient: max error/bound \(worst)")
    }

    @Test(arguments: KernelVariant.allCases)
    func inputGradientFusesMaskAndDerivative(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        let (inp, out, batch) = (17, 9, 20)
        let workspace = Workspace(maxInner: max(inp, out, batch), threads: 1, kernels: kernels)
        defer { workspace.deallocate() }
        let w = Buffer(random: out * inp, seed: 4)
        let dZ = Buffer(random: out * batch, seed: 5)
        let yPrev = Buffer(random: inp * batch, seed: 6, lo: -0.9, hi: 0.9)
        let mask = Buffer(inp * batch)
        var g = RandomGenerator(seed: 9)
        g.dropoutMask(mask.pointer, count: mask.count, rate: 0.3)
        let dX = Buffer(inp * batch)
        Dense.backwardInput(
            dX: dX.pointer, dZ: dZ.pointer, w: w.pointer, inputs: inp, outputs: out, batch: batch,
            mask: mask.pointer, activation: Activation(.tanh), source: .output, saved: yPrev.pointer, workspace: workspace)
        var worst = 0.0
        for i in 0..<inp {
            for j in 0..<batch {
                var s = 0.0
                for o in 0..<out { s += Double(w[o * inp + i]) * Double(dZ[o * batch + j]) }
                let t = Double(yPrev[i * batch + j])
                let exact = s * Double(mask[i * batch + j]) * (1 - t * t)
                worst = max(worst, abs(exact - Double(dX[i * batch + j])))
            }
        }
        print("\(kernels) input gradient with mask and tanh′: max |Δ| = \(worst)")
        #expect(worst < 1e-5)
    }

    @Test(arguments: KernelVariant.allCases)
    func parameterGradientsMatchReference(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        var worst = 0.0
        for (index, s) in Self.shapes.enumerated() {
            // dW (out×in) = dZ·xᵀ: m = out, n = in, k = batch.
            let (out, batch, inp) = (s.m, s.k, s.n)
            let workspace = Workspace(maxInner: max(inp, out, batch), threads: 1, kernels: kernels)
            defer { workspace.deallocate() }
            let dZ = Buffer(random: out * batch, seed: UInt64(index))
            let x = Buffer(random: inp * batch, seed: UInt64(index + 100))
            let w = Buffer(random: out * inp, seed: UInt64(index + 200))
            let dW = Buffer(out * inp, value: .nan)
            let db = Buffer(out, value: .nan)
            // Both strategies: dot products, and a GEMM on the transposed input.
            let xt = Buffer(inp * batch, value: .nan)
            let l2: Float = index % 2 == 0 ? 0 : 0.01
            Dense.backwardParameters(
                dW: dW.pointer, db: db.pointer, dZ: dZ.pointer, x: x.pointer, w: w.pointer, l2: l2,
                inputs: inp, outputs: out, batch: batch, transposed: index % 3 == 0 ? nil : xt.pointer,
                workspace: workspace)
            var exact = [Double](repeating: 0, count: out * inp)
            var magnitude = exact
            for o in 0..<out {
                for i in 0..<inp {
                    var s = 2 * Double(l2) * Double(w[o * inp + i])
                    var m = abs(s)
                    for j in 0..<batch {
                        let p = Double(dZ[o * batch + j]) * Double(x[i * batch + j])
                        s += p
                        m += abs(p)
                    }
                    exact[o * inp + i] = s
                    magnitude[o * inp + i] = m
                }
            }
            let ratio = Self.check(dW.array, exact, magnitude, k: batch + 1)
            #expect(ratio <= 1, "weight gradient out \(out) in \(inp) batch \(batch): error/bound \(ratio)")
            var biasExact = [Double](repeating: 0, count: out)
            var biasMagnitude = biasExact
            for o in 0..<out {
                for j in 0..<batch {
                    biasExact[o] += Double(dZ[o * batch + j])
                    biasMagnitude[o] += abs(Double(dZ[o * batch + j]))
                }
            }
            let biasRatio = Self.check(db.array, biasExact, biasMagnitude, k: batch)
            #expect(biasRatio <= 1, "bias gradient out \(out) batch \(batch): error/bound \(biasRatio)")
            worst = max(worst, ratio, biasRatio)
        }
        print("\(kernels) dense parameter gradients: max error/bound \(worst)")
    }

    /// The plain product with a block callback: every row reported once, in
    /// order, after it is complete (also when the inner dimension runs in chunks).
    @Test(arguments: KernelVariant.allCases)
    func gemmMultiplyReportsEveryBlockOnce(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        for (m, k, n) in [(25, 25, 256), (31, 7, 19), (9, 600, 40)] {
            let a = Buffer(random: m * k, seed: 1), b = Buffer(random: k * n, seed: 2), bias = Buffer(random: m, seed: 3)
            let c = Buffer(m * n, value: .nan)
            let scratch = Buffer(GEMM.scratchCount(k: k, kernels: kernels))
            var seen: [Int] = []
            GEMM.multiply(
                rows: 0..<m, n: n, k: k, a: a.pointer, ars: k, aks: 1, b: b.pointer, ldb: n, c: c.pointer, ldc: n,
                bias: bias.pointer, scratch: scratch.pointer, kernels: kernels
            ) { block in
                for r in block { #expect(c[r * n + n - 1].isFinite, "row \(r) reported before it was written") }
                seen += block
            }
            #expect(seen == Array(0..<m))
            let (exact, magnitude) = Self.product(a, b, bias: bias, m: m, k: k, n: n)
            let ratio = Self.check(c.array, exact, magnitude, k: k + 1)
            #expect(ratio <= 1, "\(kernels) GEMM.multiply \(m)x\(k)x\(n): error/bound \(ratio)")
        }
    }

    /// Shapes above the threading threshold run split across two threads.
    @Test(arguments: KernelVariant.allCases)
    func threadedProductsMatchSingleThreaded(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        let (out, inp, batch) = (130, 127, 64)
        #expect(out * inp * batch >= GEMM.parallelThreshold)
        let one = Workspace(maxInner: max(inp, out, batch), threads: 1, kernels: kernels)
        let two = Workspace(maxInner: max(inp, out, batch), threads: 2, kernels: kernels)
        defer { one.deallocate(); two.deallocate() }
        let w = Buffer(random: out * inp, seed: 11)
        let x = Buffer(random: inp * batch, seed: 12)
        let b = Buffer(random: out, seed: 13)
        let dZ = Buffer(random: out * batch, seed: 14)
        let results = [one, two].map { ws -> [Float] in
            let y = Buffer(out * batch)
            let dX = Buffer(inp * batch)
            let dW = Buffer(out * inp)
            let xt = Buffer(inp * batch)
            Dense.forward(
                y: y.pointer, z: nil, x: x.pointer, w: w.pointer, b: b.pointer,
                inputs: inp, outputs: out, batch: batch, activation: Activation(.relu), workspace: ws)
            Dense.backwardInput(
                dX: dX.pointer, dZ: dZ.pointer, w: w.pointer, inputs: inp, outputs: out, batch: batch,
                mask: nil, activation: nil, saved: nil, workspace: ws)
            Dense.backwardParameters(
                dW: dW.pointer, db: nil, dZ: dZ.pointer, x: x.pointer, w: w.pointer, l2: 0,
                inputs: inp, outputs: out, batch: batch, transposed: xt.pointer, workspace: ws)
            return y.array + dX.array + dW.array
        }
        // Each element is computed by the same instructions on either thread split.
        #expect(results[0] == results[1])
    }
}
