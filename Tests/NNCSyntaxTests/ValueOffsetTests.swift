import NNCDiagnostics
import Testing
@testable import NNCSyntax

/// Columns inside a scalar's value, as the truth-expression parser reports them.
@Suite struct ValueOffsetTests {
    func locate(_ text: String, key: String, _ offset: Int) throws -> NNCDiagnostics.SourceLocation {
        let file = SourceFile(path: "t.yaml", text: text)
        let node = try #require(YAMLParser.parse(file).root?[key])
        return node.sourceLocation(ofValueOffset: offset, in: file)
    }

    @Test func plainScalar() throws {
        // truth: x^-0.1 * (1 - x)^5     ('*' is offset 7)
        #expect(try locate("truth: x^-0.1 * (1 - x)^5\n", key: "truth", 7) == at(1, 15))
        #expect(try locate("truth: x^-0.1 * (1 - x)^5\n", key: "truth", 0) == at(1, 8))
    }

    @Test func doubleQuotedScalar() throws {
        #expect(try locate("truth: \"x^-0.1 * (1 - x)^5\"\n", key: "truth", 7) == at(1, 16))
        // The end of the value is just before the closing quote.
        #expect(try locate("truth: \"ab\"\n", key: "truth", 2) == at(1, 11))
        #expect(try locate("truth: \"ab\"\n", key: "truth", 99) == at(1, 11))
    }

    @Test func escapesInDoubleQuotes() throws {
        // Value "a\tbé?" : offset 3 is 'é' (from \u00e9), offset 4 is '?'.
        let text = "t: \"a\\tb\\u00e9?\"\n"
        #expect(try locate(text, key: "t", 2) == at(1, 8))
        #expect(try locate(text, key: "t", 3) == at(1, 9))
        #expect(try locate(text, key: "t", 4) == at(1, 15))
    }

    @Test func singleQuotedDoubledQuote() throws {
        // 'it''s x' → "it's x": offset 5 is 'x'.
        #expect(try locate("t: 'it''s x'\n", key: "t", 5) == at(1, 11))
    }

    @Test func foldedPlainScalarOverLines() throws {
        // "x + y * 2": 'y' is offset 4, on the second line.
        let text = "truth: x +\n  y * 2\n"
        #expect(try locate(text, key: "truth", 2) == at(1, 10))
        #expect(try locate(text, key: "truth", 4) == at(2, 3))
        #expect(try locate(text, key: "truth", 6) == at(2, 5))
    }

    @Test func literalBlockScalar() throws {
        let text = "t: |\n  ab\n  cd\n"
        #expect(try locate(text, key: "t", 0) == at(2, 3))
        #expect(try locate(text, key: "t", 4) == at(3, 4))
    }

    @Test func spanOfRange() throws {
        let file = SourceFile(path: "t.yaml", text: "truth: \"sin(x) + foo(x)\"\n")
        let node = try #require(YAMLParser.parse(file).root?["truth"])
        #expect(node.sourceSpan(ofValueRange: 9..<12, in: file) == span(1, 18, 1, 21))
        #expect(node.sourceSpan(ofValueRange: 15..<15, in: file) == span(1, 24, 1, 25))
    }

    @Test func mismatchedFileNeverTraps() throws {
        let node = try #require(parse("truth: \"a + b + c\"\nx: 1\n").root?["truth"])
        let other = SourceFile(path: "t.yaml", text: "t: 1\n")
        // The answer stays inside the node's own span, whatever the file holds.
        let location = node.sourceLocation(ofValueOffset: 5, in: other)
        #expect(location >= node.span.start && location <= node.span.end)
        let range = node.sourceSpan(ofValueRange: 2..<9, in: SourceFile(path: "t.yaml", text: ""))
        #expect(range.start >= node.span.start && range.start <= node.span.end)
    }
}
