import NNCKernels
import NNCPlan

/// The activation as the kernels take it: a kind code and its alpha.
extension Activation {
    var kernel: nnc_activation {
        nnc_activation(kind: kind.kernel, alpha: Float(alphaValue))
    }

    /// a ⊙ b on eight lanes: the interpreter's dropout mask.
    @inline(__always) static func multiply(_ a: Float8, _ b: Float8) -> Float8 {
        a * b
    }
}

extension ActivationKind {
    var kernel: Int32 {
        switch self {
        case .linear: return NNC_ACT_LINEAR
        case .sigmoid: return NNC_ACT_SIGMOID
        case .tanh: return NNC_ACT_TANH
        case .relu: return NNC_ACT_RELU
        case .leakyReLU: return NNC_ACT_LEAKY_RELU
        case .elu: return NNC_ACT_ELU
        case .selu: return NNC_ACT_SELU
        case .softplus: return NNC_ACT_SOFTPLUS
        case .gelu: return NNC_ACT_GELU
        case .swish: return NNC_ACT_SWISH
        case .softmax: return NNC_ACT_SOFTMAX
        }
    }
}

extension DerivativeSource {
    var kernel: Int32 {
        switch self {
        case .identity: return NNC_FROM_IDENTITY
        case .output: return NNC_FROM_OUTPUT
        case .preactivation: return NNC_FROM_PREACTIVATION
        }
    }
}
