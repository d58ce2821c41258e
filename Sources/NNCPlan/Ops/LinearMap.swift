/// A fixed linear map of the network's outputs on a grid — an FK table, a
/// sum rule's quadrature weights, a positivity constraint's weights:
/// `output[r] = Σ_o Σ_j matrix[rowOffset + r, o·grid + j] · input[o, column + j]`
/// for r < rows: a matrix-vector product over the `outputs·grid` columns,
/// output-major, of the grid's points (columns `column ..< column + grid` of
/// the input's rows, whose length is `columns.resolve(n)`).
///
/// matrix: (matrixRows, outputs·grid), input: (outputs, C), output: (1, rows).
public struct LinearMapOp: Operation {
    public static let name = "linear_map"
    public var rows: Int
    public var rowOffset: Int
    public var matrixRows: Int
    public var outputs: Int
    public var grid: Int
    public var column: Int
    public var columns: Columns
    public var matrix: TensorID
    public var input: TensorID
    public var output: TensorID

    public init(rows: Int, rowOffset: Int, matrixRows: Int, outputs: Int, grid: Int, column: Int, columns: Columns,
                matrix: TensorID, input: TensorID, output: TensorID) {
        self.rows = rows
        self.rowOffset = rowOffset
        self.matrixRows = matrixRows
        self.outputs = outputs
        self.grid = grid
        self.column = column
        self.columns = columns
        self.matrix = matrix
        self.input = input
        self.output = output
    }

    public var reads: [TensorID] { [matrix, input] }
    public var writes: [TensorID] { [output] }
    public func flops(batch _: Int) -> Int { FlopCount.mul(2, FlopCount.mul(rows, outputs * grid)) }

    public func footprint(batch n: Int) -> [(TensorID, Int)] {
        [(matrix, (rowOffset + rows) * outputs * grid), (input, max(outputs - 1, 0) * columns.resolve(n) + column + grid),
         (output, rows)]
    }

    public func mapTensors(_ f: (TensorID) -> TensorID) -> LinearMapOp {
        var o = self
        o.matrix = f(matrix); o.input = f(input); o.output = f(output)
        return o
    }

    public func describe(_ t: (TensorID) -> String) -> String {
        "rows \(rowOffset)..<\(rowOffset + rows) × \(outputs)·\(grid) on columns \(column)…:" + Self.operand("matrix", matrix, t)
            + Self.operand("input", input, t) + Self.operand("output", output, t)
    }
}

/// Backward through `linear_map`: `inputGradient[o, column + j] += Σ_r
/// matrix[rowOffset + r, o·grid + j] · gradient[r]` — added, since several
/// maps may read the same grid (the gradient is zeroed first).
public struct LinearMapBackwardOp: Operation {
    public static let name = "linear_map_backward"
    public var rows: Int
    public var rowOffset: Int
    public var matrixRows: Int
    public var outputs: Int
    public var grid: Int
    public var column: Int
    public var columns: Columns
    public var matrix: TensorID
    public var gradient: TensorID
    public var inputGradient: TensorID

    public init(_ f: LinearMapOp, gradient: TensorID, inputGradient: TensorID) {
        rows = f.rows
        rowOffset = f.rowOffset
        matrixRows = f.matrixRows
        outputs = f.outputs
        grid = f.grid
        column = f.column
        columns = f.columns
        matrix = f.matrix
        self.gradient = gradient
        self.inputGradient = inputGradient
    }

    public var reads: [TensorID] { [matrix, gradient, inputGradient] }
    public var writes: [TensorID] { [inputGradient] }
    public func flops(batch _: Int) -> Int { FlopCount.mul(2, FlopCount.mul(rows, outputs * grid)) }

    public func footprint(batch n: Int) -> [(TensorID, Int)] {
        [(matrix, (rowOffset + rows) * outputs * grid), (gradient, rows),
         (inputGradient, max(outputs - 1, 0) * columns.resolve(n) + column + grid)]
    }

    public func mapTensors(_ f: (TensorID) -> TensorID) -> LinearMapBackwardOp {
        var o = self
        o.matrix = f(matrix); o.gradient = f(gradient); o.inputGradient = f(inputGradient)
        return o
    }

    public func describe(_ t: (TensorID) -> String) -> String {
        "rows \(rowOffset)..<\(rowOffset + rows) × \(outputs)·\(grid) onto columns \(column)…:" + Self.operand("matrix", matrix, t)
            + Self.operand("gradient", gradient, t) + Self.operand("input_gradient", inputGradient, t)
    }
}
