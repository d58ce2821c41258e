import NNCKernels

/// The activation as the kernels take it: a kind code and its parameter.
extension ActivationFunction {
    var kernel: nnc_activation {
        switch self {
        case .linear: return nnc_activation(kind: NNC_ACT_LINEAR, alpha: 0)
        case .sigmoid: return nnc_activation(kind: NNC_ACT_SIGMOID, alpha: 0)
        case .tanh: return nnc_activation(kind: NNC_ACT_TANH, alpha: 0)
        case .relu: return nnc_activation(kind: NNC_ACT_RELU, alpha: 0)
        case .leakyReLU(let alpha): return nnc_activation(kind: NNC_ACT_LEAKY_RELU, alpha: alpha)
        case .elu(let alpha): return nnc_activation(kind: NNC_ACT_ELU, alpha: alpha)
        case .selu: return nnc_activation(kind: NNC_ACT_SELU, alpha: 0)
        case .softplus: return nnc_activation(kind: NNC_ACT_SOFTPLUS, alpha: 0)
        case .gelu: return nnc_activation(kind: NNC_ACT_GELU, alpha: 0)
        case .swish: return nnc_activation(kind: NNC_ACT_SWISH, alpha: 0)
        case .softmax: return nnc_activation(kind: NNC_ACT_SOFTMAX, alpha: 0)
        }
    }

    /// a ⊙ b on eight lanes: the interpreter's dropout mask.
    @inline(__always) static func multiply(_ a: Float8, _ b: Float8) -> Float8 {
        a * b
    }
}

extension ActivationFunction.DerivativeSource {
    var kernel: Int32 {
        self == .output ? NNC_FROM_OUTPUT : NNC_FROM_PREACTIVATION
    }
}
