/// Inverted dropout, training only: draw `mask` (0 with probability `rate`,
/// else 1/(1 − rate)) from the interpreter's seeded generator and write
/// `output = input ⊙ mask`.
///
/// input, mask, output: (features, C).
public struct DropoutOp: Operation {
    public static let name = "dropout"
    public var layer: Int
    public var features: Int
    public var columns: Columns
    public var rate: Double
    public var input: TensorID
    public var mask: TensorID
    public var output: TensorID

    public init(layer: Int, features: Int, columns: Columns, rate: Double, input: TensorID, mask: TensorID, output: TensorID) {
        self.layer = layer
        self.features = features
        self.columns = columns
        self.rate = rate
        self.input = input
        self.mask = mask
        self.output = output
    }

    public var reads: [TensorID] { [input] }
    public var writes: [TensorID] { [mask, output] }

    public func flops(batch n: Int) -> Int { FlopCount.mul(features, columns.resolve(n)) }

    public func mapTensors(_ f: (TensorID) -> TensorID) -> DropoutOp {
        var o = self
        o.input = f(input); o.mask = f(mask); o.output = f(output)
        return o
    }

    public func footprint(batch n: Int) -> [(TensorID, Int)] {
        let e = features * columns.resolve(n)
        return [(input, e), (mask, e), (output, e)]
    }

    public func describe(_ t: (TensorID) -> String) -> String {
        "layer \(layer) rate \(Plan.number(rate)):" + Self.operand("input", input, t) + Self.operand("mask", mask, t)
            + Self.operand("output", output, t)
    }
}

/// `gradient ⊙= mask`, in place: dropout's backward where no GEMM epilogue took it.
///
/// gradient, mask: (features, C).
public struct MaskOp: Operation {
    public static let name = "mask"
    public var layer: Int
    public var features: Int
    public var columns: Columns
    public var mask: TensorID
    public var gradient: TensorID

    public init(layer: Int, features: Int, columns: Columns, mask: TensorID, gradient: TensorID) {
        self.layer = layer
        self.features = features
        self.columns = columns
        self.mask = mask
        self.gradient = gradient
    }

    public var reads: [TensorID] { [mask, gradient] }
    public var writes: [TensorID] { [gradient] }

    public func flops(batch n: Int) -> Int { FlopCount.mul(features, columns.resolve(n)) }

    public func mapTensors(_ f: (TensorID) -> TensorID) -> MaskOp {
        var o = self
        o.mask = f(mask); o.gradient = f(gradient)
        return o
    }

    public func footprint(batch n: Int) -> [(TensorID, Int)] {
        [(mask, features * columns.resolve(n)), (gradient, features * columns.resolve(n))]
    }

    public func describe(_ t: (TensorID) -> String) -> String {
        "layer \(layer):" + Self.operand("mask", mask, t) + Self.operand("gradient", gradient, t)
    }
}
