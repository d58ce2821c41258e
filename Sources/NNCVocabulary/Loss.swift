/// The losses of spec version 1. Every loss is a mean over points and
/// outputs (categorical cross-entropy: over points, as PyTorch's
/// `CrossEntropyLoss`); chi2 divides Σ r²/σ² (or rᵀC⁻¹r) by the points.
public enum LossKind: String, VocabularyWord, Codable {
    case mse, mae, huber
    case binaryCrossentropy = "binary_crossentropy"
    case categoricalCrossentropy = "categorical_crossentropy"
    case chi2

    public static let noun = "loss"
    public static let plural = "losses"

    public var parameters: [WordParameter] {
        switch self {
        case .huber:
            return [WordParameter("delta", default: 1.0, range: .positive,
                summary: "Where the loss turns from quadratic to linear, above 0 (default 1.0).")]
        case .chi2:
            return [
                WordParameter("uncertainty", .text, default: nil,
                    summary: "The data column holding each point's standard deviation."),
                WordParameter("covariance", .text, default: nil,
                    summary: "A headerless CSV file with the N×N covariance matrix of the data points."),
            ]
        default:
            return []
        }
    }

    /// The output activation this loss is computed from stably, from the
    /// logits, when the last layer has it (sigmoid with binary, softmax with
    /// categorical cross-entropy).
    public var fusedActivation: ActivationKind? {
        switch self {
        case .binaryCrossentropy: return .sigmoid
        case .categoricalCrossentropy: return .softmax
        default: return nil
        }
    }

    /// The default of huber's `delta`.
    public static let defaultDelta = LossKind.huber.parameter("delta")!.defaultValue!
}
