import NNCDiagnostics
import Testing
@testable import NNCSyntax

@Suite struct DiagnosticTests {
    @Test func duplicateKeyAtSecondWithNoteAtFirst() throws {
        let doc = parse("training:\n  epochs: 1000\n  loss: mse\n  epochs: 5000\n")
        let d = try #require(doc.diagnostics.first)
        #expect(doc.diagnostics.count == 1)
        #expect(d.code == DiagnosticCode.duplicateKey)
        #expect(d.span == span(4, 3, 4, 9))
        #expect(d.message == "duplicate key 'epochs' in this mapping")
        #expect(d.notes.first?.span == span(2, 3, 2, 9))
        // The tree is kept, with the first value.
        #expect(doc.root?.at("training")?.keys == ["epochs", "loss"])
        #expect(doc.root?.at("training", "epochs")?.scalar?.value == "1000")
    }

    /// Found by the fuzzer (docs/fuzzing.md): a list item marker with nothing
    /// after it, above a line libyaml rejects, trapped in the hint that looks
    /// for a missing space.
    @Test func anEmptyListItemAboveASyntaxErrorIsReported() {
        let doc = parse("layers:\n  - \n    a: b: c\n")
        #expect(doc.diagnostics.map(\.code) == [DiagnosticCode.syntaxError])
    }

    @Test func quotedAndPlainKeysAreTheSameKey() {
        let doc = parse("{a: 1, 'a': 2}")
        #expect(doc.diagnostics.map(\.code) == [DiagnosticCode.duplicateKey])
        #expect(doc.diagnostics.first?.span == span(1, 8, 1, 11))
    }

    @Test func secondDocumentIsReportedAtItsStart() throws {
        let doc = parse("---\nnnc: 1\n---\nnnc: 2\n")
        #expect(doc.diagnostics.map(\.code) == [DiagnosticCode.multipleDocuments])
        #expect(doc.diagnostics.first?.span == span(3, 1, 3, 4))
        #expect(doc.root?.at("nnc")?.scalar?.value == "1")
    }

    @Test func textAfterDocumentEndMarker() {
        // libyaml wants '---' before a document that follows '...', so this is a syntax error.
        let doc = parse("a: 1\n...\nb: 2\n")
        #expect(doc.diagnostics.map(\.code) == [DiagnosticCode.syntaxError])
        #expect(doc.diagnostics.first?.span.start == at(3, 1))
        #expect(doc.diagnostics.first?.notes.contains { $0.message.contains("one YAML document") } == true)
    }

    @Test(arguments: ["", "\n\n", "# only a comment\n", "---\n", "--- # nothing\n...\n"])
    func emptyFile(text: String) {
        let doc = parse(text)
        #expect(doc.root == nil)
        #expect(doc.diagnostics.map(\.code) == [DiagnosticCode.emptyFile])
        #expect(doc.diagnostics.first?.span == .wholeFile("t.yaml"))
    }

    @Test func nullDocumentIsNotEmpty() {
        let doc = parse("~\n")
        #expect(doc.diagnostics.isEmpty)
        #expect(doc.root?.scalar?.isNull == true)
    }

    @Test func tabIndentation() throws {
        let doc = parse("network:\n\tlayers: []\n")
        let d = try #require(doc.diagnostics.first)
        #expect(doc.diagnostics.count == 1)
        #expect(doc.root == nil)
        #expect(d.code == DiagnosticCode.tabIndentation)
        #expect(d.message == "tabs are not allowed for indentation in YAML; indent with spaces")
        #expect(d.span == span(2, 1, 2, 2))
    }

    @Test func tabAfterSpacesInIndentation() throws {
        let d = try #require(parse("a:\n  b: 1\n  \tc: 2\n").diagnostics.first)
        #expect(d.code == DiagnosticCode.tabIndentation)
        #expect(d.span == span(3, 3, 3, 4))
    }

    @Test func tabAfterColonIsAccepted() {
        // libyaml allows a tab as the separator after ':'; so does nnc.
        let doc = parse("a:\t1\n")
        #expect(doc.diagnostics.isEmpty)
        #expect(doc.root?.at("a")?.scalar?.value == "1")
    }

