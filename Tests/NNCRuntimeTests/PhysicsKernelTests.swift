import Foundation
import NNCPlan
import Testing
@testable import NNCRuntime

/// The kernels of the physics costs against Double references: the fixed
/// linear map (FK tables, sum rules, positivity weights) forward and its
/// transpose, the preprocessing x^a (1 − x)^b and its gradients (finite
/// differences in Double), and positivity's hinge; in every kernel variant.
struct PhysicsKernelTests {
    /// Output-major matrices over a grid of 13 points (tails), 2 outputs, and
    /// the grid at columns 5 ..< 18 of rows of 23.
    static let (outputs, grid, column, stride, rows) = (2, 13, 5, 23, 7)

    @Test(arguments: KernelVariant.allCases)
    func linearMapForwardMatchesReference(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        let (o, g, c, s, r) = Self.dims
        let rowOffset = 2
        let matrix = Buffer(random: (r + rowOffset) * o * g, seed: 1)
        let f = Buffer(random: o * s, seed: 2)
        let y = Buffer(r, value: .nan)
        LinearMap.forward(y: y.pointer, matrix: matrix.pointer, input: f.pointer, rows: r, rowOffset: rowOffset,
                          outputs: o, grid: g, column: c, stride: s, kernels: kernels)
        var exact = [Double](repeating: 0, count: r)
        var magnitude = exact
        for i in 0..<r {
            for k in 0..<o {
                for j in 0..<g {
                    let p = Double(matrix[(rowOffset + i) * o * g + k * g + j]) * Double(f[k * s + c + j])
                    exact[i] += p
                    magnitude[i] += abs(p)
                }
            }
        }
        let worst = (0..<r).map { abs(Double(y[$0]) - exact[$0]) / (Double(o * g) * 0x1p-23 * magnitude[$0] + 1e-30) }.max()!
        print("\(kernels) linear map forward: max error/bound \(worst)")
        #expect(worst <= 1)
    }

    /// The backward adds Mᵀ·g into the grid's columns and leaves the others alone.
    @Test(arguments: KernelVariant.allCases)
    func linearMapBackwardIsTheTransposeAdded(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        let (o, g, c, s, r) = Self.dims
        let matrix = Buffer(random: r * o * g, seed: 3)
        let gy = Buffer(random: r, seed: 4)
        let before = Buffer(random: o * s, seed: 5)
        let gf = Buffer(before.array)
        LinearMap.backward(inputGradient: gf.pointer, matrix: matrix.pointer, gradient: gy.pointer, rows: r, rowOffset: 0,
                           outputs: o, grid: g, column: c, stride: s, kernels: kernels)
        var worst = 0.0
        for k in 0..<o {
            for col in 0..<s {
                var exact = Double(before[k * s + col])
                if col >= c && col < c + g {
                    for i in 0..<r { exact += Double(matrix[i * o * g + k * g + col - c]) * Double(gy[i]) }
                }
                worst = max(worst, abs(exact - Double(gf[k * s + col])))
            }
        }
        print("\(kernels) linear map backward: max |Δ| \(worst)")
        #expect(worst < 1e-5)
    }

    static var dims: (Int, Int, Int, Int, Int) { (outputs, grid, column, stride, rows) }

