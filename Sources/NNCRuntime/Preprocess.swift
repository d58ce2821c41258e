/// The preprocessing of the network's outputs, y_o = x^a_o (1 − x)^b_o · NN_o,
/// forward and backward side by side. Buffers are feature-major with
/// `columns` points a row. x lies in (0, 1]; at x = 1 the factor is 0 for
/// b > 0 and the exponents' gradients take their limits there.
public enum Preprocess {
    /// logs[0][c] = ln x_c, logs[1][c] = ln(1 − x_c); factor[o][c] =
    /// exp(a_o·ln x_c + b_o·ln(1 − x_c)); y[o][c] = factor[o][c]·input[o][c].
    public static func forward(
        x: UnsafePointer<Float>, a: UnsafePointer<Float>, b: UnsafePointer<Float>, input: UnsafePointer<Float>,
        factor: UnsafeMutablePointer<Float>, logs: UnsafeMutablePointer<Float>, y: UnsafeMutablePointer<Float>,
        outputs: Int, columns: Int
    ) {
        let lx = logs, l1 = logs + columns
        Vector.map(x, lx, columns) { VectorMath.log($0) }
        Vector.map(x, l1, columns) { VectorMath.log(1 - $0) }
        for o in 0..<outputs {
            // An exponent of 0 is a factor of 1, even where its logarithm is −∞ (x = 1).
            let ao = a[o], bo = b[o]
            let f = factor + o * columns
            switch (ao == 0, bo == 0) {
            case (true, true): f.update(repeating: 1, count: columns)
            case (true, false): Vector.map(l1, f, columns) { VectorMath.exp($0 * bo) }
            case (false, true): Vector.map(lx, f, columns) { VectorMath.exp($0 * ao) }
            case (false, false): Vector.map2(lx, l1, f, columns) { p, q in VectorMath.exp(p * ao + q * bo) }
            }
            Vector.map2(f, input + o * columns, y + o * columns, columns) { $0 * $1 }
        }
    }

    /// With g = ∂L/∂y: ∂L/∂a_o = Σ_c g·y·ln x, ∂L/∂b_o = Σ_c g·y·ln(1 − x)
    /// (when their gradients are asked for), then g ⊙= factor in place: ∂L/∂input.
    public static func backward(
        gradient g: UnsafeMutablePointer<Float>, y: UnsafePointer<Float>, factor: UnsafePointer<Float>,
        logs: UnsafePointer<Float>, aGradient: UnsafeMutablePointer<Float>?, bGradient: UnsafeMutablePointer<Float>?,
        outputs: Int, columns: Int
    ) {
        let lx = logs, l1 = logs + columns
        for o in 0..<outputs {
            let go = g + o * columns, yo = y + o * columns
            if aGradient != nil || bGradient != nil {
                var sa = Float8(), sb = Float8()
                var c = 0
                while c < columns {
                    let n = min(8, columns - c)
                    // Where y is 0 (x = 1, b > 0) its logarithm's −∞ adds nothing: the limit of y·ln(1 − x).
                    let gy = Vector.loadPartial(go + c, n) * Vector.loadPartial(yo + c, n)
                    let zero = gy .== Float8()
                    sa.addProduct(gy, Vector.loadPartial(lx + c, n).replacing(with: 0, where: zero))
                    sb.addProduct(gy, Vector.loadPartial(l1 + c, n).replacing(with: 0, where: zero))
                    c += 8
                }
                aGradient?[o] = sa.sum()
                bGradient?[o] = sb.sum()
            }
            Vector.map2(go, factor + o * columns, go, columns) { $0 * $1 }
        }
    }
}
