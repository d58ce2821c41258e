/// One program being compiled: its instructions over the plan's tensors,
/// with the template graph's transient tensors cloned for it (except for the
/// training step, which owns the template's).
struct ProgramBuilder {
    enum Kind: String {
        case train, evaluate, forward

        /// Prefix of the names of this program's own tensors.
        var prefix: String {
            switch self {
            case .train: return ""
            case .evaluate: return "eval."
            case .forward: return "forward."
            }
        }
    }

    let kind: Kind
    var instructions: [Instruction] = []
    /// Template tensor → this program's tensor.
    var clones: [TensorID: TensorID] = [:]
    /// The network's output in this program, and the loss value.
    var output: TensorID = 0
    var loss: TensorID?

    init(kind: Kind) {
        self.kind = kind
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

