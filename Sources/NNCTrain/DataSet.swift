/// Points ready for the network: every input feature computed (derived ones
/// included) and stored as `Float`, feature-major like the interpreter's
/// activation buffers — feature `f` of point `n` is at `f * count + n`.
public struct DataSet: Sendable, Equatable {
    public var inputNames: [String]
    public var outputNames: [String]
    public var count: Int
    /// `[inputs][count]`.
    public var inputs: [Float]
    /// `[outputs][count]`.
    public var targets: [Float]
    /// Per-point uncertainty of each target, `[outputs][count]`, when known.
    public var sigmas: [Float]?
    /// chi2 with a covariance matrix: the covariance of these points' targets
    /// (then `sigmas` is nil).
    public var covariance: DataCovariance?

    public init(inputNames: [String], outputNames: [String], count: Int, inputs: [Float], targets: [Float], sigmas: [Float]? = nil) {
        self.inputNames = inputNames
        self.outputNames = outputNames
        self.count = count
        self.inputs = inputs
        self.targets = targets
        self.sigmas = sigmas
    }

    public var inputCount: Int { inputNames.count }
    public var outputCount: Int { outputNames.count }

    /// Input feature `f` of point `n`.
    public func input(_ f: Int, _ n: Int) -> Float { inputs[f * count + n] }

    /// Target `o` of point `n`.
    public func target(_ o: Int, _ n: Int) -> Float { targets[o * count + n] }

    /// Copies the points `indices` into feature-major batch buffers of
    /// `indices.count` columns: `x` gets `[inputs][batch]`, `y` `[outputs][batch]`
    /// (skipped for prediction data, which has no targets).
    public func gather(
        _ indices: ArraySlice<Int>, x: UnsafeMutablePointer<Float>, y: UnsafeMutablePointer<Float>?,
        sigma: UnsafeMutablePointer<Float>? = nil
    ) {
        Self.gather(indices, rows: inputCount, from: inputs, stride: count, into: x)
        if let y, !targets.isEmpty {
            Self.gather(indices, rows: outputCount, from: targets, stride: count, into: y)
        }
        if let sigma, let sigmas {
            Self.gather(indices, rows: outputCount, from: sigmas, stride: count, into: sigma)
        }
    }

    /// Copies columns `indices` of a `[rows][stride]` matrix into a compact
    /// `[rows][indices.count]` one.
    private static func gather(
        _ indices: ArraySlice<Int>, rows: Int, from source: [Float], stride: Int,
        into destination: UnsafeMutablePointer<Float>
    ) {
        let b = indices.count
        source.withUnsafeBufferPointer { src in
            for r in 0..<rows {
                let row = src.baseAddress! + r * stride
                var k = 0
                for i in indices {
                    destination[r * b + k] = row[i]
                    k += 1
                }
            }
        }
    }
}
