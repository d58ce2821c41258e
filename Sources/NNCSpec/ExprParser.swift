import NNCDiagnostics

/// Parses the arithmetic expressions of a spec (`truth:` and derived inputs).
///
/// Grammar, loosest binding first (`^` is right-associative and binds tighter
/// than unary minus, so `-x^2` is `-(x^2)` and `x^-0.1` is `x^(-0.1)`):
///
///     sum     = product (("+" | "-") product)*
///     product = unary (("*" | "/") unary)*
///     unary   = ("-" | "+") unary | power
///     power   = primary ("^" unary)?
///     primary = number | name | quoted | name "(" sum ("," sum)* ")" | "(" sum ")"
///     quoted  = "`" any characters but "`" and line breaks "`"
///
/// A quoted name is a variable whose name is not an identifier (a data
/// column called `mean radius`); it is never a function.
///
/// Positions in issues are offsets in Unicode scalars into the text, so the
/// decoder can point at the column inside the YAML string.
public struct ExprParser {
    /// Characters that look like an operator but are not ASCII, with the operator meant.
    static let lookalikes: [Unicode.Scalar: String] = [
        "\u{2212}": "-", "\u{2013}": "-", "\u{2014}": "-", "\u{2010}": "-", "\u{2012}": "-",
        "\u{00D7}": "*", "\u{22C5}": "*", "\u{00B7}": "*", "\u{2217}": "*", "\u{00F7}": "/", "\u{2215}": "/",
    ]

    /// A problem found in an expression, at value offsets `[start, end)`.
    public struct Issue: Equatable, Sendable {
        public var code: DiagnosticCode
        public var start: Int
        public var end: Int
        public var message: String
        public var label: String?
        public var notes: [String]
        /// A suggested replacement for the text at `[start, end)`.
        public var replacement: String?

        public init(
            _ code: DiagnosticCode, _ start: Int, _ end: Int, _ message: String,
            label: String? = nil, notes: [String] = [], replacement: String? = nil
        ) {
            self.code = code
            self.start = start
            self.end = max(end, start)
            self.message = message
            self.label = label
            self.notes = notes
            self.replacement = replacement
        }
    }

    /// The outcome: the expression when the text parsed, and every issue.
    /// A syntax error stops the parse; unknown names are all collected.
    public struct Result: Sendable {
        public var expression: Expr?
        public var issues: [Issue]
    }

    /// Expressions deeper than this are refused rather than risk the stack.
    static let maxDepth = 200

    private enum Token: Equatable {
        case number(Double)
        case name(String)
        /// A name in backticks, without them.
        case quotedName(String)
        case op(Character)
        case end
    }

    private let text: [Unicode.Scalar]
    private var tokens: [(token: Token, start: Int, end: Int)] = []
    private var index = 0
    private var depth = 0
    private var issues: [Issue] = []
    private let variables: [String]?
    /// What the allowed variables are called in messages ("input").
    private let variableRole: String

    /// Parses `text`. With `variables` nil any name is accepted as a variable
    /// (a derived input names its raw columns); otherwise a name must be one of them.
    public static func parse(_ text: String, variables: [String]?, variableRole: String = "input") -> Result {
        var p = ExprParser(text: Array(text.unicodeScalars), variables: variables, variableRole: variableRole)
        return p.run()
    }

    private init(text: [Unicode.Scalar], variables: [String]?, variableRole: String) {
        self.text = text
        self.variables = variables
        self.variableRole = variableRole
    }

    private struct Stop: Error {}

    private mutating func run() -> Result {
        do {
            try tokenize()
            if tokens.count == 1 {
                throw fail(0, text.count, "the expression is empty", label: "expected an expression")
            }
            let e = try sum()
            if case .end = tokens[index].token {} else {
                try spacedName()
                let t = tokens[index]
                throw fail(t.start, t.end, "unexpected '\(slice(t.start, t.end))' after a complete expression",
                           label: "expected an operator or the end")
            }
            return Result(expression: issues.isEmpty ? e : nil, issues: issues)
        } catch {
            return Result(expression: nil, issues: issues)
        }
    }