    /// L = Σ w·y for y = x^a (1 − x)^b · nn: the kernels' gradients with respect to
    /// nn, a and b against central differences of the Double formula.
    @Test(arguments: KernelVariant.allCases)
    func preprocessingGradientsMatchFiniteDifferences(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        let (o, columns) = (3, 21)
        var rng = RandomGenerator(seed: 7)
        let xs = (0..<columns).map { _ in 0.02 + 0.96 * rng.uniformDouble() }
        let a = [0.1, 0.45, 0.0], b = [2.5, 3.0, 4.9]
        let nn = Buffer(random: o * columns, seed: 8)
        let w = Buffer(random: o * columns, seed: 9)

        func loss(_ a: [Double], _ b: [Double], _ nn: [Double]) -> Double {
            var total = 0.0
            for k in 0..<o {
                for c in 0..<columns {
                    total += Double(w[k * columns + c]) * pow(xs[c], a[k]) * pow(1 - xs[c], b[k]) * nn[k * columns + c]
                }
            }
            return total
        }

        let x = Buffer(xs.map(Float.init))
        let ab = Buffer(a.map(Float.init)), bb = Buffer(b.map(Float.init))
        let factor = Buffer(o * columns), logs = Buffer(2 * columns), y = Buffer(o * columns)
        Preprocess.forward(x: x.pointer, a: ab.pointer, b: bb.pointer, input: nn.pointer, factor: factor.pointer,
                           logs: logs.pointer, y: y.pointer, outputs: o, columns: columns, kernels: kernels)
        var forwardError = 0.0
        for k in 0..<o {
            for c in 0..<columns {
                let exact = pow(xs[c], a[k]) * pow(1 - xs[c], b[k]) * Double(nn[k * columns + c])
                forwardError = max(forwardError, abs(exact - Double(y[k * columns + c])) / (abs(exact) + 1e-3))
            }
        }
        print("\(kernels) preprocess forward: max relative error \(forwardError)")
        #expect(forwardError < 1e-5)

        let g = Buffer(w.array)
        let da = Buffer(o), db = Buffer(o)
        Preprocess.backward(gradient: g.pointer, y: y.pointer, factor: factor.pointer, logs: logs.pointer,
                            aGradient: da.pointer, bGradient: db.pointer, outputs: o, columns: columns, kernels: kernels)
        let h = 1e-6
        let n0 = nn.doubles
        for k in 0..<o {
            var ap = a, am = a, bp = b, bm = b
            ap[k] += h; am[k] -= h; bp[k] += h; bm[k] -= h
            let fdA = (loss(ap, b, n0) - loss(am, b, n0)) / (2 * h)
            let fdB = (loss(a, bp, n0) - loss(a, bm, n0)) / (2 * h)
            print("\(kernels) preprocess ∂a_\(k): \(da[k]) vs \(fdA); ∂b_\(k): \(db[k]) vs \(fdB)")
            #expect(abs(Double(da[k]) - fdA) <= 1e-4 * max(1, abs(fdA)))
            #expect(abs(Double(db[k]) - fdB) <= 1e-4 * max(1, abs(fdB)))
        }
        var worst = 0.0
        for i in 0..<(o * columns) {
            var up = n0, down = n0
            up[i] += h
            down[i] -= h
            let fd = (loss(a, b, up) - loss(a, b, down)) / (2 * h)
            worst = max(worst, abs(Double(g[i]) - fd) / (abs(fd) + 1e-3))
        }
        print("\(kernels) preprocess ∂nn: max relative error \(worst)")
        #expect(worst < 1e-4)
    }

    /// A sum rule's grid may end at x = 1: the factor is 0 there, and the
    /// exponents' gradients take their limits (finite, no NaN).
    @Test(arguments: KernelVariant.allCases)
    func preprocessingAtXEqualOne(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        let x = Buffer([0.5, 1.0])
        let a = Buffer([-0.5]), b = Buffer([3.0])
        let nn = Buffer([2.0, 5.0])
        let factor = Buffer(2), logs = Buffer(4), y = Buffer(2)
        Preprocess.forward(x: x.pointer, a: a.pointer, b: b.pointer, input: nn.pointer, factor: factor.pointer,
                           logs: logs.pointer, y: y.pointer, outputs: 1, columns: 2, kernels: kernels)
        #expect(y[1] == 0)
        #expect(abs(Double(y[0]) - 2 * pow(0.5, -0.5) * pow(0.5, 3)) < 1e-6)
        let g = Buffer([1.0, 1.0]), da = Buffer(1), db = Buffer(1)
        Preprocess.backward(gradient: g.pointer, y: y.pointer, factor: factor.pointer, logs: logs.pointer,
                            aGradient: da.pointer, bGradient: db.pointer, outputs: 1, columns: 2, kernels: kernels)
        #expect(da[0].isFinite && db[0].isFinite)
        #expect(abs(Double(db[0]) - Double(y[0]) * log(0.5)) < 1e-6)
        #expect(g[1] == 0)
    }

    @Test(arguments: KernelVariant.allCases)
    func positivityHinge(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        let v = Buffer([0.5, -0.25, 0, -2, 3, -0.125, 1, 1, -1])
        let g = Buffer(v.count, value: .nan)
        let value = Loss.positivity(values: v.pointer, gradient: g.pointer, count: v.count, kernels: kernels)
        #expect(value == 0.25 + 2 + 0.125 + 1)
        #expect(g.array == [0, -1, 0, -1, 0, -1, 0, 0, -1])
    }
}
