import NNCSpec

/// How nnc counts floating-point operations, for a batch of B rows.
///
/// The GEMMs dominate and are counted exactly, a multiply-add as two FLOPs:
/// - forward: `2·B·in·out` per layer;
/// - backward: `2·B·in·out` for the weight gradient, and `2·B·in·out` for the
///   input gradient where it is needed (every layer but the first).
///
/// The rest are small terms, counted per element as a fixed number of
/// operations (transcendental functions count as one):
/// - bias add and bias gradient: `B·out` each;
/// - activation: `B·out` (none for linear; softmax `3·B·out`); its derivative `2·B·out`;
/// - dropout: `B·out` forward and backward;
/// - loss: `3·B·out` for the value and `2·B·out` more for the gradient;
/// - L2: `2·in·out` per layer that has it;
/// - optimiser, per parameter: sgd 2 (+2 with momentum, +1 more with nesterov),
///   adagrad 4, rmsprop 5, adam 9, adamw 11, and 3 more with `clipnorm`.
///
/// Counts saturate at `Int.max` rather than overflow.
public enum FlopCount {
    public static func activation(_ kind: ActivationKind, elements: Int) -> Int {
        switch kind {
        case .linear: return 0
        case .softmax: return mul(3, elements)
        default: return elements
        }
    }

    public static func denseForward(batch: Int, inFeatures: Int, outFeatures: Int, bias: Bool, activation: ActivationKind) -> Int {
        let elements = mul(batch, outFeatures)
        return add(
            mul(2, mul(batch, mul(inFeatures, outFeatures))), bias ? elements : 0,
            FlopCount.activation(activation, elements: elements))
    }

    public static func denseBackward(
        batch: Int, inFeatures: Int, outFeatures: Int, bias: Bool, derivative: DerivativeSource,
        inputGradient: Bool, l2: Bool
    ) -> Int {
        let gemm = mul(2, mul(batch, mul(inFeatures, outFeatures)))
        let elements = mul(batch, outFeatures)
        return add(
            gemm, inputGradient ? gemm : 0, bias ? elements : 0, derivative == .identity ? 0 : mul(2, elements),
            l2 ? mul(2, mul(inFeatures, outFeatures)) : 0)
    }

    public static func loss(batch: Int, outputs: Int, gradient: Bool) -> Int {
        mul(gradient ? 5 : 3, mul(batch, outputs))
    }

    public static func optimizer(_ o: OptimizerPlan, parameters: Int) -> Int {
        var perParameter: Int
        switch o.kind {
        case .sgd: perParameter = 2 + (o.momentum != 0 ? 2 : 0) + (o.nesterov ? 1 : 0)
        case .adagrad: perParameter = 4
        case .rmsprop: perParameter = 5
        case .adam: perParameter = 9
        case .adamw: perParameter = 11
        }
        if o.clipnorm != nil { perParameter += 3 }
        return mul(perParameter, parameters)
    }

    static func mul(_ a: Int, _ b: Int) -> Int {
        let (r, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? Int.max : r
    }

    static func add(_ terms: Int...) -> Int {
        terms.reduce(0) { sum, t in
            let (r, overflow) = sum.addingReportingOverflow(t)
            return overflow ? Int.max : r
        }
    }
}
