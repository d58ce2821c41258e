/// Builds an `ONNXGraph` node by node, naming every intermediate tensor
/// uniquely (`nnc/<what>_<k>`), so the exporter's stages only say what they compute.
struct ONNXGraphBuilder {
    var graph: ONNXGraph
    private var counter = 0

    init(name: String) {
        graph = ONNXGraph(name: name)
    }

    mutating func fresh(_ what: String) -> String {
        counter += 1
        return "nnc/\(what)_\(counter)"
    }

    /// Adds a node and returns the name of its (single) output; `output` names it explicitly (a graph output).
    @discardableResult
    mutating func node(_ op: String, _ inputs: [String], _ attributes: [ONNXAttribute] = [], output: String? = nil) -> String {
        let out = output ?? fresh(op.lowercased())
        graph.nodes.append(ONNXNode(op: op, inputs: inputs, outputs: [out], name: out + "/" + op, attributes: attributes))
        return out
    }

    /// A float32 constant; a scalar when `dims` is empty.
    mutating func constant(_ values: [Float], dims: [Int] = [], name: String? = nil) -> String {
        let n = name ?? fresh("const")
        graph.initializers.append(ONNXTensor(name: n, dims: dims, values: .float(values)))
        return n
    }

    mutating func int64s(_ values: [Int64], dims: [Int]) -> String {
        let n = fresh("i64")
        graph.initializers.append(ONNXTensor(name: n, dims: dims, values: .int64(values)))
        return n
    }
}
