/// What every operation of the closed op set says about itself, for the
/// passes that handle instructions generically (liveness, FLOP totals,
/// listings). The interpreter never goes through this protocol: it switches
/// on `Instruction` and calls the kernel with the payload's fields.
public protocol Operation: Codable, Equatable, Sendable {
    /// The operation's name in JSON and in listings: `dense`, `dense_backward`.
    static var name: String { get }
    /// Tensors the operation reads.
    var reads: [TensorID] { get }
    /// Tensors the operation writes (in place counts as both).
    var writes: [TensorID] { get }
    /// Floating-point operations on a batch of `n` points (`FlopCount`'s conventions).
    func flops(batch n: Int) -> Int
    /// The operands and options after the name, for `--dump plan`.
    func describe(_ name: (TensorID) -> String) -> String
    /// The same operation with every tensor operand `t` replaced by `f(t)`.
    func mapTensors(_ f: (TensorID) -> TensorID) -> Self
    /// The floats the kernel reads or writes in each operand on a batch of
    /// `n` points: `Plan.validate` checks each tensor holds them, so no plan
    /// file, however edited, makes a kernel touch memory outside its tensors.
    func footprint(batch n: Int) -> [(TensorID, Int)]
}

extension Operation {
    /// `name@offset` of a tensor in a listing.
    static func operand(_ label: String, _ id: TensorID?, _ name: (TensorID) -> String) -> String {
        guard let id else { return "" }
        return " \(label)=\(name(id))"
    }

    /// A loss term's destination: a slot of the terms tensor, given when a program is compiled.
    static func slot(_ value: TensorID, _ slot: Int, _ name: (TensorID) -> String) -> String {
        slot < 0 ? " value=(a slot per program)" : " value=\(name(value))[\(slot)]"
    }
}

/// How nnc counts floating-point operations. The GEMMs dominate and are
/// counted exactly, a multiply-add as two FLOPs; the rest are per element,
/// transcendental functions as one. Counts saturate at `Int.max`.
public enum FlopCount {
    /// An activation over `elements` values: none for linear, 3 each for softmax, else 1.
    public static func activation(_ kind: ActivationKind, elements: Int) -> Int {
        switch kind {
        case .linear: return 0
        case .softmax: return mul(3, elements)
        default: return elements
        }
    }

    /// Per parameter: sgd 2 (+2 with momentum, +1 more with nesterov),
    /// adagrad 4, rmsprop 5, adam 9, adamw 11, and 3 more with `clipnorm`.
    public static func optimizer(_ o: Optimizer, parameters: Int) -> Int {
        var perParameter: Int
        switch o.kind {
        case .sgd: perParameter = 2 + (o.momentum != 0 ? 2 : 0) + (o.nesterov ? 1 : 0)
        case .adagrad: perParameter = 4
        case .rmsprop: perParameter = 5
        case .adam: perParameter = 9
        case .adamw: perParameter = 11
        }
        if o.clipnorm != nil { perParameter += 3 }
        return mul(perParameter, parameters)
    }

    public static func mul(_ a: Int, _ b: Int) -> Int {
        let (r, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? Int.max : r
    }

    public static func add(_ terms: Int...) -> Int {
        sum(terms)
    }

    public static func sum(_ terms: [Int]) -> Int {
        terms.reduce(0) { total, t in
            let (r, overflow) = total.addingReportingOverflow(t)
            return overflow ? Int.max : r
        }
    }
}
