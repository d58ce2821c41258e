/// `output = [fixed | batch]` row by row: the network's input on a training
/// step that evaluates fixed grids and the batch's points in one pass. Row f
/// of the output is row f of `fixed` (its `fixedColumns` columns) followed by
/// row f of `batch` (n columns).
///
/// fixed: (rows, G), batch: (rows, n), output: (rows, G + n).
public struct ConcatOp: Operation {
    public static let name = "concat"
    public var rows: Int
    public var fixedColumns: Int
    public var fixed: TensorID
    public var batch: TensorID
    public var output: TensorID

    public init(rows: Int, fixedColumns: Int, fixed: TensorID, batch: TensorID, output: TensorID) {
        self.rows = rows
        self.fixedColumns = fixedColumns
        self.fixed = fixed
        self.batch = batch
        self.output = output
    }

    public var reads: [TensorID] { [fixed, batch] }
    public var writes: [TensorID] { [output] }
    public func flops(batch _: Int) -> Int { 0 }

    public func footprint(batch n: Int) -> [(TensorID, Int)] {
        [(fixed, rows * fixedColumns), (batch, rows * n), (output, rows * (fixedColumns + n))]
    }

    public func mapTensors(_ f: (TensorID) -> TensorID) -> ConcatOp {
        var o = self
        o.fixed = f(fixed); o.batch = f(batch); o.output = f(output)
        return o
    }

    public func describe(_ t: (TensorID) -> String) -> String {
        "\(rows) rows, \(fixedColumns) fixed columns then the batch:" + Self.operand("fixed", fixed, t)
            + Self.operand("batch", batch, t) + Self.operand("output", output, t)
    }
}

/// `tensor = 0` over its first `count` floats: a gradient that several
/// instructions add into (the network's output seen by several observables
/// on shared grids) starts from zero.
public struct ZeroOp: Operation {
    public static let name = "zero"
    public var rows: Int
    public var columns: Columns
    public var tensor: TensorID

    public init(rows: Int, columns: Columns, tensor: TensorID) {
        self.rows = rows
        self.columns = columns
        self.tensor = tensor
    }

    public var reads: [TensorID] { [] }
    public var writes: [TensorID] { [tensor] }
    public func flops(batch _: Int) -> Int { 0 }
    public func footprint(batch n: Int) -> [(TensorID, Int)] { [(tensor, rows * columns.resolve(n))] }

    public func mapTensors(_ f: (TensorID) -> TensorID) -> ZeroOp {
        var o = self
        o.tensor = f(tensor)
        return o
    }

    public func describe(_ t: (TensorID) -> String) -> String {
        ":" + Self.operand("tensor", tensor, t)
    }
}

/// Keeps a bounded parameter inside [lower, upper] after each update
/// (projected gradient descent): the preprocessing exponents.
public struct ClampOp: Operation {
    public static let name = "clamp"
    public var count: Int
    public var lower: Double
    public var upper: Double
    public var parameter: TensorID

    public init(count: Int, lower: Double, upper: Double, parameter: TensorID) {
        self.count = count
        self.lower = lower
        self.upper = upper
        self.parameter = parameter
    }

    public var reads: [TensorID] { [parameter] }
    public var writes: [TensorID] { [parameter] }
    public func flops(batch _: Int) -> Int { FlopCount.mul(2, count) }
    public func footprint(batch _: Int) -> [(TensorID, Int)] { [(parameter, count)] }

    public func mapTensors(_ f: (TensorID) -> TensorID) -> ClampOp {
        var o = self
        o.parameter = f(parameter)
        return o
    }

    public func describe(_ t: (TensorID) -> String) -> String {
        " to [\(Plan.number(lower)), \(Plan.number(upper))]:" + Self.operand("parameter", parameter, t)
    }
}
