/// An activation as the runtime applies it: the closed list of DESIGN §2 with
/// its parameters resolved. Buffers are feature-major, `[features][batch]`.
///
/// Backward takes the saved output `y` where the derivative is a function of
/// it (sigmoid, tanh, relu, leaky_relu and elu with alpha > 0, selu, softmax),
/// so the pre-activation need not be kept; gelu, swish and softplus need the
/// pre-activation `z` (see `needsPreactivation`).
public enum ActivationFunction: Equatable, Sendable {
    case linear
    case sigmoid
    case tanh
    case relu
    case leakyReLU(alpha: Float)
    case elu(alpha: Float)
    case selu
    case softplus
    /// The exact form 0.5·x·(1 + erf(x/√2)), PyTorch's default.
    case gelu
    /// x·sigmoid(x) (SiLU).
    case swish
    /// Over the features of each sample (each column of a `[features][batch]` buffer).
    case softmax

    /// PyTorch's SELU constants.
    public static let seluAlpha: Float = 1.673_263_242_354_377_284_8
    public static let seluScale: Float = 1.050_700_987_355_480_493_4

    /// True when backward needs the pre-activation rather than the output.
    public var needsPreactivation: Bool {
        switch self {
        case .softplus, .gelu, .swish: return true
        // The sign of the output tells the branch only when alpha > 0.
        case .leakyReLU(let alpha), .elu(let alpha): return !(alpha > 0)
        default: return false
        }
    }

    /// True when backward needs the output (a function of y, not only of z).
    public var needsOutput: Bool {
        switch self {
        case .linear: return false
        default: return !needsPreactivation
        }
    }

    /// y = f(z) over a `[features][batch]` buffer; y may be z.
    public func forward(
        _ z: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, features: Int, batch: Int
    ) {
        let count = features * batch
        switch self {
        case .linear:
            if UnsafePointer(y) != z { y.update(from: z, count: count) }
        case .sigmoid:
            Vector.map(z, y, count) { VectorMath.sigmoid($0) }
        case .tanh:
            Vector.map(z, y, count) { VectorMath.tanh($0) }
        case .relu:
            Vector.map(z, y, count) { $0.replacing(with: 0, where: $0 .< 0) }
        case .leakyReLU(let alpha):
            Vector.map(z, y, count) { $0.replacing(with: $0 * alpha, where: $0 .< 0) }
        case .elu(let alpha):
            Vector.map(z, y, count) { x in
                x.replacing(with: VectorMath.expm1(x) * alpha, where: x .< 0)
            }
        case .selu:
            let a = Self.seluAlpha, s = Self.seluScale
            Vector.map(z, y, count) { x in
                x.replacing(with: VectorMath.expm1(x) * a, where: x .< 0) * s
            }
        case .softplus:
            // max(x, 0) + log1p(e^−|x|); log(1 + u) loses only what float cannot show beside max(x, 0).
            Vector.map(z, y, count) { x in
                let u = VectorMath.exp(-VectorMath.magnitude(x))
                let positive = x.replacing(with: 0, where: x .< 0)
                return positive + Self.log1p(u)
            }
        case .gelu:
            Vector.map(z, y, count) { x in
                x * 0.5 * (1 + VectorMath.erf(x * 0.707_106_781_186_547_5))
            }
        case .swish:
            Vector.map(z, y, count) { x in x * VectorMath.sigmoid(x) }
        case .softmax:
            Self.softmaxForward(z, y, features: features, batch: batch)
        }
    }

