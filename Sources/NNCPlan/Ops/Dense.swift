/// `output = f(weight · input + bias)` for one dense layer (`nn.Linear`, then
/// its activation). The GEMM's epilogue applies an elementwise f to each
/// block of rows as it is finished; softmax, which spans the features of a
/// point, runs after. With `preactivation`, `weight · input + bias` is kept
/// there too (for a derivative taken from it, or a loss fused with f).
///
/// input: (in, C), weight: (out, in), bias: (out), output, preactivation:
/// (out, C), with C = `columns.resolve(n)`.
public struct DenseOp: Operation {
    public static let name = "dense"
    /// The layer's index in `Plan.layers`.
    public var layer: Int
    public var inFeatures: Int
    public var outFeatures: Int
    public var columns: Columns
    public var activation: Activation
    public var input: TensorID
    public var weight: TensorID
    public var bias: TensorID?
    public var preactivation: TensorID?
    public var output: TensorID

    public init(layer: Int, inFeatures: Int, outFeatures: Int, columns: Columns, activation: Activation,
                input: TensorID, weight: TensorID, bias: TensorID?, preactivation: TensorID?, output: TensorID) {
        self.layer = layer
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        self.columns = columns
        self.activation = activation
        self.input = input
        self.weight = weight
        self.bias = bias
        self.preactivation = preactivation
        self.output = output
    }

    public var reads: [TensorID] { [input, weight] + [bias].compactMap { $0 } }
    public var writes: [TensorID] { [output] + [preactivation].compactMap { $0 } }

    /// 2·in·out·C for the product, out·C for the bias, and the activation.
    public func flops(batch n: Int) -> Int {
        let c = columns.resolve(n)
        let elements = FlopCount.mul(outFeatures, c)
        return FlopCount.add(FlopCount.mul(2, FlopCount.mul(c, FlopCount.mul(inFeatures, outFeatures))),
                             bias == nil ? 0 : elements, FlopCount.activation(activation.kind, elements: elements))
    }

    public func mapTensors(_ f: (TensorID) -> TensorID) -> DenseOp {
        var o = self
        o.input = f(input); o.weight = f(weight); o.bias = bias.map(f); o.preactivation = preactivation.map(f)
        o.output = f(output)
        return o
    }

    public func footprint(batch n: Int) -> [(TensorID, Int)] {
        let c = columns.resolve(n)
        var out = [(input, inFeatures * c), (weight, inFeatures * outFeatures), (output, outFeatures * c)]
        if let bias { out.append((bias, outFeatures)) }
        if let preactivation { out.append((preactivation, outFeatures * c)) }
        return out
    }

    public func describe(_ t: (TensorID) -> String) -> String {
        "layer \(layer) \(inFeatures)→\(outFeatures) \(Plan.text(activation)):" + Self.operand("input", input, t)
            + Self.operand("weight", weight, t) + Self.operand("bias", bias, t)
            + Self.operand("preactivation", preactivation, t) + Self.operand("output", output, t)
    }
}

/// Backward through one dense layer, given `gradient` = ∂L/∂z (the
/// activation's derivative already applied):
/// - `weightGradient` = gradient · inputᵀ (+ 2·l2·weight, Keras's L2), by
///   dot products along the points or, for wide layers, by a GEMM against the
///   input transposed into `transposed` (lowering chooses, `strategy`);
/// - `biasGradient` = Σ over points of gradient;
/// - `inputGradient` = (weightᵀ · gradient) ⊙ `inputMask` ⊙ f′ of the layer
///   below (`inputActivation`, from `inputSaved` as `inputSource` says), all in
///   the GEMM's epilogue, when a layer below needs it.
///
/// gradient: (out, C), input, inputGradient, inputMask, inputSaved: (in, C),
/// weight, weightGradient: (out, in), biasGradient: (out), transposed: (C, in).
public struct DenseBackwardOp: Operation {
    public static let name = "dense_backward"

    /// How the weight gradient is computed.
    public enum Strategy: String, Codable, Sendable {
        /// One dot product along the points per weight: skinny layers.
        case dotProducts = "dot_products"
        /// Transpose the input once, then a register-blocked GEMM: wide layers.
        case transposed
    }

