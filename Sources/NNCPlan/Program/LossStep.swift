import NNCSpec

/// The loss over a batch: its mean over points and outputs into `value`, and
/// (when `gradient` is present) its gradient into `gradient`.
///
/// prediction, target, gradient, uncertainty: (B, outputs); scratch: (outputs)
/// per-output partial sums; value: one float. When `fused` is true (softmax with
/// categorical cross-entropy, sigmoid with binary cross-entropy), the loss is
/// computed stably from `logits` (the last layer's pre-activation) and
/// `gradient` receives the derivative with respect to the logits.
public struct LossStep: Codable, Equatable, Sendable {
    public var kind: LossKind
    public var outputs: Int
    /// Huber's delta; 0 for other losses.
    public var delta: Double
    public var fused: Bool
    public var prediction: Int
    public var logits: Int?
    public var target: Int
    /// chi2 with per-point uncertainties.
    public var uncertainty: Int?
    /// chi2 with a covariance matrix: (B·outputs, B·outputs).
    public var inverseCovariance: Int?
    /// Absent in the evaluation program (value only).
    public var gradient: Int?
    public var scratch: Int
    public var value: Int

    public init(
        kind: LossKind, outputs: Int, delta: Double, fused: Bool, prediction: Int, logits: Int?, target: Int,
        uncertainty: Int?, inverseCovariance: Int?, gradient: Int?, scratch: Int, value: Int
    ) {
        self.kind = kind
        self.outputs = outputs
        self.delta = delta
        self.fused = fused
        self.prediction = prediction
        self.logits = logits
        self.target = target
        self.uncertainty = uncertainty
        self.inverseCovariance = inverseCovariance
        self.gradient = gradient
        self.scratch = scratch
        self.value = value
    }

    enum CodingKeys: String, CodingKey {
        case kind, outputs, delta, fused, prediction, logits, target, uncertainty
        case inverseCovariance = "inverse_covariance", gradient, scratch, value
    }
}
