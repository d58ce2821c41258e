import NNCDiagnostics
import NNCSpec
import NNCSyntax

/// What a rule sees: the decoded spec, facts about its data that the spec
/// alone does not give, and the located YAML tree for pointing inside values.
public struct RuleContext {
    public var spec: Spec
    /// The number of data points before any validation split, when known:
    /// the generated grid's size, or the rows of the training CSV counted by the caller.
    public var dataPoints: Int?
    /// The smallest and largest value of each output column of the training
    /// data, by output name, when the caller read the data (a CSV); nil otherwise.
    public var targetRanges: [String: ClosedRange<Double>]?
    /// The root of a file's YAML tree, by path; used to find the span of a key
    /// nested inside a value the spec keeps only as a whole (`learning_rate`
    /// inside `optimizer`). Returning nil is fine: findings then point at the whole value.
    public var tree: (String) -> Node?

    public init(
        spec: Spec, dataPoints: Int? = nil, targetRanges: [String: ClosedRange<Double>]? = nil,
        tree: @escaping (String) -> Node? = { _ in nil }
    ) {
        self.spec = spec
        self.targetRanges = targetRanges
        self.tree = tree
        if let dataPoints {
            self.dataPoints = dataPoints
        } else if case .generate(let g) = spec.data.source {
            self.dataPoints = g.pointCount
        } else {
            self.dataPoints = nil
        }
    }

    /// The points left for training after the validation split, when known.
    /// A fraction split keeps `round(n * fraction)` points for validation.
    public var trainingPoints: Int? {
        guard let n = dataPoints else { return nil }
        switch spec.data.validation {
        case .fraction(let f, _):
            let held = Int((Double(n) * min(max(f.value, 0), 1)).rounded())
            return max(n - held, 0)
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

    /// The span of the value of `key` somewhere inside the value at `span`
    /// (searched depth first), or `span` itself when the key was not written
    /// or the tree is not available.
    public func span(ofKey key: String, inside span: SourceSpan) -> SourceSpan {
        guard let root = tree(span.file), let node = Self.node(at: span, in: root),
            let found = Self.value(ofKey: key, in: node)
        else { return span }
        return found.reportSpan
    }

    static func node(at span: SourceSpan, in node: Node) -> Node? {
        if node.span == span { return node }
        guard node.span.start <= span.start, span.end <= node.span.end else { return nil }
        switch node.kind {
        case .scalar: return nil
        case .sequence(let items):
            for item in items {
                if let n = Self.node(at: span, in: item) { return n }
            }
        case .mapping(let entries):
            for entry in entries {
                if let n = Self.node(at: span, in: entry.value) { return n }
            }
        }
        return nil
    }

    static func value(ofKey key: String, in node: Node) -> Node? {
        switch node.kind {
        case .scalar: return nil
        case .sequence(let items):
            for item in items {
                if let v = value(ofKey: key, in: item) { return v }
            }
        case .mapping(let entries):
            if let e = entries.first(where: { $0.key.scalar?.value == key }) { return e.value }
            for entry in entries {
                if let v = value(ofKey: key, in: entry.value) { return v }
            }
        }
        return nil
    }
}
