import NNCDiagnostics
import NNCSpec

/// What a rule sees beside the spec: facts that several rules need, computed
/// once, and facts about the data that the spec alone does not give. Errors
/// and warnings get the same context, so they never disagree about the data.
public struct RuleContext: Sendable {
    /// Most points a generated data set may have; beyond this the grid is a mistake.
    public static let maxGeneratedPoints = 10_000_000

    public var spec: Spec
    /// Points the data source gives before any validation split: the generated
    /// grid's size, or the data rows of the training CSV. Nil when unknown (an
    /// unreadable file, a poisoned part) or when the grid exceeds `maxGeneratedPoints`.
    public var totalPoints: Int?
    /// Points left for training after the validation split; nil when unknown.
    public var trainingPoints: Int?
    /// Points in the validation set; nil when unknown or when there is none.
    public var validationPoints: Int?
    /// The smallest and largest value of each output column of the training
    /// data, by output name, when the caller read the data (a CSV); nil otherwise.
    public var targetRanges: [String: ClosedRange<Double>]?

    /// The facts of a spec, which may be recovered from decoding errors: a
    /// count that depends on a poisoned part is unknown (nil), so no rule
    /// judges a size against a stand-in. `totalPoints` overrides the count
    /// read from the spec's data (tests, callers that read the data already).
    public init(
        spec: Spec, poison: SpecPoison = SpecPoison(), totalPoints: Int? = nil,
        targetRanges: [String: ClosedRange<Double>]? = nil
    ) {
        self.spec = spec
        self.targetRanges = targetRanges
        if let totalPoints {
            self.totalPoints = totalPoints
        } else {
            switch spec.data.source {
            case .generate(let g):
                self.totalPoints = poison.contains("data.generate.sampling") ? nil : Self.gridSize(g)
            case .csv(let csv):
                self.totalPoints = poison.contains("data.train") ? nil : CSVHeader.countRows(csv.resolvedPath)
            case .none:
                // Observables only: their points are in files the data stage reads.
                self.totalPoints = nil
            }
        }
        if poison.contains("data.validation") { return }
        switch spec.data.validation {
        case nil:
            trainingPoints = self.totalPoints
        case .fraction(let f, _)?:
            if let n = self.totalPoints, f.value > 0, f.value < 1 {
                let v = Self.validationCount(points: n, fraction: f.value)
                validationPoints = v
                trainingPoints = n - v
            }
        case .csv(let csv)?:
            trainingPoints = self.totalPoints
            validationPoints = CSVHeader.countRows(csv.resolvedPath)
        }
    }

    /// The product of the per-input point counts, or nil when a count is below
    /// 2 (an error of its own, which should not cascade into split errors) or
    /// the product exceeds `maxGeneratedPoints` (never overflows).
    public static func gridSize(_ g: Generate) -> Int? {
        var n = 1
        for s in g.sampling {
            guard s.points.value >= 2 else { return nil }
            let (p, overflow) = n.multipliedReportingOverflow(by: s.points.value)
            guard !overflow, p <= maxGeneratedPoints else { return nil }
            n = p
        }
        return n
    }

    /// How many of `points` a validation `fraction` takes: the fraction of the
    /// points rounded to the nearest integer (halves up). The data loader uses
    /// the same rule, so the checker's counts are the loader's counts.
    public static func validationCount(points: Int, fraction: Double) -> Int {
        Int((Double(points) * fraction).rounded(.toNearestOrAwayFromZero))
    }

    /// The layers before the output layer.
    public var hiddenLayers: ArraySlice<Layer> { spec.network.layers.dropLast() }

    /// The output layer, if the network has any layer.
    public var outputLayer: Layer? { spec.network.layers.last }

    /// The number of trainable parameters: weights and biases of every dense layer.
    public var parameterCount: Int { parameterCounts.reduce(0, +) }

    /// The parameters of each layer, in order.
    public var parameterCounts: [Int] {
        var fanIn = spec.inputs.count
        return spec.network.layers.map { layer in
            let units = max(layer.units.value, 0)
            defer { fanIn = units }
            return fanIn * units + (layer.bias.value ? units : 0)
        }
    }
}
