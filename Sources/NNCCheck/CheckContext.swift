import NNCDiagnostics
import NNCSpec

/// Facts about a spec that several rules need, computed once.
public struct CheckContext: Sendable {
    /// Most points a generated data set may have; beyond this the grid is a mistake.
    public static let maxGeneratedPoints = 10_000_000

    /// Points the data source gives before any validation split: the generated
    /// grid's size, or the data rows of the training CSV. Nil when unknown (an
    /// unreadable file) or when the grid exceeds `maxGeneratedPoints`.
    public var totalPoints: Int?
    /// Points left for training after the validation split; nil when unknown.
    public var trainingPoints: Int?
    /// Points in the validation set; nil when unknown or when there is none.
    public var validationPoints: Int?

    public init(spec: Spec) {
        self.init(spec: spec, poison: SpecPoison())
    }

    /// The facts of a spec recovered from decoding errors: a count that
    /// depends on a poisoned part is unknown (nil), so no rule judges a size
    /// against a stand-in.
    public init(spec: Spec, poison: SpecPoison) {
        switch spec.data.source {
        case .generate(let g):
            totalPoints = poison.contains("data.generate.sampling") ? nil : Self.gridSize(g)
        case .csv(let csv):
            totalPoints = poison.contains("data.train") ? nil : CSVHeader.countRows(csv.resolvedPath)
        case .none:
            totalPoints = 0
        }
        if poison.contains("data.validation") {
            trainingPoints = nil
            validationPoints = nil
            return
        }
        switch spec.data.validation {
        case nil:
            trainingPoints = totalPoints
        case .fraction(let f, _)?:
            if let n = totalPoints, f.value > 0, f.value < 1 {
                let v = Self.validationCount(points: n, fraction: f.value)
                validationPoints = v
                trainingPoints = n - v
            }
        case .csv(let csv)?:
            trainingPoints = totalPoints
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
}
