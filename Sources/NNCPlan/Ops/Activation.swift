/// `output = f(input)` on its own, where lowering could not fold it into the
/// epilogue of the GEMM that produced its input.
///
/// input, output: (features, C).
public struct ActivationOp: Operation {
    public static let name = "activation"
    public var layer: Int
    public var features: Int
    public var columns: Columns
    public var activation: Activation
    public var input: TensorID
    public var output: TensorID

    public init(layer: Int, features: Int, columns: Columns, activation: Activation, input: TensorID, output: TensorID) {
        self.layer = layer
        self.features = features
        self.columns = columns
        self.activation = activation
        self.input = input
        self.output = output
    }

    public var reads: [TensorID] { [input] }
    public var writes: [TensorID] { [output] }

    public func flops(batch n: Int) -> Int {
        FlopCount.activation(activation.kind, elements: FlopCount.mul(features, columns.resolve(n)))
    }

    public func mapTensors(_ f: (TensorID) -> TensorID) -> ActivationOp {
        var o = self
        o.input = f(input); o.output = f(output)
        return o
    }

    public func footprint(batch n: Int) -> [(TensorID, Int)] {
        [(input, features * columns.resolve(n)), (output, features * columns.resolve(n))]
    }

    public func describe(_ t: (TensorID) -> String) -> String {
        "layer \(layer) \(Plan.text(activation)):" + Self.operand("input", input, t) + Self.operand("output", output, t)
    }
}

/// `gradient ⊙= f′`, in place: the gradient with respect to an activation's
/// output becomes the gradient with respect to its input, with f′ taken from
/// `saved` (the output or the pre-activation, as `source` says) — where no
/// GEMM epilogue took it (the top layer's, when the loss is not fused).
///
/// gradient, saved: (features, C).
public struct ActivationBackwardOp: Operation {
    public static let name = "activation_backward"
    public var layer: Int
    public var features: Int
    public var columns: Columns
    public var activation: Activation
    public var source: DerivativeSource
    public var saved: TensorID
    public var gradient: TensorID

    public init(layer: Int, features: Int, columns: Columns, activation: Activation, source: DerivativeSource,
                saved: TensorID, gradient: TensorID) {
        self.layer = layer
        self.features = features
        self.columns = columns
        self.activation = activation
        self.source = source
        self.saved = saved
        self.gradient = gradient
    }

    public var reads: [TensorID] { [saved, gradient] }
    public var writes: [TensorID] { [gradient] }

    public func flops(batch n: Int) -> Int {
        activation.kind == .linear ? 0 : FlopCount.mul(2, FlopCount.mul(features, columns.resolve(n)))
    }

    public func mapTensors(_ f: (TensorID) -> TensorID) -> ActivationBackwardOp {
        var o = self
        o.saved = f(saved); o.gradient = f(gradient)
        return o
    }

    public func footprint(batch n: Int) -> [(TensorID, Int)] {
        [(saved, features * columns.resolve(n)), (gradient, features * columns.resolve(n))]
    }

    public func describe(_ t: (TensorID) -> String) -> String {
        "layer \(layer) \(Plan.text(activation))′ from \(source.rawValue):" + Self.operand("saved", saved, t)
            + Self.operand("gradient", gradient, t)
    }
}
