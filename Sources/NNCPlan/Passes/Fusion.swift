extension Compilation {
    /// Folds each activation into the epilogue of the `dense` that produces
    /// its input: the GEMM applies f to each block of rows while it is in L1.
    /// The pre-activation is kept (as the dense's `preactivation`) only when
    /// something still reads it: a derivative taken from it, or a fused loss's
    /// logits.
    mutating func fuseForward(_ p: inout ProgramBuilder) {
        var i = 0
        while i < p.instructions.count {
            guard case .activation(let a) = p.instructions[i],
                  let d = p.producer(of: a.input, before: i),
                  case .dense(var dense) = p.instructions[d],
                  dense.activation.kind == .linear, dense.output == a.input
            else {
                i += 1
                continue
            }
            let otherReaders = p.readers(of: a.input).filter { $0 != i }
            dense.activation = a.activation
            dense.preactivation = otherReaders.isEmpty ? nil : a.input
            dense.output = a.output
            p.instructions[d] = .dense(dense)
            p.instructions.remove(at: i)
        }
        // A preactivation nothing reads any more is not kept.
        for i in p.instructions.indices {
            if case .dense(var dense) = p.instructions[i], let z = dense.preactivation, p.readers(of: z).isEmpty {
                dense.preactivation = nil
                p.instructions[i] = .dense(dense)
            }
        }
    }

    /// Folds the layer below's dropout mask and activation derivative into
    /// the epilogue of the GEMM that produces its gradient (a dense
    /// backward's input gradient): the gradient is written once instead of
    /// three times.
    mutating func fuseBackward(_ p: inout ProgramBuilder) {
        for i in p.instructions.indices {
            guard i < p.instructions.count, case .denseBackward(var b) = p.instructions[i], let g = b.inputGradient
            else { continue }
            if i + 1 < p.instructions.count, case .mask(let m) = p.instructions[i + 1], m.gradient == g {
                b.inputMask = m.mask
                p.instructions.remove(at: i + 1)
            }
            if i + 1 < p.instructions.count, case .activationBackward(let a) = p.instructions[i + 1], a.gradient == g {
                b.inputActivation = a.activation
                b.inputSource = a.source
                b.inputSaved = a.saved
                p.instructions.remove(at: i + 1)
            }
            p.instructions[i] = .denseBackward(b)
        }
    }
}
