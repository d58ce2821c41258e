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
        let b = indices.count
        inputs.withUnsafeBufferPointer { src in
            for f in 0..<inputCount {
                let row = src.baseAddress! + f * count
                var k = 0
                for i in indices {
                    x[f * b + k] = row[i]
                    k += 1
                }
            }
        }
        if let y, !targets.isEmpty {
            targets.withUnsafeBufferPointer { src in
                for o in 0..<outputCount {
                    let row = src.baseAddress! + o * count
                    var k = 0
                    for i in indices {
                        y[o * b + k] = row[i]
                        k += 1
                    }
                }
            }
        }
        if let sigma, let sigmas {
            sigmas.withUnsafeBufferPointer { src in
                for o in 0..<outputCount {
                    let row = src.baseAddress! + o * count
                    var k = 0
                    for i in indices {
                        sigma[o * b + k] = row[i]
                        k += 1
                    }
                }
            }
        }
    }
}
