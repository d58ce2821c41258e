/// One instruction of the interpreter: a plan step with every arena offset
/// resolved to a pointer and every option to a runtime enum, so executing it
/// is one `switch` and a kernel call — no lookups, no allocation, no
/// reference counting (every payload is a plain value).
enum Instruction {
    case forward(ForwardOp)
    case dropout(DropoutOp)
    case loss(LossOp)
    case mask(MaskOp)
    case backward(BackwardOp)
    case optimizer(OptimizerOp)
}

/// y = f(W·x + b); z keeps the pre-activation when present. Shapes are per
/// sample: x has `inputs` rows, y and z `outputs` rows, of `n` columns.
struct ForwardOp {
    var y: UnsafeMutablePointer<Float>
    var z: UnsafeMutablePointer<Float>?
    var x: UnsafePointer<Float>
    var w: UnsafePointer<Float>
    var b: UnsafePointer<Float>?
    var inputs: Int
    var outputs: Int
    var activation: ActivationFunction
}

/// Draws a fresh inverted-dropout mask and writes output = input ⊙ mask.
struct DropoutOp {
    var input: UnsafePointer<Float>
    var mask: UnsafeMutablePointer<Float>
    var output: UnsafeMutablePointer<Float>
    var features: Int
    var rate: Float
}

/// gradient ⊙= mask: dropout's backward where it was not fused into a GEMM.
struct MaskOp {
    var gradient: UnsafeMutablePointer<Float>
    var mask: UnsafePointer<Float>
    var features: Int
}

/// The loss of a batch (and its gradient when `gradient` is present).
struct LossOp {
    enum Rule {
        case mse, mae
        case huber(delta: Float)
        /// On probabilities, logs clamped at −100.
        case binaryCrossentropy
        /// Fused with the output sigmoid: from `logits`, probabilities to `prediction`.
        case sigmoidBinaryCrossentropy
        /// Fused with the output softmax: from `logits`, probabilities to `prediction`.
        case softmaxCrossentropy
        /// On probabilities (no fused softmax): −mean over samples of Σ t·log p, logs clamped at −100.
        case categoricalCrossentropy
        /// Per-point σ in `uncertainty`.
        case chi2
        /// The inverse covariance in `inverseCovariance`.
        case chi2Covariance
    }

    var rule: Rule
    var outputs: Int
    var prediction: UnsafeMutablePointer<Float>
    var logits: UnsafePointer<Float>?
    var target: UnsafePointer<Float>
    var uncertainty: UnsafePointer<Float>?
    var inverseCovariance: UnsafePointer<Float>?
    var gradient: UnsafeMutablePointer<Float>?
    var value: UnsafeMutablePointer<Float>
}

/// Backward through one dense layer: the activation derivative onto the
/// incoming gradient (unless an earlier step fused it), the parameter
/// gradients, and the input gradient with the layer below's mask and
/// derivative fused onto it when that layer's step allows.
struct BackwardOp {
    var derivative: Derivative?
    var gradient: UnsafeMutablePointer<Float>
    var x: UnsafePointer<Float>
    var w: UnsafePointer<Float>
    var dW: UnsafeMutablePointer<Float>
    var db: UnsafeMutablePointer<Float>?
    var l2: Float
    var inputs: Int
    var outputs: Int
    var inputGradient: UnsafeMutablePointer<Float>?
    /// Applied to the input gradient in the GEMM's epilogue.
    var inputMask: UnsafePointer<Float>?
    var inputDerivative: Derivative?
}

/// An activation derivative and the buffer it is taken from.
struct Derivative {
    var activation: ActivationFunction
    var source: ActivationFunction.DerivativeSource
    var saved: UnsafePointer<Float>
}

/// One optimiser update over the parameter slab.
struct OptimizerOp {
    var rule: OptimizerRule
    var parameters: UnsafeMutablePointer<Float>
    var gradients: UnsafeMutablePointer<Float>
    var moment1: UnsafeMutablePointer<Float>?
    var moment2: UnsafeMutablePointer<Float>?
    var count: Int
}
