import NNCDiagnostics
import Testing
@testable import NNCSyntax

@Suite struct SpanTests {
    let text = """
        nnc: 1
        name: "gluon fit"
        inputs: [x, y]
        network:
          layers:
            - dense: 25
              activation: tanh

            # a comment between
            - dense: 1
        training: {loss: mse, epochs: 10}

        """

    @Test func blockMappingAndScalars() throws {
        let doc = parse(text)
        #expect(doc.diagnostics.isEmpty)
        let root = try #require(doc.root)
        #expect(root.keys == ["nnc", "name", "inputs", "network", "training"])
        // The root mapping ends with its last value, not on the following line.
        #expect(root.span == span(1, 1, 11, 34))
        #expect(root.mapping?[0].key.span == span(1, 1, 1, 4))
        #expect(root.at("nnc")?.span == span(1, 6, 1, 7))
        #expect(root.at("nnc")?.scalar == Scalar("1"))
    }

    @Test func quotedScalarIncludesQuotes() throws {
        let name = try #require(parse(text).root?.at("name"))
        #expect(name.scalar == Scalar("gluon fit", style: .doubleQuoted))
        #expect(name.span == span(2, 7, 2, 18))
        #expect(name.contentSpan == span(2, 8, 2, 17))
    }

    @Test func flowSequenceAndMapping() throws {
        let root = try #require(parse(text).root)
        #expect(root.at("inputs")?.span == span(3, 9, 3, 15))
        #expect(root.at("inputs", 1)?.span == span(3, 13, 3, 14))
        let training = try #require(root.at("training"))
        #expect(training.span == span(11, 11, 11, 34))
        #expect(training.at("epochs")?.span == span(11, 31, 11, 33))
    }

    @Test func blockSequenceEndsAtLastItemNotAtComment() throws {
        let root = try #require(parse(text).root)
        let layers = try #require(root.at("network", "layers"))
        #expect(layers.sequence?.count == 2)
        #expect(layers.span == span(6, 5, 10, 15))
        #expect(layers.at(0)?.span == span(6, 7, 7, 23))
        #expect(layers.at(0, "activation")?.span == span(7, 19, 7, 23))
        #expect(root.at("network")?.span == span(5, 3, 10, 15))
    }

    @Test func emptyValueIsZeroWidthAfterColon() throws {
        let root = try #require(parse("a:\nb: 2\n").root)
        let a = try #require(root.at("a"))
        #expect(a.scalar?.isNull == true)
        #expect(a.span == span(1, 3, 1, 3))
        #expect(root.span == span(1, 1, 2, 5))
    }

    @Test func blockScalarsEndAtTheirLastText() throws {
        let root = try #require(parse("a: |\n  one\n  two\n\n\nb: >-\n  x\n  y\n").root)
        #expect(root.at("a")?.scalar == Scalar("one\ntwo\n", style: .literal))
        #expect(root.at("a")?.span == span(1, 4, 3, 6))
        #expect(root.at("b")?.scalar == Scalar("x y", style: .folded))
        #expect(root.at("b")?.span == span(6, 4, 8, 4))
    }

    @Test func multiLinePlainScalar() throws {
        let root = try #require(parse("truth: x +\n  y * 2\nnext: 1\n").root)
        #expect(root.at("truth")?.scalar?.value == "x + y * 2")
        #expect(root.at("truth")?.span == span(1, 8, 2, 8))
    }

    @Test func propertiesAreNotPartOfTheSpan() throws {
        let root = try #require(parse("a: !!str &x 12\nb: &m\n  k: v\nc: !custom [1]\n").root)
        let a = try #require(root.at("a"))
        #expect(a.span == span(1, 13, 1, 15))
        #expect(a.tag == "!!str")
        #expect(root.at("b")?.span == span(3, 3, 3, 7))
        #expect(root.at("c")?.tag == "!custom")
        #expect(root.at("c")?.span == span(4, 12, 4, 15))
    }

    @Test func columnsCountUnicodeScalars() throws {
        let root = try #require(parse("é: 'ü'\nb: ö\n").root)
        #expect(root.at("é")?.span == span(1, 4, 1, 7))
        #expect(root.at("b")?.span == span(2, 4, 2, 5))
    }

    @Test func byteOrderMarkDoesNotShiftColumns() throws {
        // A BOM left in the text is the first scalar of line 1, and stays counted.
        let root = try #require(parse("\u{FEFF}a: 1\nb: 2\n").root)
        #expect(root.at("a")?.span == span(1, 5, 1, 6))
        #expect(root.at("b")?.span == span(2, 4, 2, 5))
    }

    @Test func crlfLineEnds() throws {
        let (file, diagnostics) = YAMLParser.source(path: "t.yaml", bytes: Array("a: 1\r\nb: [2,\r\n 3]\r\n".utf8))
        #expect(diagnostics.isEmpty)
        #expect(file.lines.count == 4)
        let root = try #require(YAMLParser.parse(file).root)
        #expect(root.at("b")?.span == span(2, 4, 3, 4))
        #expect(root.at("b", 1)?.span == span(3, 2, 3, 3))
    }

    @Test func nestedFlowAcrossLines() throws {
        let root = try #require(parse("x: {logspace: [1.0e-3,\n   1.0], points: 200}\n").root)
        #expect(root.at("x")?.span == span(1, 4, 2, 22))
        #expect(root.at("x", "logspace")?.span == span(1, 15, 2, 8))
        #expect(root.at("x", "logspace", 1)?.span == span(2, 4, 2, 7))
    }
}
