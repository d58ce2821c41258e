/// One instruction of a program: the closed op set of nnc. Each payload is a
/// plain struct of tensor ids, sizes and options, so the interpreter runs a
/// program with one `switch` per instruction and no lookups beyond a table
/// of tensor addresses. The plan holds the list; the interpreter executes that
/// same list (`nnc build --dump plan` prints it).
///
/// A new op is its case here, its struct (shape and FLOP rule, operands) in
/// `Ops/`, its lowering or autodiff rule in `Passes/`, its forward and
/// backward kernels side by side in the runtime, and a finite-difference
/// gradient test (docs/plan.md, "Adding an op").
///
/// JSON: `{"dense": {...}}`, one key naming the operation.
public enum Instruction: Codable, Equatable, Sendable {
    case dense(DenseOp)
    case activation(ActivationOp)
    case dropout(DropoutOp)
    case loss(LossOp)
    case penalty(PenaltyOp)
    case sum(SumOp)
    case activationBackward(ActivationBackwardOp)
    case mask(MaskOp)
    case denseBackward(DenseBackwardOp)
    case optimizer(OptimizerOp)
    case concat(ConcatOp)
    case zero(ZeroOp)
    case clamp(ClampOp)
    case preprocess(PreprocessOp)
    case preprocessBackward(PreprocessBackwardOp)
    case linearMap(LinearMapOp)
    case linearMapBackward(LinearMapBackwardOp)

    /// The payload, for passes that treat every op alike (never on the hot path).
    public var operation: any Operation {
        switch self {
        case .dense(let o): return o
        case .activation(let o): return o
        case .dropout(let o): return o
        case .loss(let o): return o
        case .penalty(let o): return o
        case .sum(let o): return o
        case .activationBackward(let o): return o
        case .mask(let o): return o
        case .denseBackward(let o): return o
        case .optimizer(let o): return o
        case .concat(let o): return o
        case .zero(let o): return o
        case .clamp(let o): return o
        case .preprocess(let o): return o
        case .preprocessBackward(let o): return o
        case .linearMap(let o): return o
        case .linearMapBackward(let o): return o
        }
    }

    /// Every operation's name, in case order.
    public static let names: [String] = [
        DenseOp.name, ActivationOp.name, DropoutOp.name, LossOp.name, PenaltyOp.name, SumOp.name,
        ActivationBackwardOp.name, MaskOp.name, DenseBackwardOp.name, OptimizerOp.name, ConcatOp.name, ZeroOp.name,
        ClampOp.name, PreprocessOp.name, PreprocessBackwardOp.name, LinearMapOp.name, LinearMapBackwardOp.name,
    ]

