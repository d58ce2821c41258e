import Foundation
import NNCDiagnostics
import NNCSpec

/// W0201: a sigmoid or tanh output layer trained with a regression loss on
/// targets that leave the activation's range.
///
/// sigmoid's outputs lie in (0, 1) and tanh's in (-1, 1); a target outside can
/// never be reached, and near the bounds the pre-activation is pushed towards
/// infinity where the slope vanishes. For generated data the rule evaluates the
/// truth on the sampling grid (plus three standard deviations of noise); for a
/// CSV it uses the column's range when the caller read it; when the targets are
/// unknown it warns, since nothing guarantees they fit.
public enum BoundedOutputRegressionRule: Rule {
    /// Noise is taken into account up to this many standard deviations.
    public static let noiseSigmas = 3.0
    /// The truth is evaluated on at most this many grid points.
    public static let maxGridPoints = 10_000

    public static let code: DiagnosticCode = .boundedOutputRegression
    public static let name = "bounded-output-regression"
    public static let rationale = """
        A sigmoid output lies in (0, 1) and a tanh output in (-1, 1); with a regression loss \
        targets outside that range can never be fitted. Use a linear output, or rescale the targets.
        """
    public static let reads = ["network.layers.last.activation", "training.loss", "outputs", "data.train", "data.generate.truth", "data.generate.sampling", "data.generate.noise"]

    public static let triggering: [RuleExample] = [
        RuleExample(network: """
            layers:
              - {dense: 16, activation: tanh}
              - {dense: 1, activation: ↓sigmoid}
            """, data: """
            generate:
              truth: "2 * x + 0.5"
              x: {linspace: [0, 1], points: 100}
              seed: 1
            validation: {fraction: 0.25, seed: 2}
            """),
        // The truth stays inside (-1, 1) but the noise does not.
        RuleExample(network: """
            layers:
              - {dense: 16, activation: tanh}
              - dense: 1
                activation: ↓tanh
            """, data: """
            generate:
              truth: "0.95 * sin(6 * x)"
              x: {linspace: [0, 1], points: 100}
              noise: {absolute: 0.1}
              seed: 1
            validation: {fraction: 0.25, seed: 2}
            """),
    ]
    public static let nonTriggering: [RuleExample] = [
        RuleExample(network: """
            layers:
              - {dense: 16, activation: tanh}
              - {dense: 1, activation: sigmoid}
            """, data: """
            generate:
              truth: "0.5 + 0.3 * sin(3 * x)"
              x: {linspace: [0, 1], points: 100}
              noise: {relative: 0.05}
              seed: 1
            validation: {fraction: 0.25, seed: 2}
            """),
        RuleExample(network: """
            layers:
              - {dense: 16, activation: tanh}
              - {dense: 1, activation: linear}
            """, data: """
            generate:
              truth: "10 * x"
              x: {linspace: [0, 1], points: 100}
              seed: 1
            validation: {fraction: 0.25, seed: 2}
            """),
    ]

    public static func check(_ spec: Spec, _ context: RuleContext) -> [Diagnostic] {
        guard let output = context.outputLayer else { return [] }
        let bounds: ClosedRange<Double>
        switch output.activation.value.kind {
        case .sigmoid: bounds = 0...1
        case .tanh: bounds = -1...1
        default: return []
        }
        let loss = context.spec.training.loss.value.kind
        guard [.mse, .mae, .huber, .chi2].contains(loss) else { return [] }
        let activation = output.activation.value.kind.rawValue
        let interval = bounds.lowerBound == 0 ? "(0, 1)" : "(-1, 1)"
        let message = "\(activation) output with \(loss.rawValue) loss: \(activation) only reaches \(interval)"
        let fixNote = DiagnosticNote("use activation: linear for the output layer, or rescale the targets into \(interval)")
        guard let ranges = targetRanges(context) else {
            return [
                finding(
                    at: output.activation.span,
                    message + ", and the targets may not fit in it",
                    label: "bounded output",
                    notes: [DiagnosticNote("nnc cannot see the targets' range here"), fixNote])
            ]
        }
        var outside: [String] = []
        for (name, range) in ranges.sorted(by: { $0.key < $1.key }) where !bounds.contains(range.lowerBound)
            || !bounds.contains(range.upperBound)
        {
            outside.append("'\(name)' reaches [\(Self.format(range.lowerBound)), \(Self.format(range.upperBound))]")
        }
        guard !outside.isEmpty else { return [] }
        return [
            finding(
                at: output.activation.span,
                message + ", but the targets leave it",
                label: "bounded output",
                notes: outside.map { DiagnosticNote("target \($0)") } + [fixNote])
        ]
    }

    /// The range of each output's targets: read by the caller, or evaluated
    /// from the truth on the sampling grid with the noise's 3σ margin.
    static func targetRanges(_ context: RuleContext) -> [String: ClosedRange<Double>]? {
        if let known = context.targetRanges { return known }
        guard case .generate(let g) = context.spec.data.source else { return nil }
        let grid = Self.grid(g.sampling, maxPoints: Self.maxGridPoints)
        guard !grid.isEmpty else { return nil }
        var result: [String: ClosedRange<Double>] = [:]
        for truth in g.truth {
            var lo = Double.infinity
            var hi = -Double.infinity
            for point in grid {
                let y = truth.expression.evaluate { point[$0] ?? .nan }
                guard y.isFinite else { continue }
                var margin = 0.0
                if let noise = g.noise?.value {
                    let sigma = noise.kind == .relative ? noise.scale * Swift.abs(y) : noise.scale
                    margin = Self.noiseSigmas * Swift.abs(sigma)
                }
                lo = Swift.min(lo, y - margin)
                hi = Swift.max(hi, y + margin)
            }
            guard lo <= hi else { return nil }
            result[truth.output] = lo...hi
        }
        return result
    }

    /// The Cartesian grid of the sampled variables, thinned evenly so it has
    /// at most `maxPoints` points. `uniform` sampling is stood in for by an even grid.
    static func grid(_ sampling: [Sampling], maxPoints: Int) -> [[String: Double]] {
        guard !sampling.isEmpty else { return [] }
        let perAxis = Swift.max(2, Int(Foundation.pow(Double(maxPoints), 1 / Double(sampling.count))))
        var points: [[String: Double]] = [[:]]
        for s in sampling {
            let n = Swift.max(1, Swift.min(s.points.value, perAxis))
            let a = s.lower.value
            let b = s.upper.value
            var values: [Double] = []
            for i in 0..<n {
                let t = n == 1 ? 0 : Double(i) / Double(n - 1)
                if s.kind.value == .logspace {
                    guard a > 0, b > 0 else { return [] }
                    values.append(Foundation.exp(Foundation.log(a) + t * (Foundation.log(b) - Foundation.log(a))))
                } else {
                    values.append(a + t * (b - a))
                }
            }
            var next: [[String: Double]] = []
            next.reserveCapacity(points.count * values.count)
            for p in points {
                for v in values {
                    var q = p
                    q[s.variable.value] = v
                    next.append(q)
                }
            }
            points = next
        }
        return points
    }

    static func format(_ x: Double) -> String {
        formatNumber(Double(String(format: "%.3g", x)) ?? x)
    }
}
