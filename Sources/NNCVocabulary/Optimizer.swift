/// The optimisers of spec version 1. Update rules and defaults follow
/// PyTorch's `torch.optim` (single-tensor path), except sgd's default
/// learning rate of 0.01 (PyTorch has none).
public enum OptimizerKind: String, VocabularyWord, Codable {
    case sgd, adam, adamw, rmsprop, adagrad

    public static let noun = "optimizer"

    public var parameters: [WordParameter] {
        var out = [WordParameter("learning_rate", default: self == .adam || self == .adamw ? 1e-3 : 0.01, range: .positive,
            summary: "The step size, above 0.")]
        switch self {
        case .sgd:
            out.append(WordParameter("momentum", default: 0, range: .unitOpen, summary: "Momentum factor, in [0, 1) (default 0)."))
            out.append(WordParameter("nesterov", .flag, default: 0, summary: "Nesterov momentum (default false)."))
        case .adam, .adamw:
            out.append(WordParameter("beta1", default: 0.9, range: .unitOpen, summary: "Decay of the first moment, in [0, 1) (default 0.9)."))
            out.append(WordParameter("beta2", default: 0.999, range: .unitOpen, summary: "Decay of the second moment, in [0, 1) (default 0.999)."))
            out.append(WordParameter("epsilon", default: 1e-8, range: .positive, summary: "Added to the denominator, above 0 (default 1e-8)."))
            if self == .adamw {
                out.append(WordParameter("weight_decay", default: 0.01, range: .nonNegative,
                    summary: "Decoupled weight decay, 0 or more (default 0.01)."))
            }
        case .rmsprop:
            out.append(WordParameter("alpha", default: 0.99, range: .unitOpen, summary: "Decay of the squared-gradient average, in [0, 1) (default 0.99)."))
            out.append(WordParameter("epsilon", default: 1e-8, range: .positive, summary: "Added to the denominator, above 0 (default 1e-8)."))
        case .adagrad:
            out.append(WordParameter("epsilon", default: 1e-10, range: .positive, summary: "Added to the denominator, above 0 (default 1e-10)."))
        }
        out.append(WordParameter("clipnorm", default: nil, range: .positive,
            summary: "Scale the gradient so its global L2 norm is at most this, above 0 (default: no clipping)."))
        return out
    }

    /// How many moment slabs (each the size of the parameter slab) the
    /// optimiser keeps: sgd with momentum, rmsprop and adagrad one, adam and
    /// adamw two, plain sgd none.
    public func moments(momentum: Double) -> Int {
        switch self {
        case .sgd: return momentum != 0 ? 1 : 0
        case .rmsprop, .adagrad: return 1
        case .adam, .adamw: return 2
        }
    }
}

/// An optimiser with every parameter resolved (the spec's values, else the
/// defaults of `OptimizerKind.parameters`). Update rules, PyTorch's:
/// - sgd: buf = μ·buf + g; step = g + μ·buf with nesterov, else buf (g when μ = 0); p −= lr·step.
/// - adam: m = m + (1−β1)(g − m), v = β2·v + (1−β2)·g²; p −= (lr/(1−β1ᵗ))·m / (√v/√(1−β2ᵗ) + ε).
/// - adamw: p ·= 1 − lr·wd, then adam.
/// - rmsprop: v = α·v + (1−α)·g² (α kept in `beta2`); p −= lr·g/(√v + ε).
/// - adagrad: s += g²; p −= lr·g/(√s + ε).
/// With `clipnorm`, the gradient is first scaled so its global L2 norm is at most it.
public struct Optimizer: Equatable, Hashable, Sendable, Codable {
    public var kind: OptimizerKind
    public var learningRate: Double
    public var momentum: Double
    public var nesterov: Bool
    public var beta1: Double
    /// adam's beta2, or rmsprop's alpha.
    public var beta2: Double
    public var epsilon: Double
    public var weightDecay: Double
    public var clipnorm: Double?

    /// The optimiser with `values` (by parameter name, as the spec writes
    /// them; flags as 1 or 0) and the defaults for the rest. Names the kind
    /// does not take are ignored.
    public init(_ kind: OptimizerKind, values: [String: Double] = [:]) {
        self.kind = kind
        func value(_ name: String) -> Double? {
            guard let p = kind.parameter(name) else { return nil }
            return values[name] ?? p.defaultValue
        }
        learningRate = value("learning_rate") ?? 0.01
        momentum = value("momentum") ?? 0
        nesterov = (value("nesterov") ?? 0) != 0
        beta1 = value("beta1") ?? 0
        beta2 = value(kind == .rmsprop ? "alpha" : "beta2") ?? 0
        epsilon = value("epsilon") ?? 0
        weightDecay = value("weight_decay") ?? 0
        clipnorm = value("clipnorm")
    }

    /// The value of the parameter called `name` as the spec writes it (flags as
    /// 1 or 0); nil for a parameter the kind does not take or that is off.
    public func value(of name: String) -> Double? {
        guard kind.parameter(name) != nil else { return nil }
        switch name {
        case "learning_rate": return learningRate
        case "momentum": return momentum
        case "nesterov": return nesterov ? 1 : 0
        case "beta1": return beta1
        case "beta2", "alpha": return beta2
        case "epsilon": return epsilon
        case "weight_decay": return weightDecay
        case "clipnorm": return clipnorm
        default: return nil
        }
    }

    /// Moment slabs this optimiser keeps (see `OptimizerKind.moments`).
    public var moments: Int { kind.moments(momentum: momentum) }
}