    public var name: String { type(of: operation).name }
    public var reads: [TensorID] { operation.reads }
    public var writes: [TensorID] { operation.writes }
    public func flops(batch n: Int) -> Int { operation.flops(batch: n) }
    public func footprint(batch n: Int) -> [(TensorID, Int)] { operation.footprint(batch: n) }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue _: Int) { nil }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        guard c.allKeys.count == 1, let key = c.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: c.codingPath, debugDescription: "an instruction is an object with exactly one operation key"))
        }
        switch key.stringValue {
        case DenseOp.name: self = .dense(try c.decode(DenseOp.self, forKey: key))
        case ActivationOp.name: self = .activation(try c.decode(ActivationOp.self, forKey: key))
        case DropoutOp.name: self = .dropout(try c.decode(DropoutOp.self, forKey: key))
        case LossOp.name: self = .loss(try c.decode(LossOp.self, forKey: key))
        case PenaltyOp.name: self = .penalty(try c.decode(PenaltyOp.self, forKey: key))
        case SumOp.name: self = .sum(try c.decode(SumOp.self, forKey: key))
        case ActivationBackwardOp.name: self = .activationBackward(try c.decode(ActivationBackwardOp.self, forKey: key))
        case MaskOp.name: self = .mask(try c.decode(MaskOp.self, forKey: key))
        case DenseBackwardOp.name: self = .denseBackward(try c.decode(DenseBackwardOp.self, forKey: key))
        case OptimizerOp.name: self = .optimizer(try c.decode(OptimizerOp.self, forKey: key))
        case ConcatOp.name: self = .concat(try c.decode(ConcatOp.self, forKey: key))
        case ZeroOp.name: self = .zero(try c.decode(ZeroOp.self, forKey: key))
        case ClampOp.name: self = .clamp(try c.decode(ClampOp.self, forKey: key))
        case PreprocessOp.name: self = .preprocess(try c.decode(PreprocessOp.self, forKey: key))
        case PreprocessBackwardOp.name: self = .preprocessBackward(try c.decode(PreprocessBackwardOp.self, forKey: key))
        case LinearMapOp.name: self = .linearMap(try c.decode(LinearMapOp.self, forKey: key))
        case LinearMapBackwardOp.name: self = .linearMapBackward(try c.decode(LinearMapBackwardOp.self, forKey: key))
        default:
            throw DecodingError.dataCorrupted(.init(
                codingPath: c.codingPath + [key],
                debugDescription: "unknown operation '\(key.stringValue)'; known: \(Instruction.names.joined(separator: ", "))"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        let key = Key(stringValue: name)
        switch self {
        case .dense(let o): try c.encode(o, forKey: key)
        case .activation(let o): try c.encode(o, forKey: key)
        case .dropout(let o): try c.encode(o, forKey: key)
        case .loss(let o): try c.encode(o, forKey: key)
        case .penalty(let o): try c.encode(o, forKey: key)
        case .sum(let o): try c.encode(o, forKey: key)
        case .activationBackward(let o): try c.encode(o, forKey: key)
        case .mask(let o): try c.encode(o, forKey: key)
        case .denseBackward(let o): try c.encode(o, forKey: key)
        case .optimizer(let o): try c.encode(o, forKey: key)
        case .concat(let o): try c.encode(o, forKey: key)
        case .zero(let o): try c.encode(o, forKey: key)
        case .clamp(let o): try c.encode(o, forKey: key)
        case .preprocess(let o): try c.encode(o, forKey: key)
        case .preprocessBackward(let o): try c.encode(o, forKey: key)
        case .linearMap(let o): try c.encode(o, forKey: key)
        case .linearMapBackward(let o): try c.encode(o, forKey: key)
        }
    }

    /// The instruction with every tensor operand `t` replaced by `f(t)`.
    public func mapTensors(_ f: (TensorID) -> TensorID) -> Instruction {
        switch self {
        case .dense(let o): return .dense(o.mapTensors(f))
        case .activation(let o): return .activation(o.mapTensors(f))
        case .dropout(let o): return .dropout(o.mapTensors(f))
        case .loss(let o): return .loss(o.mapTensors(f))
        case .penalty(let o): return .penalty(o.mapTensors(f))
        case .sum(let o): return .sum(o.mapTensors(f))
        case .activationBackward(let o): return .activationBackward(o.mapTensors(f))
        case .mask(let o): return .mask(o.mapTensors(f))
        case .denseBackward(let o): return .denseBackward(o.mapTensors(f))
        case .optimizer(let o): return .optimizer(o.mapTensors(f))
        case .concat(let o): return .concat(o.mapTensors(f))
        case .zero(let o): return .zero(o.mapTensors(f))
        case .clamp(let o): return .clamp(o.mapTensors(f))
        case .preprocess(let o): return .preprocess(o.mapTensors(f))
        case .preprocessBackward(let o): return .preprocessBackward(o.mapTensors(f))
        case .linearMap(let o): return .linearMap(o.mapTensors(f))
        case .linearMapBackward(let o): return .linearMapBackward(o.mapTensors(f))
        }
    }

    /// The instruction with the operands in `map` replaced.
    public func renaming(_ map: [TensorID: TensorID]) -> Instruction {
        map.isEmpty ? self : mapTensors { map[$0] ?? $0 }
    }

    /// One line: the name padded to a column, then the operands.
    public func listing(_ name: (TensorID) -> String) -> String {
        let n = self.name
        return n + String(repeating: " ", count: max(1, 20 - n.count)) + operation.describe(name)
    }
}