    /// dZ = dY ⊙ f′, from the saved output `y` and/or pre-activation `z` (see
    /// `needsPreactivation`; pass whichever the activation uses, the other may
    /// be any pointer). dZ may be dY.
    public func backward(
        _ dY: UnsafePointer<Float>, y: UnsafePointer<Float>, z: UnsafePointer<Float>,
        _ dZ: UnsafeMutablePointer<Float>, features: Int, batch: Int
    ) {
        let count = features * batch
        switch self {
        case .linear:
            if UnsafePointer(dZ) != dY { dZ.update(from: dY, count: count) }
        case .sigmoid:
            Vector.map2(dY, y, dZ, count) { g, s in g * s * (1 - s) }
        case .tanh:
            Vector.map2(dY, y, dZ, count) { g, t in g * (1 - t * t) }
        case .relu:
            Vector.map2(dY, y, dZ, count) { g, v in g.replacing(with: 0, where: v .<= 0) }
        case .leakyReLU(let alpha):
            if alpha > 0 {
                Vector.map2(dY, y, dZ, count) { g, v in g.replacing(with: g * alpha, where: v .<= 0) }
            } else {
                Vector.map2(dY, z, dZ, count) { g, x in g.replacing(with: g * alpha, where: x .<= 0) }
            }
        case .elu(let alpha):
            if alpha > 0 {
                // y = α(eˣ − 1) below 0, so f′ = eˣ·α = y + α there.
                Vector.map2(dY, y, dZ, count) { g, v in g.replacing(with: g * (v + alpha), where: v .<= 0) }
            } else {
                Vector.map2(dY, z, dZ, count) { g, x in
                    g.replacing(with: g * VectorMath.exp(x) * alpha, where: x .<= 0)
                }
            }
        case .selu:
            let a = Self.seluAlpha * Self.seluScale, s = Self.seluScale
            Vector.map2(dY, y, dZ, count) { g, v in
                (g * s).replacing(with: g * (v + a), where: v .<= 0)
            }
        case .softplus:
            Vector.map2(dY, z, dZ, count) { g, x in g * VectorMath.sigmoid(x) }
        case .gelu:
            // Φ(x) + x·φ(x).
            Vector.map2(dY, z, dZ, count) { g, x in
                let cdf = 0.5 * (1 + VectorMath.erf(x * 0.707_106_781_186_547_5))
                let pdf = VectorMath.exp(x * x * -0.5) * 0.398_942_280_401_432_7
                return g * cdf.addingProduct(x, pdf)
            }
        case .swish:
            Vector.map2(dY, z, dZ, count) { g, x in
                let s = VectorMath.sigmoid(x)
                return g * s.addingProduct(x * s, 1 - s)
            }
        case .softmax:
            Self.softmaxBackward(dY, y: y, dZ, features: features, batch: batch)
        }
    }

    /// log(1 + u) for u ≥ 0, exact to rounding for small u (Goldberg's correction).
    @inline(__always) @usableFromInline
    static func log1p(_ u: Float8) -> Float8 {
        let w = 1 + u
        let d = w - 1
        let l = VectorMath.log(w) * (u / d)
        return l.replacing(with: u, where: d .== 0)
    }

    /// Softmax over features for each sample: eight samples a pass, numerically
    /// stable (the column maximum is subtracted before exp).
    static func softmaxForward(
        _ z: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, features: Int, batch: Int
    ) {
        forEachColumnBlock(batch) { b, lanes in
            var top = Float8(repeating: -.infinity)
            for f in 0..<features {
                top = pointwiseMax(top, Vector.loadPartial(z + f * batch + b, lanes, fill: 0))
            }
            var sum = Float8()
            for f in 0..<features {
                let e = VectorMath.exp(Vector.loadPartial(z + f * batch + b, lanes, fill: 0) - top)
                Vector.storePartial(e, y + f * batch + b, lanes)
                sum += e
            }
            let inverse = 1 / sum
            for f in 0..<features {
                let p = y + f * batch + b
                Vector.storePartial(Vector.loadPartial(p, lanes) * inverse, p, lanes)
            }
        }
    }

    /// dZ_f = y_f·(dY_f − Σ_k dY_k·y_k) per sample.
    static func softmaxBackward(
        _ dY: UnsafePointer<Float>, y: UnsafePointer<Float>, _ dZ: UnsafeMutablePointer<Float>,
        features: Int, batch: Int
    ) {
        forEachColumnBlock(batch) { b, lanes in
            var dot = Float8()
            for f in 0..<features {
                let o = f * batch + b
                dot = dot.addingProduct(Vector.loadPartial(dY + o, lanes), Vector.loadPartial(y + o, lanes))
            }
            for f in 0..<features {
                let o = f * batch + b
                let g = Vector.loadPartial(y + o, lanes) * (Vector.loadPartial(dY + o, lanes) - dot)
                Vector.storePartial(g, dZ + o, lanes)
            }
        }
    }

    /// Calls body(firstColumn, lanes) for each block of up to eight columns.
    @inline(__always) @usableFromInline
    static func forEachColumnBlock(_ batch: Int, _ body: (Int, Int) -> Void) {
        var b = 0
        while b < batch {
            body(b, min(8, batch - b))
            b += 8
        }
    }
}
