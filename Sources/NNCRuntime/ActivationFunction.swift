import NNCPlan

/// The activation kernels, on the vocabulary's `Activation` (the kind with
/// its alpha). Buffers are feature-major, `[features][batch]`.
///
/// Backward takes f′ from the saved output y or the pre-activation z, as
/// `Activation.derivativeSource` decides once for the plan; both forms exist
/// for every activation they make sense for (softmax's Jacobian needs y;
/// gelu and swish need z), for every alpha the checker accepts.
extension Activation {
    /// PyTorch's SELU constants.
    public static let seluAlpha: Float = 1.673_263_242_354_377_284_8
    public static let seluScale: Float = 1.050_700_987_355_480_493_4

    /// y = f(z) over a `[features][batch]` buffer; y may be z.
    public func forward(
        _ z: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, features: Int, batch: Int
    ) {
        let count = features * batch
        let alpha = Float(alphaValue)
        switch kind {
        case .linear:
            if UnsafePointer(y) != z { y.update(from: z, count: count) }
        case .sigmoid:
            Vector.map(z, y, count) { VectorMath.sigmoid($0) }
        case .tanh:
            Vector.map(z, y, count) { VectorMath.tanh($0) }
        case .relu:
            Vector.map(z, y, count) { Self.reluLanes($0) }
        case .leakyReLU:
            Vector.map(z, y, count) { Self.leakyReLULanes($0, alpha) }
        case .elu:
            Vector.map(z, y, count) { Self.eluLanes($0, alpha) }
        case .selu:
            Vector.map(z, y, count) { Self.seluLanes($0) }
        case .softplus:
            Vector.map(z, y, count) { Self.softplusLanes($0) }
        case .gelu:
            Vector.map(z, y, count) { Self.geluLanes($0) }
        case .swish:
            Vector.map(z, y, count) { Self.swishLanes($0) }
        case .softmax:
            Self.softmaxForward(z, y, features: features, batch: batch)
        }
    }

    /// dZ = dY ⊙ f′ over a `[features][batch]` buffer, f′ taken from the saved
    /// output y or the pre-activation z as `source` says
    /// (`derivativeAvailable(from:)` must hold). dZ may be dY.
    public func backward(
        _ dY: UnsafePointer<Float>, from source: DerivativeSource, _ saved: UnsafePointer<Float>,
        _ dZ: UnsafeMutablePointer<Float>, features: Int, batch: Int
    ) {
        let count = features * batch
        let v = saved
        let alpha = Float(alphaValue)
        if source == .identity {
            if UnsafePointer(dZ) != dY { dZ.update(from: dY, count: count) }
        } else if source == .output {
            switch kind {
            case .linear: if UnsafePointer(dZ) != dY { dZ.update(from: dY, count: count) }
            case .sigmoid: Vector.map2(dY, v, dZ, count) { Self.sigmoidBackward($0, $1) }
            case .tanh: Vector.map2(dY, v, dZ, count) { Self.tanhBackward($0, $1) }
            case .relu: Vector.map2(dY, v, dZ, count) { Self.reluBackward($0, $1) }
            case .leakyReLU: Vector.map2(dY, v, dZ, count) { Self.leakyBackward($0, $1, alpha) }
            case .elu: Vector.map2(dY, v, dZ, count) { Self.eluBackwardFromOutput($0, $1, alpha) }
            case .selu: Vector.map2(dY, v, dZ, count) { Self.seluBackward($0, $1) }
            case .softplus: Vector.map2(dY, v, dZ, count) { Self.softplusBackwardFromOutput($0, $1) }
            case .softmax: Self.softmaxBackward(dY, y: v, dZ, features: features, batch: batch)
            case .gelu, .swish: if UnsafePointer(dZ) != dY { dZ.update(from: dY, count: count) }
            }
        } else {
            switch kind {
            case .linear: if UnsafePointer(dZ) != dY { dZ.update(from: dY, count: count) }
            case .sigmoid: Vector.map2(dY, v, dZ, count) { Self.sigmoidBackwardFromInput($0, $1) }
            case .tanh: Vector.map2(dY, v, dZ, count) { Self.tanhBackwardFromInput($0, $1) }
            case .relu: Vector.map2(dY, v, dZ, count) { Self.reluBackward($0, $1) }
            case .leakyReLU: Vector.map2(dY, v, dZ, count) { Self.leakyBackward($0, $1, alpha) }
            case .elu: Vector.map2(dY, v, dZ, count) { Self.eluBackwardFromInput($0, $1, alpha) }
            case .selu: Vector.map2(dY, v, dZ, count) { Self.seluBackwardFromInput($0, $1) }
            case .softplus: Vector.map2(dY, v, dZ, count) { Self.softplusBackward($0, $1) }
            case .gelu: Vector.map2(dY, v, dZ, count) { Self.geluBackward($0, $1) }
            case .swish: Vector.map2(dY, v, dZ, count) { Self.swishBackward($0, $1) }
            case .softmax: if UnsafePointer(dZ) != dY { dZ.update(from: dY, count: count) }
            }
        }
    }

    /// log(1 + u) for u ≥ 0, exact to rounding for small u (Goldberg's correction).
    @inline(__always) @usableFromInline
    static func log1p(_ u: Float8) -> Float8 {
        let w = 1 + u
        let d = w - 1
        let l = VectorMath.log(w) * (u / d)
        return select(d .== Float8(), u, else: l)
    }

    /// Softmax over features for each sample: eight samples a pass, numerically
    /// stable (the column maximum is subtracted before exp).
    static func softmaxForward(
        _ z: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, features: Int, batch: Int
    ) {
        forEachColumnBlock(batch) { b, lanes in
            var top = Float8(repeating: -.infinity)
            for f in 0..<features {
                top = VectorMath.maximum(top, Vector.loadPartial(z + f * batch + b, lanes, fill: 0))
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
                dot += Vector.loadPartial(dY + o, lanes) * Vector.loadPartial(y + o, lanes)
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