    public var layer: Int
    public var inFeatures: Int
    public var outFeatures: Int
    public var columns: Columns
    public var gradient: TensorID
    public var input: TensorID
    public var weight: TensorID
    public var weightGradient: TensorID
    public var biasGradient: TensorID?
    public var l2: Double
    public var strategy: Strategy
    /// The input transposed, for `.transposed`.
    public var transposed: TensorID?
    public var inputGradient: TensorID?
    public var inputMask: TensorID?
    public var inputActivation: Activation?
    public var inputSource: DerivativeSource
    public var inputSaved: TensorID?

    public init(layer: Int, inFeatures: Int, outFeatures: Int, columns: Columns, gradient: TensorID, input: TensorID,
                weight: TensorID, weightGradient: TensorID, biasGradient: TensorID?, l2: Double, strategy: Strategy,
                transposed: TensorID?, inputGradient: TensorID?, inputMask: TensorID? = nil,
                inputActivation: Activation? = nil, inputSource: DerivativeSource = .identity, inputSaved: TensorID? = nil) {
        self.layer = layer
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        self.columns = columns
        self.gradient = gradient
        self.input = input
        self.weight = weight
        self.weightGradient = weightGradient
        self.biasGradient = biasGradient
        self.l2 = l2
        self.strategy = strategy
        self.transposed = transposed
        self.inputGradient = inputGradient
        self.inputMask = inputMask
        self.inputActivation = inputActivation
        self.inputSource = inputSource
        self.inputSaved = inputSaved
    }

    public var reads: [TensorID] { [gradient, input, weight] + [inputMask, inputSaved].compactMap { $0 } }
    public var writes: [TensorID] { [weightGradient] + [biasGradient, transposed, inputGradient].compactMap { $0 } }

    /// 2·in·out·C for the weight gradient and as much again for the input
    /// gradient; out·C for the bias; 2 per element for a fused derivative and
    /// 1 for a fused mask; 2·in·out for L2.
    public func flops(batch n: Int) -> Int {
        let c = columns.resolve(n)
        let gemm = FlopCount.mul(2, FlopCount.mul(c, FlopCount.mul(inFeatures, outFeatures)))
        let below = FlopCount.mul(inFeatures, c)
        var derivative = 0
        if inputGradient != nil, let a = inputActivation, a.kind != .linear { derivative = FlopCount.mul(2, below) }
        return FlopCount.add(
            gemm, inputGradient == nil ? 0 : gemm, biasGradient == nil ? 0 : FlopCount.mul(outFeatures, c),
            derivative, inputMask == nil || inputGradient == nil ? 0 : below,
            l2 > 0 ? FlopCount.mul(2, FlopCount.mul(inFeatures, outFeatures)) : 0)
    }

    public func mapTensors(_ f: (TensorID) -> TensorID) -> DenseBackwardOp {
        var o = self
        o.gradient = f(gradient); o.input = f(input); o.weight = f(weight); o.weightGradient = f(weightGradient)
        o.biasGradient = biasGradient.map(f); o.transposed = transposed.map(f); o.inputGradient = inputGradient.map(f)
        o.inputMask = inputMask.map(f); o.inputSaved = inputSaved.map(f)
        return o
    }

    public func footprint(batch n: Int) -> [(TensorID, Int)] {
        let c = columns.resolve(n)
        var out = [(gradient, outFeatures * c), (input, inFeatures * c), (weight, inFeatures * outFeatures),
                   (weightGradient, inFeatures * outFeatures)]
        if let biasGradient { out.append((biasGradient, outFeatures)) }
        if let transposed { out.append((transposed, inFeatures * c)) }
        for t in [inputGradient, inputMask, inputSaved] { if let t { out.append((t, inFeatures * c)) } }
        return out
    }

    public func describe(_ t: (TensorID) -> String) -> String {
        var s = "layer \(layer) \(inFeatures)→\(outFeatures) (\(strategy.rawValue)\(l2 > 0 ? ", l2 \(Plan.number(l2))" : "")):"
            + Self.operand("gradient", gradient, t) + Self.operand("input", input, t) + Self.operand("weight", weight, t)
            + Self.operand("weight_gradient", weightGradient, t) + Self.operand("bias_gradient", biasGradient, t)
            + Self.operand("transposed", transposed, t)
        if let g = inputGradient {
            s += Self.operand("input_gradient", g, t) + Self.operand("mask", inputMask, t)
            if let a = inputActivation, a.kind != .linear {
                s += " ⊙ \(Plan.text(a))′ from \(inputSource.rawValue)" + Self.operand("saved", inputSaved, t)
            }
        } else {
            s += " (no input gradient)"
        }
        return s
    }
}
