/// Preprocessing of every output: `output[o, c] = x_c^a_o · (1 − x_c)^b_o · input[o, c]`,
/// x the row `inputRow` of `x` (a raw input variable in (0, 1)), a and b one
/// exponent per output. The factor x^a (1 − x)^b goes to `factor` and the
/// logarithms ln x, ln(1 − x) to the two rows of `logs`, for the backward.
///
/// x: (inputs, C), input, output, factor: (outputs, C), logs: (2, C), a, b: (outputs).
public struct PreprocessOp: Operation {
    public static let name = "preprocess"
    public var outputs: Int
    public var inputRow: Int
    public var columns: Columns
    public var x: TensorID
    public var a: TensorID
    public var b: TensorID
    public var input: TensorID
    public var factor: TensorID
    public var logs: TensorID
    public var output: TensorID

    public init(outputs: Int, inputRow: Int, columns: Columns, x: TensorID, a: TensorID, b: TensorID, input: TensorID,
                factor: TensorID, logs: TensorID, output: TensorID) {
        self.outputs = outputs
        self.inputRow = inputRow
        self.columns = columns
        self.x = x
        self.a = a
        self.b = b
        self.input = input
        self.factor = factor
        self.logs = logs
        self.output = output
    }

    public var reads: [TensorID] { [x, a, b, input] }
    public var writes: [TensorID] { [factor, logs, output] }

    /// Two logarithms a point, then per output two multiply-adds, one exponential and one product.
    public func flops(batch n: Int) -> Int {
        let c = columns.resolve(n)
        return FlopCount.add(FlopCount.mul(2, c), FlopCount.mul(6, FlopCount.mul(outputs, c)))
    }

    public func footprint(batch n: Int) -> [(TensorID, Int)] {
        let c = columns.resolve(n)
        return [(x, (inputRow + 1) * c), (a, outputs), (b, outputs), (input, outputs * c), (factor, outputs * c),
                (logs, 2 * c), (output, outputs * c)]
    }

    public func mapTensors(_ f: (TensorID) -> TensorID) -> PreprocessOp {
        var o = self
        o.x = f(x); o.a = f(a); o.b = f(b); o.input = f(input); o.factor = f(factor); o.logs = f(logs); o.output = f(output)
        return o
    }

    public func describe(_ t: (TensorID) -> String) -> String {
        "\(outputs) outputs by x^a (1 − x)^b, x = row \(inputRow):" + Self.operand("x", x, t) + Self.operand("a", a, t)
            + Self.operand("b", b, t) + Self.operand("input", input, t) + Self.operand("factor", factor, t)
            + Self.operand("logs", logs, t) + Self.operand("output", output, t)
    }
}

/// Backward through `preprocess`, in place on `gradient` (∂L/∂output becomes
/// ∂L/∂input = gradient ⊙ factor) and, for trainable exponents, into their
/// gradients: ∂L/∂a_o = Σ_c gradient·output·ln x_c, ∂L/∂b_o = Σ_c gradient·output·ln(1 − x_c).
///
/// gradient, output, factor: (outputs, C), logs: (2, C), aGradient, bGradient: (outputs).
public struct PreprocessBackwardOp: Operation {
    public static let name = "preprocess_backward"
    public var outputs: Int
    public var columns: Columns
    public var gradient: TensorID
    public var output: TensorID
    public var factor: TensorID
    public var logs: TensorID
    public var aGradient: TensorID?
    public var bGradient: TensorID?

    public init(outputs: Int, columns: Columns, gradient: TensorID, output: TensorID, factor: TensorID, logs: TensorID,
                aGradient: TensorID?, bGradient: TensorID?) {
        self.outputs = outputs
        self.columns = columns
        self.gradient = gradient
        self.output = output
        self.factor = factor
        self.logs = logs
        self.aGradient = aGradient
        self.bGradient = bGradient
    }

    public var reads: [TensorID] { [gradient, output, factor, logs] }
    public var writes: [TensorID] { [gradient] + [aGradient, bGradient].compactMap { $0 } }

    public func flops(batch n: Int) -> Int {
        FlopCount.mul(aGradient == nil ? 1 : 5, FlopCount.mul(outputs, columns.resolve(n)))
    }

    public func footprint(batch n: Int) -> [(TensorID, Int)] {
        let c = columns.resolve(n)
        var out = [(gradient, outputs * c), (output, outputs * c), (factor, outputs * c), (logs, 2 * c)]
        for t in [aGradient, bGradient] { if let t { out.append((t, outputs)) } }
        return out
    }

    public func mapTensors(_ f: (TensorID) -> TensorID) -> PreprocessBackwardOp {
        var o = self
        o.gradient = f(gradient); o.output = f(output); o.factor = f(factor); o.logs = f(logs)
        o.aGradient = aGradient.map(f); o.bGradient = bGradient.map(f)
        return o
    }

    public func describe(_ t: (TensorID) -> String) -> String {
        "\(outputs) outputs:" + Self.operand("gradient", gradient, t) + Self.operand("output", output, t)
            + Self.operand("factor", factor, t) + Self.operand("logs", logs, t)
            + Self.operand("a_gradient", aGradient, t) + Self.operand("b_gradient", bGradient, t)
    }
}
