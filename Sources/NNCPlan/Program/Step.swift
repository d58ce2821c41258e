/// One instruction of a plan's program: a closed set of plain structs holding
/// integer arena offsets, so the interpreter runs a program with one `switch`
/// per step and no lookups. Offsets are in floats from the arena's start; an
/// optional offset is absent when the step has no such operand.
///
/// JSON: `{"dense_forward": {...}}`, one key naming the operation.
public enum Step: Codable, Equatable, Sendable {
    case denseForward(DenseForward)
    case dropoutForward(DropoutForward)
    case loss(LossStep)
    case dropoutBackward(DropoutBackward)
    case denseBackward(DenseBackward)
    case optimizerStep(OptimizerStep)

    enum CodingKeys: String, CodingKey, CaseIterable {
        case denseForward = "dense_forward"
        case dropoutForward = "dropout_forward"
        case loss
        case dropoutBackward = "dropout_backward"
        case denseBackward = "dense_backward"
        case optimizerStep = "optimizer_step"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard c.allKeys.count == 1, let key = c.allKeys.first else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: c.codingPath, debugDescription: "a step is an object with exactly one operation key"))
        }
        switch key {
        case .denseForward: self = .denseForward(try c.decode(DenseForward.self, forKey: key))
        case .dropoutForward: self = .dropoutForward(try c.decode(DropoutForward.self, forKey: key))
        case .loss: self = .loss(try c.decode(LossStep.self, forKey: key))
        case .dropoutBackward: self = .dropoutBackward(try c.decode(DropoutBackward.self, forKey: key))
        case .denseBackward: self = .denseBackward(try c.decode(DenseBackward.self, forKey: key))
        case .optimizerStep: self = .optimizerStep(try c.decode(OptimizerStep.self, forKey: key))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .denseForward(let s): try c.encode(s, forKey: .denseForward)
        case .dropoutForward(let s): try c.encode(s, forKey: .dropoutForward)
        case .loss(let s): try c.encode(s, forKey: .loss)
        case .dropoutBackward(let s): try c.encode(s, forKey: .dropoutBackward)
        case .denseBackward(let s): try c.encode(s, forKey: .denseBackward)
        case .optimizerStep(let s): try c.encode(s, forKey: .optimizerStep)
        }
    }

    /// The operation's name as in JSON and in `--dump plan`.
    public var operation: String {
        switch self {
        case .denseForward: return CodingKeys.denseForward.rawValue
        case .dropoutForward: return CodingKeys.dropoutForward.rawValue
        case .loss: return CodingKeys.loss.rawValue
        case .dropoutBackward: return CodingKeys.dropoutBackward.rawValue
        case .denseBackward: return CodingKeys.denseBackward.rawValue
        case .optimizerStep: return CodingKeys.optimizerStep.rawValue
        }
    }
}
