/// One program being compiled: its instructions over the plan's tensors and
/// where its results are.
struct ProgramBuilder {
    let kind: ProgramKind
    var instructions: [Instruction]
    /// The network's output in this program (before dropout), and the first column of the batch's points in it.
    var output: TensorID
    var outputColumn: Int
    var loss: TensorID?
    var validationLoss: TensorID?
    var monitors: [MonitorBinding]

    init(kind: ProgramKind, graph: ProgramGraph) {
        self.kind = kind
        instructions = graph.instructions
        var out = graph.output ?? 0
        while let before = graph.beforeDropout[out] { out = before }
        output = out
        outputColumn = graph.outputColumn
        monitors = graph.monitors
    }

    /// The indices of instructions that read `t`.
    func readers(of t: TensorID) -> [Int] {
        instructions.indices.filter { instructions[$0].reads.contains(t) }
    }

    /// The index of the instruction that writes `t` (the last one before `before`).
    func producer(of t: TensorID, before: Int? = nil) -> Int? {
        let end = before ?? instructions.count
        return (0..<end).last { instructions[$0].writes.contains(t) }
    }
}