    /// libyaml's errors, each at the line and column where the text goes wrong.
    @Test(arguments: [
        // A second 'key:' on a line: at that ':'.
        ("a: b: c\n", 1, 5, "'b:' cannot follow 'a:' on the same line"),
        ("a: 1\n  b: 2\n", 2, 4, "mapping values are not allowed in this context"),
        ("a:\n  - 1\n b: 2\n", 3, 2, "did not find expected key"),
        // An unclosed bracket before the next key: where the ']' is missing.
        ("a: [1, 2\nb: 3\n", 1, 9, "the list opened at 1:4 is not closed"),
        // At the end of the file: just after the last text.
        ("a: {x: 1\n", 1, 9, "did not find expected ',' or '}'"),
        // A quote never closed: at the quote, not at the end of the file.
        ("a: \"abc\nb: 1\n\n", 1, 4, "this quote is never closed"),
        ("a: @x\n", 1, 4, "found character that cannot start any token"),
        ("[1]\nfoo\n", 2, 1, "did not find expected <document start>"),
        ("a: \"\\q\"\n", 1, 5, "found unknown escape character"),
        ("a: - 1\n", 1, 4, "block sequence entries are not allowed in this context"),
        ("a: * x\n", 1, 5, "did not find expected alphabetic or numeric character"),
        ("key\nother: 1\n", 2, 6, "mapping values are not allowed in this context"),
        ("- a\nb: 1\n", 2, 1, "did not find expected '-' indicator"),
        ("a: [1,,]\n", 1, 7, "did not find expected node content"),
    ])
    func libyamlSyntaxErrors(text: String, line: Int, column: Int, problem: String) throws {
        let doc = parse(text)
        #expect(doc.root == nil)
        let d = try #require(doc.diagnostics.first)
        #expect(doc.diagnostics.count == 1)
        #expect(d.code == DiagnosticCode.syntaxError)
        #expect(d.message == problem)
        #expect(d.span.start == at(line, column))
        #expect(d.label != nil)
        #expect(!d.notes.isEmpty)
    }

    @Test func missingSpaceAfterColonIsReportedOnItsLine() throws {
        let d = try #require(parse("nnc: 1\nname:fit\ninputs: [x]\n").diagnostics.first)
        #expect(d.code == DiagnosticCode.syntaxError)
        #expect(d.message == "missing space after ':'")
        #expect(d.span == span(2, 5, 2, 6))
        #expect(d.fixIt?.replacement == ": ")
        #expect(d.notes.contains { $0.message.contains("could not find expected ':'") })
    }

    @Test func missingColonIsReportedOnTheKey() throws {
        let d = try #require(parse("nnc: 1\nnetwork  # the net\n  layers: []\n").diagnostics.first)
        #expect(d.message == "missing ':' after 'network'")
        #expect(d.span == span(2, 1, 2, 8))
        #expect(d.fixIt == FixIt(span: span(2, 8, 2, 8), replacement: ":", message: "insert ':' after 'network'"))
    }

    @Test func lineBetweenListItemAndItsKeys() throws {
        let text = "layers:\n  - dense: 25\n   activation: tanh\n"
        let d = try #require(parse(text).diagnostics.first)
        #expect(d.span.start == at(3, 4))
        #expect(d.notes.contains { $0.message.contains("indent it to column 5 to continue the item") })
    }

    @Test func lineIndentedPastAValue() throws {
        let d = try #require(parse("nnc: 1\n  name: x\n").diagnostics.first)
        #expect(d.message == "mapping values are not allowed in this context")
        #expect(d.span == span(2, 7, 2, 8))
        #expect(d.notes.contains { $0.message.contains("indented more than the line above") })
    }

    @Test func quoteInsideQuotedString() throws {
        let d = try #require(parse("nnc: 1\nname: 'it's'\n").diagnostics.first)
        #expect(d.span.start == at(2, 11))
        #expect(d.label == "text after the closing quote")
        #expect(d.notes.contains { $0.message.contains("write ''") })
    }

