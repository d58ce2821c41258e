import NNCPlan

/// The weight initialisers' formulas, Keras's (fan_in = inputs, fan_out = outputs):
///
/// | name | distribution |
/// |---|---|
/// | zeros | 0 |
/// | random_uniform(limit) | U(−limit, limit) |
/// | random_normal(stddev) | N(0, stddev²), not truncated (Keras RandomNormal) |
/// | glorot_uniform | U(±√(6/(fan_in+fan_out))) |
/// | glorot_normal | truncated normal, σ = √(2/(fan_in+fan_out)) / 0.8796… |
/// | he_uniform | U(±√(6/fan_in)) |
/// | he_normal | truncated normal, σ = √(2/fan_in) / 0.8796… |
/// | lecun_normal | truncated normal, σ = √(1/fan_in) / 0.8796… |
///
/// "Truncated" is Keras's VarianceScaling: draws beyond 2σ are redrawn, and σ
/// is divided by 0.87962566103423978 (the standard deviation of a unit normal
/// truncated at ±2) so the result has the intended variance. Biases start at zero.
extension Initializer {
    static let truncatedStddev = 0.879_625_661_034_239_78

    /// Fills an outputs×inputs weight matrix.
    public func fill(
        _ w: UnsafeMutablePointer<Float>, inputs: Int, outputs: Int, generator: inout RandomGenerator
    ) {
        let count = inputs * outputs
        let fanIn = Double(max(inputs, 1))
        let fanAverage = Double(max(inputs + outputs, 1)) / 2
        switch kind {
        case .zeros:
            w.update(repeating: 0, count: count)
        case .randomUniform:
            Self.uniform(w, count, limit: scale ?? 0, &generator)
        case .randomNormal:
            let stddev = scale ?? 0
            for i in 0..<count { w[i] = Float(generator.normal() * stddev) }
        case .glorotUniform:
            Self.uniform(w, count, limit: (3 / fanAverage).squareRoot(), &generator)
        case .heUniform:
            Self.uniform(w, count, limit: (6 / fanIn).squareRoot(), &generator)
        case .glorotNormal:
            Self.truncated(w, count, stddev: (1 / fanAverage).squareRoot(), &generator)
        case .heNormal:
            Self.truncated(w, count, stddev: (2 / fanIn).squareRoot(), &generator)
        case .lecunNormal:
            Self.truncated(w, count, stddev: (1 / fanIn).squareRoot(), &generator)
        }
    }

    static func uniform(
        _ w: UnsafeMutablePointer<Float>, _ count: Int, limit: Double, _ g: inout RandomGenerator
    ) {
        for i in 0..<count { w[i] = Float((2 * g.uniformDouble() - 1) * limit) }
    }

    static func truncated(
        _ w: UnsafeMutablePointer<Float>, _ count: Int, stddev: Double, _ g: inout RandomGenerator
    ) {
        let sigma = stddev / truncatedStddev
        for i in 0..<count {
            var x = g.normal()
            while abs(x) > 2 { x = g.normal() }
            w[i] = Float(x * sigma)
        }
    }
}
