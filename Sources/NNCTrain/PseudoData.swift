import Foundation
import NNCDiagnostics
import NNCRuntime
import NNCSpec

/// Pseudo-data from `data.generate`: the truth evaluated on sampled points,
/// plus seeded Gaussian noise. This is the data of a closure test, where the
/// fit can be compared with the function that made the data.
///
/// - Each variable is sampled on its own: `linspace` (evenly spaced, both ends
///   included), `logspace` (evenly spaced in log10, both ends included; the
///   bounds are values, not exponents), `uniform` (seeded, then sorted).
/// - With several variables the points are their Cartesian grid; the first
///   variable varies slowest (row-major order, like NumPy's
///   `meshgrid(indexing="ij")` flattened).
/// - Noise: for point n, output o (n outer, o inner), sigma is
///   `scale * |truth|` (relative) or `scale` (absolute), and the target is
///   `truth + sigma * N(0, 1)`. Sigma is kept per point for chi2 and replicas.
/// - One generator seeded by `generate.seed` draws the uniform samples first
///   (variable by variable), then the noise.
public enum PseudoData {
    public static func generate(_ g: Generate, outputs: [String]) throws -> RawData {
        var rng = RandomGenerator(seed: g.seed.value)
        let samples = g.sampling.map { sample($0, rng: &rng) }
        let variables = g.sampling.map(\.variable.value)
        let total = samples.reduce(1) { $0 * $1.count }

        // The Cartesian grid, first variable slowest.
        var columns = [[Double]](repeating: [], count: samples.count)
        for v in columns.indices { columns[v].reserveCapacity(total) }
        for n in 0..<total {
            var rest = n
            for v in samples.indices.reversed() {
                columns[v].append(samples[v][rest % samples[v].count])
                rest /= samples[v].count
            }
        }

        // The truth, one expression per output, in output order.
        var diagnostics: [Diagnostic] = []
        var truth = [[Double]](repeating: [Double](repeating: 0, count: total), count: outputs.count)
        for (o, name) in outputs.enumerated() {
            guard let t = g.truth.first(where: { $0.output == name }) else {
                diagnostics.append(Diagnostic(
                    .truthNotFinite, span: g.span, message: "no truth expression for output '\(name)'",
                    notes: [DiagnosticNote("give one truth expression per output")]))
                continue
            }
            var bad: [Int] = []
            for n in 0..<total {
                let value = t.expression.evaluate { name in
                    variables.firstIndex(of: name).map { columns[$0][n] } ?? .nan
                }
                truth[o][n] = value
                if !value.isFinite { bad.append(n) }
            }
            if let first = bad.first {
                let data = RawData(variables: variables, columns: columns, outputs: outputs, targets: [], origin: .generated)
                var notes = [DiagnosticNote("the truth must be finite wherever data is generated; narrow the sampling range or change the expression")]
                if bad.count > 1 {
                    notes.insert(DiagnosticNote("\(bad.count) of \(total) points are affected"), at: 0)
                }
                let unknown = t.expression.variables.filter { !variables.contains($0) }
                if !unknown.isEmpty {
                    notes.insert(DiagnosticNote("the expression reads \(unknown.map { "'\($0)'" }.joined(separator: ", ")), which is not sampled"), at: 0)
                }
                diagnostics.append(Diagnostic(
                    .truthNotFinite, span: t.source.span,
                    message: "the truth for '\(name)' is \(truth[o][first]) at \(data.describePoint(first))",
                    label: "not finite here", notes: notes))
            }
        }
        if !diagnostics.isEmpty { throw TrainError(diagnostics) }

        // Noise.
        var targets = truth
        var sigmas: [[Double]]?
        if let noise = g.noise?.value {
            var s = truth
            for n in 0..<total {
                for o in outputs.indices {
                    let sigma = noise.kind == .relative ? noise.scale * abs(truth[o][n]) : noise.scale
                    s[o][n] = sigma
                    targets[o][n] = truth[o][n] + sigma * rng.normal()
                }
            }
            sigmas = s
        }
        return RawData(
            variables: variables, columns: columns, outputs: outputs, targets: targets,
            sigmas: sigmas, truth: truth, origin: .generated)
    }

    /// The sample points of one variable.
    static func sample(_ s: Sampling, rng: inout RandomGenerator) -> [Double] {
        // linspace and logspace: the fixed grid, as constraints use it.
        if let grid = s.gridValues { return grid }
        let n = max(s.points.value, 0)
        let lo = s.lower.value, hi = s.upper.value
        return (0..<n).map { _ in lo + (hi - lo) * rng.uniformDouble() }.sorted()
    }
}
