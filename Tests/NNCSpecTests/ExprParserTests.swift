@testable import NNCSpec
import Testing

struct ExprParserTests {
    func parse(_ s: String, _ vars: [String]? = ["x", "y"]) -> ExprParser.Result {
        ExprParser.parse(s, variables: vars)
    }

    @Test func precedenceAndAssociativity() {
        let x = Expr.variable("x")
        #expect(parse("1 + 2 * x").expression == .binary(.add, .number(1), .binary(.multiply, .number(2), x)))
        #expect(parse("x - 1 - 2").expression == .binary(.subtract, .binary(.subtract, x, .number(1)), .number(2)))
        #expect(parse("x ^ 2 ^ 3").expression == .binary(.power, x, .binary(.power, .number(2), .number(3))))
        #expect(parse("-x^2").expression == .negate(.binary(.power, x, .number(2))))
        #expect(parse("x^-0.1").expression == .binary(.power, x, .number(-0.1)))
        #expect(parse("(1 - x)^5").expression == .binary(.power, .binary(.subtract, .number(1), x), .number(5)))
        #expect(parse("x / y * 2").expression == .binary(.multiply, .binary(.divide, x, .variable("y")), .number(2)))
        #expect(parse("pow(x, 2) + exp(-x)").expression
            == .binary(.add, .call(.pow, [x, .number(2)]), .call(.exp, [.negate(x)])))
        #expect(parse("1e-3 * .5 + 2.5E+2").expression
            == .binary(.add, .binary(.multiply, .number(1e-3), .number(0.5)), .number(250)))
    }

    @Test func evaluatesTheDesignTruth() throws {
        let e = try #require(parse("x^-0.1 * (1 - x)^5").expression)
        let v = e.evaluate { _ in 0.25 }
        #expect(abs(v - Foundation_pow(0.25, -0.1) * Foundation_pow(0.75, 5)) < 1e-12)
    }

    @Test(arguments: [
        ("x +", 3, "the expression ends too early"),
        ("(x + 1", 6, "expected ')' to close '('"),
        ("x + * 2", 4, "expected a number, a name or '(', found '*'"),
        ("2x", 0, "expected an operator between '2' and 'x'"),
        ("x ** 2", 2, "'**' is not an operator here; powers are written with '^'"),
        ("x $ 2", 2, "unexpected character '$' in the expression"),
        ("x 2", 2, "unexpected '2' after a complete expression"),
        ("", 0, "the expression is empty"),
        ("sin x", 0, "the function 'sin' needs parentheses"),
    ])
    func syntaxErrorsAreAtTheirOffset(text: String, offset: Int, message: String) throws {
        let r = parse(text)
        #expect(r.expression == nil)
        let issue = try #require(r.issues.first)
        #expect(issue.code == "E0501")
        #expect(issue.start == offset)
        #expect(issue.message == message)
    }

    @Test func unknownNamesAndFunctions() throws {
        let r = parse("sinh(x) + zeta", ["x", "zeta2"])
        #expect(r.expression == nil)
        #expect(r.issues.map(\.code) == ["E0503", "E0502"])
        #expect(r.issues[0].start == 0 && r.issues[0].end == 4)
        #expect(r.issues[0].replacement == "sin")
        #expect(r.issues[1].start == 10)
        #expect(r.issues[1].replacement == "zeta2")
        let arity = parse("pow(x) + log(x, 2)")
        #expect(arity.issues.map(\.code) == ["E0504", "E0504"])
        #expect(arity.issues[0].message == "'pow' takes 2 arguments, but 1 was given")
    }

    @Test func anyNameIsAVariableWithoutAList() {
        #expect(parse("log(energy)", nil).expression?.variables == ["energy"])
    }

    @Test func deepNestingIsRefusedNotCrashed() {
        let deep = String(repeating: "(", count: 5000) + "x" + String(repeating: ")", count: 5000)
        #expect(parse(deep).issues.first?.message == "the expression is nested too deeply")
        let minus = String(repeating: "-", count: 5000) + "x"
        #expect(parse(minus).expression == nil)
    }
}

private func Foundation_pow(_ a: Double, _ b: Double) -> Double {
    var r = 1.0
    // exp/log form keeps the test independent of the evaluator's own pow call.
    r = (b * a.logarithm).exponential
    return r
}

private extension Double {
    var logarithm: Double { log(self) }
    var exponential: Double { exp(self) }
}

import Foundation
