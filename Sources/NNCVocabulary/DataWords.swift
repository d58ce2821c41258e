/// How a generated input variable is sampled: `x: {logspace: [1.0e-3, 1.0], points: 200}`.
public enum SamplingKind: String, VocabularyWord, Codable {
    case linspace, logspace, uniform

    public static let noun = "sampling"
}

/// Noise added to generated pseudo-data: `noise: {relative: 0.05}`.
public enum NoiseKind: String, VocabularyWord, Codable {
    case relative, absolute

    public static let noun = "noise model"
}
