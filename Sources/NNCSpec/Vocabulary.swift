/// The words of spec version 1 that name a thing from a fixed list. Each list
/// is the single source for parsing, did-you-mean, the JSON schema and docs.

public enum ActivationKind: String, CaseIterable, Sendable, Codable {
    case linear, sigmoid, tanh, relu
    case leakyReLU = "leaky_relu"
    case elu, selu, softplus, gelu, swish, softmax

    /// The default of the activation's `alpha` parameter, for those that take one.
    public var defaultAlpha: Double? {
        switch self {
        case .leakyReLU: return 0.01
        case .elu: return 1.0
        default: return nil
        }
    }
}

public enum InitializerKind: String, CaseIterable, Sendable, Codable {
    case zeros
    case randomUniform = "random_uniform"
    case randomNormal = "random_normal"
    case glorotUniform = "glorot_uniform"
    case glorotNormal = "glorot_normal"
    case heUniform = "he_uniform"
    case heNormal = "he_normal"
    case lecunNormal = "lecun_normal"
}

public enum LossKind: String, CaseIterable, Sendable, Codable {
    case mse, mae, huber
    case binaryCrossentropy = "binary_crossentropy"
    case categoricalCrossentropy = "categorical_crossentropy"
    case chi2
}

public enum OptimizerKind: String, CaseIterable, Sendable, Codable {
    case sgd, adam, adamw, rmsprop, adagrad
}

public enum SamplingKind: String, CaseIterable, Sendable, Codable {
    case linspace, logspace, uniform
}

public enum NoiseKind: String, CaseIterable, Sendable, Codable {
    case relative, absolute
}