    @Test func syntaxErrorNotesPointAtTheConstruct() throws {
        let d = try #require(parse("a: [1, 2\nb: 3\n").diagnostics.first)
        #expect(d.notes.first?.message == "the list starts here")
        #expect(d.notes.first?.span == span(1, 4, 1, 5))
        #expect(d.fixIt?.replacement == "]")
        #expect(d.fixIt?.span == span(1, 9, 1, 9))
    }

    @Test func unclosedQuoteNotePointsAtTheString() throws {
        let d = try #require(parse("a: 1\nb: 'abc\n").diagnostics.first)
        #expect(d.span == span(2, 4, 2, 5))
        #expect(d.message == "this quote is never closed")
        #expect(d.fixIt?.replacement == "'")
        #expect(d.fixIt?.span == span(2, 8, 2, 8))
    }

    @Test func controlCharacter() throws {
        let doc = parse("a: 1\nname: fi\u{0C}t\n")
        let d = try #require(doc.diagnostics.first)
        #expect(d.code == DiagnosticCode.forbiddenCharacter)
        #expect(d.span == span(2, 9, 2, 10))
        #expect(d.message == "control character U+000C is not allowed in YAML text")
    }

    @Test func controlCharacterAfterMultibyteText() throws {
        let d = try #require(parse("é: ü\u{7F}\n").diagnostics.first)
        #expect(d.code == DiagnosticCode.forbiddenCharacter)
        #expect(d.span.start == at(1, 5))
    }

    @Test func mappingAsKey() throws {
        let doc = parse("? {a: 1}\n: 2\n[x, y]: 3\nok: 4\n")
        #expect(doc.diagnostics.map(\.code) == [DiagnosticCode.nonScalarKey, DiagnosticCode.nonScalarKey])
        #expect(doc.diagnostics[0].span == span(1, 3, 1, 9))
        #expect(doc.diagnostics[1].span == span(3, 1, 3, 7))
        #expect(doc.root?.keys == ["ok"])
    }

    @Test func deepFlowNestingIsCapped() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let doc = parse(String(repeating: "[", count: 10_000))
        #expect(clock.now - start < .seconds(3))
        #expect(doc.root == nil)
        #expect(doc.diagnostics.map(\.code) == [DiagnosticCode.nestingTooDeep])
        #expect(doc.diagnostics.first?.span.start == at(1, 513))
    }

    @Test func deepBlockNestingIsCapped() {
        var text = ""
        for level in 0..<20 { text += String(repeating: " ", count: level) + "k:\n" }
        let doc = parse(text, limits: YAMLParser.Limits(maxDepth: 10))
        #expect(doc.diagnostics.map(\.code) == [DiagnosticCode.nestingTooDeep])
        #expect(doc.diagnostics.first?.span.start == at(11, 11))
        #expect(parse(text).diagnostics.isEmpty)
    }

    @Test func everyCodeIsDocumented() {
        let codes = [
            DiagnosticCode.unreadableFile, DiagnosticCode.invalidUTF8, DiagnosticCode.emptyFile, DiagnosticCode.syntaxError,
            DiagnosticCode.tabIndentation, DiagnosticCode.duplicateKey, DiagnosticCode.multipleDocuments,
            DiagnosticCode.unknownAlias, DiagnosticCode.aliasExpansionTooLarge, DiagnosticCode.nestingTooDeep,
            DiagnosticCode.invalidMerge, DiagnosticCode.nonScalarKey, DiagnosticCode.forbiddenCharacter,
        ]
        #expect(Set(codes).count == codes.count)
        for code in codes {
            let info = Catalogue.entry(for: code)
            #expect(info != nil, "\(code) has no catalogue entry")
            #expect((info?.explanation.components(separatedBy: "\n\n").count ?? 0) >= 3, "\(code) needs several paragraphs")
            #expect(info?.explanation.contains("Fix") == true, "\(code) should say how to fix it")
        }
        let syntax = Catalogue.all.filter { $0.code.rawValue.hasPrefix("E00") }
        #expect(Set(syntax.map(\.code)) == Set(codes))
    }
}
