import Foundation

extension Expr {
    /// The value of the expression with `variables` bound by position in `names`.
    /// Domain errors give NaN or infinity, as the functions themselves do; the
    /// caller decides what to report.
    public func evaluate(_ lookup: (String) -> Double) -> Double {
        switch self {
        case .number(let v): return v
        case .variable(let name): return lookup(name)
        case .negate(let a): return -a.evaluate(lookup)
        case .binary(let op, let a, let b):
            let x = a.evaluate(lookup)
            let y = b.evaluate(lookup)
            switch op {
            case .add: return x + y
            case .subtract: return x - y
            case .multiply: return x * y
            case .divide: return x / y
            case .power: return Foundation.pow(x, y)
            }
        case .call(let f, let args):
            let v = args.map { $0.evaluate(lookup) }
            switch f {
            case .exp: return Foundation.exp(v[0])
            case .log: return Foundation.log(v[0])
            case .sqrt: return v[0].squareRoot()
            case .sin: return Foundation.sin(v[0])
            case .cos: return Foundation.cos(v[0])
            case .tan: return Foundation.tan(v[0])
            case .tanh: return Foundation.tanh(v[0])
            case .abs: return Swift.abs(v[0])
            case .pow: return Foundation.pow(v[0], v[1])
            }
        }
    }
}
