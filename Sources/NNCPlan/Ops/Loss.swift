/// How a loss term is computed; lowering picks the rule once, fusions included.
public enum LossRule: String, Codable, Sendable, CaseIterable {
    case mse, mae, huber
    /// On probabilities, logs clamped at −100 (PyTorch's `BCELoss`).
    case binaryCrossentropy = "binary_crossentropy"
    /// Fused with the output sigmoid: stable from `logits`; the probabilities go to `prediction`.
    case sigmoidBinaryCrossentropy = "sigmoid_binary_crossentropy"
    /// On probabilities: −mean over points of Σ t·log p, logs clamped at −100.
    case categoricalCrossentropy = "categorical_crossentropy"
    /// Fused with the output softmax: stable from `logits`; the probabilities go to `prediction`.
    case softmaxCrossentropy = "softmax_crossentropy"
    /// Σ ((p − t)/σ)² / N with per-point σ in `uncertainty`.
    case chi2
    /// rᵀ C⁻¹ r / N with the inverse covariance in `inverseCovariance` (residuals point-major).
    case chi2Covariance = "chi2_covariance"
    /// Positivity's penalty: Σ max(0, −p) over the points (a sum, not a mean);
    /// gradient −1 where p < 0. No target.
    case positivity

    /// True when the loss reads logits and writes the probabilities itself.
    public var isFused: Bool { self == .sigmoidBinaryCrossentropy || self == .softmaxCrossentropy }
}

/// One loss term: its mean (see `LossKind`; positivity's is a sum) times
/// `weight` — and times the one-float `multiplier` when there is one (a
/// schedule the host writes) — into slot `slot` of `value`, and, when
/// `gradient` is set, its gradient with respect to `prediction` (or to
/// `logits` for a fused rule) into `gradient`, overwriting it.
///
/// The term covers P = `points.resolve(n)` points: the columns
/// `column ..< column + P` of the prediction (and logits and gradient) rows,
/// whose length is `columns.resolve(n)`. Target and uncertainty are compact
/// `(outputs, P)`. inverseCovariance: `(outputs·P)²` at most, with leading
/// dimension `covarianceLeading`; scratch: `max(outputs, outputs·P)` floats.
/// Plain data terms cover the batch (`points = .batch`); an observable's χ²,
/// a sum rule and a positivity constraint cover fixed points.
public struct LossOp: Operation {
    public static let name = "loss"
    public var rule: LossRule
    /// huber's delta; 0 for the others.
    public var delta: Double
    public var outputs: Int
    public var points: Columns
    public var columns: Columns
    public var column: Int
    public var prediction: TensorID
    public var logits: TensorID?
    public var target: TensorID
    public var uncertainty: TensorID?
    public var inverseCovariance: TensorID?
    public var covarianceLeading: Int
    public var gradient: TensorID?
    public var scratch: TensorID
    public var value: TensorID
    public var slot: Int
    public var weight: Double
    public var multiplier: TensorID?
    /// A validation term: its value goes to the program's validation loss,
    /// not to the cost, and it has no gradient.
    public var validation: Bool

    public init(rule: LossRule, delta: Double, outputs: Int, points: Columns = .batch, columns: Columns, column: Int,
                prediction: TensorID, logits: TensorID?, target: TensorID, uncertainty: TensorID?,
                inverseCovariance: TensorID?, covarianceLeading: Int, gradient: TensorID?, scratch: TensorID,
                value: TensorID, slot: Int, weight: Double, multiplier: TensorID? = nil, validation: Bool = false) {
        self.rule = rule
        self.delta = delta
        self.outputs = outputs
        self.points = points
        self.columns = columns
        self.column = column
        self.prediction = prediction
        self.logits = logits
        self.target = target
        self.uncertainty = uncertainty
        self.inverseCovariance = inverseCovariance
        self.covarianceLeading = covarianceLeading
        self.gradient = gradient
        self.scratch = scratch
        self.value = value
        self.slot = slot
        self.weight = weight
        self.multiplier = multiplier
        self.validation = validation
    }

    public var reads: [TensorID] {
        [rule.isFused ? logits ?? prediction : prediction, target]
            + [uncertainty, inverseCovariance, multiplier].compactMap { $0 }
    }

    public var writes: [TensorID] {
        [value, scratch] + [gradient, rule.isFused ? prediction : nil].compactMap { $0 }
    }

    /// 3 per element for the value, 5 with the gradient.
    public func flops(batch n: Int) -> Int {
        let elementwise = FlopCount.mul(gradient == nil ? 3 : 5, FlopCount.mul(outputs, points.resolve(n)))
        guard rule == .chi2Covariance else { return elementwise }
        // rᵀC⁻¹r: a matrix-vector product.
        let m = outputs * points.resolve(n)
        return FlopCount.add(elementwise, FlopCount.mul(2, FlopCount.mul(m, m)))
    }