    private func slice(_ a: Int, _ b: Int) -> String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: text[max(0, a)..<min(b, text.count)])
        return String(s)
    }

    @discardableResult
    private mutating func fail(_ start: Int, _ end: Int, _ message: String, label: String? = nil,
                               notes: [String] = [], replacement: String? = nil) -> Stop {
        issues.append(Issue(.expressionSyntax, start, end, message, label: label, notes: notes, replacement: replacement))
        return Stop()
    }

    // MARK: Tokens

    private static func isNameStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c)
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }

    private mutating func tokenize() throws {
        var i = 0
        while i < text.count {
            let c = text[i]
            if c == " " || c == "\t" || c == "\n" || c == "\r" {
                i += 1
            } else if Self.isDigit(c) || (c == "." && i + 1 < text.count && Self.isDigit(text[i + 1])) {
                let start = i
                while i < text.count, Self.isDigit(text[i]) { i += 1 }
                if i < text.count, text[i] == "." {
                    i += 1
                    while i < text.count, Self.isDigit(text[i]) { i += 1 }
                }
                if i < text.count, text[i] == "e" || text[i] == "E" {
                    var j = i + 1
                    if j < text.count, text[j] == "+" || text[j] == "-" { j += 1 }
                    if j < text.count, Self.isDigit(text[j]) {
                        while j < text.count, Self.isDigit(text[j]) { j += 1 }
                        i = j
                    }
                }
                let literal = slice(start, i)
                guard let v = Double(literal), v.isFinite else {
                    throw fail(start, i, "the number '\(literal)' is too large", label: "not a finite number")
                }
                if i < text.count, Self.isNameStart(text[i]) {
                    var j = i
                    while j < text.count, Self.isNameStart(text[j]) || Self.isDigit(text[j]) { j += 1 }
                    throw fail(start, j, "expected an operator between '\(literal)' and '\(slice(i, j))'",
                               label: "write '\(literal) * \(slice(i, j))' to multiply",
                               replacement: "\(literal) * \(slice(i, j))")
                }
                tokens.append((.number(v), start, i))
            } else if Self.isNameStart(c) {
                let start = i
                while i < text.count, Self.isNameStart(text[i]) || Self.isDigit(text[i]) { i += 1 }
                tokens.append((.name(slice(start, i)), start, i))
            } else if c == "`" {
                let start = i
                i += 1
                while i < text.count, text[i] != "`", text[i] != "\n", text[i] != "\r" { i += 1 }
                guard i < text.count, text[i] == "`" else {
                    throw fail(start, i, "a name in backticks is never closed", label: "expected a closing '`'",
                               notes: ["a column name that is not an identifier is written in backticks: `mean radius`"])
                }
                i += 1
                let name = slice(start + 1, i - 1)
                if name.trimmingCharacters(in: .whitespaces).isEmpty {
                    throw fail(start, i, "the backticks hold no name", label: "expected a column name inside")
                }
                tokens.append((.quotedName(name), start, i))
            } else if "+-*/^(),".unicodeScalars.contains(c) {
                if c == "*", i + 1 < text.count, text[i + 1] == "*" {
                    throw fail(i, i + 2, "'**' is not an operator here; powers are written with '^'",
                               label: "use '^'", replacement: "^")
                }
                tokens.append((.op(Character(c)), i, i + 1))
                i += 1
            } else if let ascii = Self.lookalikes[c] {
                // Word processors and PDFs turn '-' into dashes and '*' into '×'.
                throw fail(i, i + 1, "'\(Character(c))' (U+\(String(c.value, radix: 16, uppercase: true))) is not the operator '\(ascii)'",
                           label: "write '\(ascii)'", replacement: ascii)
            } else {
                throw fail(i, i + 1, "unexpected character '\(Character(c))' in the expression",
                           label: "not part of an expression",
                           notes: ["expressions use numbers, names, + - * / ^, parentheses and calls such as exp(x)"])
            }
        }
        tokens.append((.end, text.count, text.count))
    }

    // MARK: Grammar

    private var current: (token: Token, start: Int, end: Int) { tokens[index] }

    private mutating func isOp(_ c: Character) -> Bool {
        if case .op(c) = current.token { return true }
        return false
    }

    private mutating func sum() throws -> Expr {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maxDepth {
            throw fail(current.start, current.end, "the expression is nested too deeply",
                       label: "more than \(Self.maxDepth) levels")
        }
        var left = try product()
        while isOp("+") || isOp("-") {
            let op: Expr.BinaryOp = isOp("+") ? .add : .subtract
            index += 1
            left = .binary(op, left, try product())
        }
        return left
    }

    private mutating func product() throws -> Expr {
        var left = try unary()
        while isOp("*") || isOp("/") {
            let op: Expr.BinaryOp = isOp("*") ? .multiply : .divide
            index += 1
            left = .binary(op, left, try unary())
        }
        return left
    }

    private mutating func unary() throws -> Expr {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maxDepth {
            throw fail(current.start, current.end, "the expression is nested too deeply",
                       label: "more than \(Self.maxDepth) levels")
        }
        if isOp("-") {
            index += 1
            let operand = try unary()
            if case .number(let v) = operand { return .number(-v) }
            return .negate(operand)
        }
        if isOp("+") {
            index += 1
            return try unary()
        }
        return try power()
    }

    private mutating func power() throws -> Expr {
        let base = try primary()
        if isOp("^") {
            index += 1
            return .binary(.power, base, try unary())
        }
        return base
    }

    private mutating func primary() throws -> Expr {
        let t = current
        switch t.token {
        case .number(let v):
            index += 1
            return .number(v)
        case .name(let name):
            index += 1
            if isOp("(") { return try call(name, start: t.start, end: t.end) }
            if Expr.Function(rawValue: name) != nil {
                throw fail(t.start, t.end, "the function '\(name)' needs parentheses",
                           label: "write \(name)(...)")
            }
            checkVariable(name, start: t.start, end: t.end)
            return .variable(name)
        case .quotedName(let name):
            index += 1
            checkVariable(name, start: t.start, end: t.end)
            return .variable(name)
        case .op("("):
            index += 1
            let inner = try sum()
            guard isOp(")") else {
                throw fail(current.start, max(current.end, current.start + 1), "expected ')' to close '('",
                           label: "expected ')'")
            }
            index += 1
            return inner
        case .end:
            throw fail(t.start, t.start + 1, "the expression ends too early", label: "expected a number, a name or '('")
        case .op(let c):
            throw fail(t.start, t.end, "expected a number, a name or '(', found '\(c)'", label: "expected an operand")
        }
    }

    private mutating func call(_ name: String, start: Int, end: Int) throws -> Expr {
        index += 1  // "("
        var args: [Expr] = []
        if !isOp(")") {
            args.append(try sum())
            while isOp(",") {
                index += 1
                args.append(try sum())
            }
        }
        guard isOp(")") else {
            try spacedName()
            throw fail(current.start, max(current.end, current.start + 1), "expected ')' to close the call of '\(name)'",
                       label: "expected ')' or ','")
        }
        let close = current.end
        index += 1
        guard let f = Expr.Function(rawValue: name) else {
            let known = Expr.Function.allCases.map(\.rawValue)
            let guess = DidYouMean.suggestion(for: name, among: known)
            issues.append(Issue(
                .unknownFunction, start, end, "unknown function '\(name)'",
                label: guess.map { "did you mean '\($0)'?" } ?? "not a function nnc knows",
                notes: ["known functions: " + known.joined(separator: ", ")],
                replacement: guess))
            return .number(0)
        }
        if args.count != f.arity {
            let want = f.arity == 1 ? "1 argument" : "\(f.arity) arguments"
            let got = args.count == 1 ? "1 was given" : "\(args.count) were given"
            issues.append(Issue(.wrongArity, start, close, "'\(name)' takes \(want), but \(got)",
                                label: f == .pow ? "write pow(base, exponent)" : "write \(name)(x)"))
            return .number(0)
        }
        return .call(f, args)
    }

    /// At a name that directly follows another (`mean area`): words separated
    /// by spaces were meant as one column name, which is written in backticks.
    /// Fails with that fix; returns when the tokens are not such words.
    private mutating func spacedName() throws {
        guard case .name = current.token, index > 0, case .name = tokens[index - 1].token else { return }
        var first = index - 1
        while first > 0, case .name = tokens[first - 1].token { first -= 1 }
        var last = index
        while last + 1 < tokens.count, case .name = tokens[last + 1].token { last += 1 }
        let start = tokens[first].start, end = tokens[last].end
        let words = slice(start, end)
        throw fail(start, end, "'\(words)' is not one name",
                   label: "a column name with spaces is written in backticks",
                   notes: ["names in an expression are letters, digits and '_'; any other column name is written `like this`"],
                   replacement: "`\(words)`")
    }

    private mutating func checkVariable(_ name: String, start: Int, end: Int) {
        guard let variables, !variables.contains(name) else { return }
        let guess = DidYouMean.suggestion(for: name, among: variables).map(Expr.written)
        let known = variables.isEmpty ? "none" : variables.map(Expr.written).joined(separator: ", ")
        issues.append(Issue(
            .unknownVariable, start, end, "unknown name '\(name)' in the expression",
            label: guess.map { "did you mean '\($0)'?" } ?? "not an \(variableRole)",
            notes: ["the expression may use the \(variableRole)s: \(known)"],
            replacement: guess))
    }
}
