import NNCDiagnostics

/// A parsed arithmetic expression from the spec (`truth:` and derived inputs):
/// numbers, variables, `+ - * / ^`, unary minus, and calls of
/// `exp log sqrt sin cos tan tanh abs pow`. `^` is right-associative and binds
/// tighter than unary minus (`-x^2` is `-(x^2)`), as in mathematics.
public indirect enum Expr: Equatable, Hashable, Sendable {
    case number(Double)
    case variable(String)
    case negate(Expr)
    case binary(BinaryOp, Expr, Expr)
    case call(Function, [Expr])

    public enum BinaryOp: String, Sendable, Hashable {
        case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^"
    }

    public enum Function: String, CaseIterable, Sendable, Hashable {
        case exp, log, sqrt, sin, cos, tan, tanh, abs, pow

        public var arity: Int { self == .pow ? 2 : 1 }
    }

    /// True for a name an expression can use as it is: ASCII letters, digits
    /// and `_`, not starting with a digit. Any other column name is written
    /// in backticks (`mean radius`).
    public static func isPlainName(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
        else { return false }
        return s.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }

    /// A variable as an expression writes it: the name, or the name in backticks.
    public static func written(_ name: String) -> String {
        isPlainName(name) ? name : "`" + name + "`"
    }

    /// The variables the expression reads, in first-use order.
    public var variables: [String] {
        var out: [String] = []
        func walk(_ e: Expr) {
            switch e {
            case .number: break
            case .variable(let v): if !out.contains(v) { out.append(v) }
            case .negate(let a): walk(a)
            case .binary(_, let a, let b): walk(a); walk(b)
            case .call(_, let args): args.forEach(walk)
            }
        }
        walk(self)
        return out
    }
}
