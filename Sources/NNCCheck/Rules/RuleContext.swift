import NNCDiagnostics
import NNCSpec

/// What a rule sees: the decoded spec and facts about its data that the spec
/// alone does not give. Point counts come from the checker's `CheckContext`,
/// so a warning and an error never disagree about the data.
public struct RuleContext {
    public var spec: Spec
    /// The number of data points before any validation split, when known:
    /// the generated grid's size, or the rows of the training CSV.
    public var dataPoints: Int?
    /// The smallest and largest value of each output column of the training
    /// data, by output name, when the caller read the data (a CSV); nil otherwise.
    public var targetRanges: [String: ClosedRange<Double>]?

    public init(spec: Spec, dataPoints: Int? = nil, targetRanges: [String: ClosedRange<Double>]? = nil) {
        self.spec = spec
        self.targetRanges = targetRanges
        self.dataPoints = dataPoints ?? CheckContext(spec: spec).totalPoints
    }

    /// The points left for training after the validation split, when known;
    /// the split is counted as the checker and the data loader count it.
    public var trainingPoints: Int? {
        guard let n = dataPoints else { return nil }
        switch spec.data.validation {
        case .fraction(let f, _):
            guard f.value > 0, f.value < 1 else { return nil }
            return max(n - CheckContext.validationCount(points: n, fraction: f.value), 0)
        case .csv, nil:
            return n
        }
    }

    /// The layers before the output layer.
    public var hiddenLayers: ArraySlice<Layer> { spec.network.layers.dropLast() }

    /// The output layer, if the network has any layer.
    public var outputLayer: Layer? { spec.network.layers.last }

    /// The number of trainable parameters: weights and biases of every dense layer.
    public var parameterCount: Int {
        var fanIn = spec.inputs.count
        var total = 0
        for layer in spec.network.layers {
            let units = max(layer.units.value, 0)
            total += fanIn * units + (layer.bias.value ? units : 0)
            fanIn = units
        }
        return total
    }

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
