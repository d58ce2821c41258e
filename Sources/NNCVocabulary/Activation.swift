/// The activations of spec version 1 (DESIGN §2).
public enum ActivationKind: String, VocabularyWord, Codable {
    case linear, sigmoid, tanh, relu
    case leakyReLU = "leaky_relu"
    case elu, selu, softplus, gelu, swish, softmax

    public static let noun = "activation"

    public var parameters: [WordParameter] {
        switch self {
        case .leakyReLU:
            return [WordParameter("alpha", default: defaultAlpha, range: .unitClosed,
                summary: "Slope for negative inputs, in [0, 1] (default 0.01); 0 is relu, 1 is linear.")]
        case .elu:
            return [WordParameter("alpha", default: defaultAlpha, range: .nonNegative,
                summary: "Saturation value for negative inputs, 0 or more (default 1.0).")]
        default:
            return []
        }
    }

    /// True for activations that only make sense on the output layer.
    public var outputOnly: Bool { self == .softmax }

    /// True when the activation couples the features of a sample (softmax),
    /// so it cannot be applied element by element in a GEMM's epilogue.
    public var isElementwise: Bool { self != .softmax }

    /// The default of the activation's `alpha`, for those that take one
    /// (a plain switch: kernels read it, and must not build the parameter list).
    public var defaultAlpha: Double? {
        switch self {
        case .leakyReLU: return 0.01
        case .elu: return 1.0
        default: return nil
        }
    }
}

/// An activation with its parameter resolved: `tanh`, `{leaky_relu: {alpha: 0.2}}`.
public struct Activation: Equatable, Hashable, Sendable, Codable {
    public var kind: ActivationKind
    /// `alpha` for leaky_relu and elu (their defaults filled in); nil for the rest.
    public var alpha: Double?

    public init(_ kind: ActivationKind, alpha: Double? = nil) {
        self.kind = kind
        self.alpha = kind.defaultAlpha == nil ? nil : (alpha ?? kind.defaultAlpha)
    }

    /// `alpha`, or its default, or 0 for activations without one.
    public var alphaValue: Double { alpha ?? kind.defaultAlpha ?? 0 }

    /// Whether the derivative can be computed from `source` alone.
    ///
    /// From the output: sigmoid σ′ = y(1−y); tanh 1−y²; relu, and leaky_relu
    /// with alpha ≥ 0, from the sign of y; elu (alpha ≥ 0) y > 0 ? 1 : y + alpha;
    /// selu likewise; softplus 1 − e^(−y); softmax its Jacobian in y. gelu and
    /// swish are not invertible from y, and neither are leaky_relu and elu
    /// with a negative alpha (outside the checked range). Every activation but
    /// softmax also gives its derivative from the pre-activation.
    public func derivativeAvailable(from source: DerivativeSource) -> Bool {
        switch source {
        case .identity: return kind == .linear
        case .preactivation: return kind != .softmax
        case .output:
            switch kind {
            case .gelu, .swish: return false
            case .leakyReLU, .elu: return alphaValue >= 0
            default: return true
            }
        }
    }

    /// Where backward takes this activation's derivative from: its output
    /// wherever that determines it (so the pre-activation need not be kept),
    /// else its pre-activation; linear has none to take. Lowering asks this
    /// once and the kernels implement every answer it gives — so a plan that
    /// builds always runs.
    public var derivativeSource: DerivativeSource {
        if kind == .linear { return .identity }
        return derivativeAvailable(from: .output) ? .output : .preactivation
    }
}

/// Where a backward step takes an activation's derivative from.
public enum DerivativeSource: String, Codable, Sendable, CaseIterable {
    /// The derivative is 1 (linear, or folded into a fused loss): nothing is read.
    case identity
    /// From the saved output y = f(z).
    case output
    /// From the saved pre-activation z.
    case preactivation
}