    public func mapTensors(_ f: (TensorID) -> TensorID) -> LossOp {
        var o = self
        o.prediction = f(prediction); o.logits = logits.map(f); o.target = f(target); o.uncertainty = uncertainty.map(f)
        o.inverseCovariance = inverseCovariance.map(f); o.gradient = gradient.map(f); o.scratch = f(scratch)
        o.value = f(value); o.multiplier = multiplier.map(f)
        return o
    }

    public func footprint(batch n: Int) -> [(TensorID, Int)] {
        let p = points.resolve(n)
        let rows = max(outputs - 1, 0) * columns.resolve(n) + column + p
        var out = [(prediction, rows), (value, slot + 1)]
        if rule != .positivity { out.append((target, outputs * p)) }
        if let logits { out.append((logits, rows)) }
        if let gradient { out.append((gradient, rows)) }
        if let uncertainty { out.append((uncertainty, outputs * p)) }
        if let multiplier { out.append((multiplier, 1)) }
        if let inverseCovariance {
            out.append((inverseCovariance, covarianceLeading * max(outputs * p - 1, 0) + outputs * p))
            out.append((scratch, outputs * p))
        }
        return out
    }

    public func describe(_ t: (TensorID) -> String) -> String {
        var s = (validation ? "validation " : "") + "\(rule.rawValue)"
        if rule == .huber { s += " (delta \(Plan.number(delta)))" }
        if weight != 1 { s += " × \(Plan.number(weight))" }
        if !points.batched { s += " over \(points.fixed) points" }
        if column != 0 { s += " on columns \(column)…" }
        s += ":" + Self.operand("prediction", prediction, t) + Self.operand("logits", logits, t)
            + Self.operand("target", target, t) + Self.operand("uncertainty", uncertainty, t)
            + Self.operand("inverse_covariance", inverseCovariance, t) + Self.operand("multiplier", multiplier, t)
            + Self.operand("gradient", gradient, t)
            + Self.operand("scratch", scratch, t) + Self.slot(value, slot, t)
        return s
    }
}

/// Keras's L2 penalty of one weight tensor: `l2 · Σ w²` into slot `slot` of
/// `value`. Its gradient, `2·l2·w`, is added where the weight gradient is
/// computed (`DenseBackwardOp.l2`).
public struct PenaltyOp: Operation {
    public static let name = "l2_penalty"
    public var layer: Int
    public var l2: Double
    public var count: Int
    public var weight: TensorID
    public var value: TensorID
    public var slot: Int

    public init(layer: Int, l2: Double, count: Int, weight: TensorID, value: TensorID, slot: Int) {
        self.layer = layer
        self.l2 = l2
        self.count = count
        self.weight = weight
        self.value = value
        self.slot = slot
    }

    public var reads: [TensorID] { [weight] }
    public var writes: [TensorID] { [value] }

    public func flops(batch _: Int) -> Int { FlopCount.mul(2, count) }

    public func mapTensors(_ f: (TensorID) -> TensorID) -> PenaltyOp {
        var o = self
        o.weight = f(weight); o.value = f(value)
        return o
    }

    public func footprint(batch _: Int) -> [(TensorID, Int)] {
        [(weight, count), (value, slot + 1)]
    }

    public func describe(_ t: (TensorID) -> String) -> String {
        "layer \(layer) l2 \(Plan.number(l2)):" + Self.operand("weight", weight, t) + Self.slot(value, slot, t)
    }
}

/// `total = Σ terms[0 ..< count]`: the step's loss from its terms.
public struct SumOp: Operation {
    public static let name = "sum"
    public var count: Int
    public var terms: TensorID
    public var total: TensorID

    public init(count: Int, terms: TensorID, total: TensorID) {
        self.count = count
        self.terms = terms
        self.total = total
    }

    public var reads: [TensorID] { [terms] }
    public var writes: [TensorID] { [total] }

    public func flops(batch _: Int) -> Int { count }

    public func mapTensors(_ f: (TensorID) -> TensorID) -> SumOp {
        var o = self
        o.terms = f(terms); o.total = f(total)
        return o
    }

    public func footprint(batch _: Int) -> [(TensorID, Int)] {
        [(terms, count), (total, 1)]
    }

    public func describe(_ t: (TensorID) -> String) -> String {
        " \(count) terms:" + Self.operand("terms", terms, t) + Self.operand("total", total, t)
    }
}
