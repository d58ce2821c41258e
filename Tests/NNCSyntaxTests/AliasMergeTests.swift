import NNCDiagnostics
import Testing
@testable import NNCSyntax

@Suite struct AliasMergeTests {
    @Test func aliasCopiesAnchoredNodeAndKeepsItsOwnSpan() throws {
        let doc = parse("opt: &fast {adam: {learning_rate: 0.01}}\nother: *fast\n")
        #expect(doc.diagnostics.isEmpty)
        let root = try #require(doc.root)
        let original = try #require(root.at("opt"))
        let copy = try #require(root.at("other"))
        #expect(copy.at("adam", "learning_rate")?.scalar?.value == "0.01")
        #expect(copy.span == original.span)
        #expect(copy.aliasSpan == span(2, 8, 2, 13))
        #expect(copy.reportSpan == span(2, 8, 2, 13))
        #expect(original.aliasSpan == nil)
        // The root ends at the alias, where the text ends.
        #expect(root.span == span(1, 1, 2, 13))
    }

    @Test func scalarAnchorAndAliasInList() throws {
        let root = try #require(parse("a: &n 25\nwidths: [*n, *n, 3]\n").root)
        #expect(root.at("widths")?.sequence?.map(\.description) == ["25", "25", "3"])
        #expect(root.at("widths", 1)?.aliasSpan == span(2, 14, 2, 16))
    }

    @Test func mergeSingleMapping() throws {
        let text = """
            base: &base
              loss: mse
              epochs: 100
            training:
              <<: *base
              epochs: 5000
            """
        let doc = parse(text)
        #expect(doc.diagnostics.isEmpty)
        let training = try #require(doc.root?.at("training"))
        // The explicit key wins over the merged one, and is not a duplicate.
        #expect(training.keys == ["loss", "epochs"])
        #expect(training.at("epochs")?.scalar?.value == "5000")
        #expect(training.at("epochs")?.span == span(6, 11, 6, 15))
        #expect(training.at("loss")?.span == span(2, 9, 2, 12))
    }

    @Test func mergeListFirstWins() throws {
        let text = """
            a: &a {x: 1, y: 1}
            b: &b {y: 2, z: 2}
            c:
              <<: [*a, *b]
              w: 0
            d: {<<: [*b, *a]}
            """
        let doc = parse(text)
        #expect(doc.diagnostics.isEmpty)
        let c = try #require(doc.root?.at("c"))
        #expect(c.keys == ["x", "y", "z", "w"])
        #expect(c.at("y")?.scalar?.value == "1")
        #expect(doc.root?.at("d", "y")?.scalar?.value == "2")
    }

    @Test func explicitKeyBeforeMergeStillWins() throws {
        let doc = parse("a: &a {k: 1, j: 1}\nb: {k: 2, <<: *a}\n")
        #expect(doc.diagnostics.isEmpty)
        #expect(doc.root?.at("b")?.keys == ["k", "j"])
        #expect(doc.root?.at("b", "k")?.scalar?.value == "2")
    }

    @Test func mergeOfNonMappingIsReported() throws {
        let doc = parse("a: &a [1, 2]\nb:\n  <<: *a\n  c: 1\nd:\n  <<: [{e: 1}, *a, x]\n")
        let codes = doc.diagnostics.map(\.code)
        #expect(codes == [DiagnosticCode.invalidMerge, DiagnosticCode.invalidMerge, DiagnosticCode.invalidMerge])
        #expect(doc.diagnostics[0].span == span(3, 7, 3, 9))
        #expect(doc.diagnostics[0].message.contains("not a list"))
        #expect(doc.diagnostics[1].span == span(6, 16, 6, 18))
        #expect(doc.diagnostics[2].span == span(6, 20, 6, 21))
        // The bad '<<' entry is dropped; the rest stays.
        #expect(doc.root?.at("b")?.keys == ["c"])
        #expect(doc.root?.at("d")?.keys == ["e"])
    }

    @Test func quotedMergeKeyIsAnOrdinaryKey() throws {
        let doc = parse("a: {'<<': 1}\n")
        #expect(doc.diagnostics.isEmpty)
        #expect(doc.root?.at("a")?.keys == ["<<"])
    }

    @Test func unknownAliasIsReported() throws {
        let doc = parse("a: 1\nb: &known 2\nc: *unknown\n")
        #expect(doc.root == nil)
        let d = try #require(doc.diagnostics.first)
        #expect(doc.diagnostics.count == 1)
        #expect(d.code == DiagnosticCode.unknownAlias)
        #expect(d.span == span(3, 4, 3, 12))
        #expect(d.message.contains("'*unknown'"))
        #expect(d.notes.contains { $0.message.contains("&known") })
    }

    @Test func aliasBeforeItsAnchorIsUnknown() throws {
        let doc = parse("a: *later\nb: &later 1\n")
        #expect(doc.diagnostics.map(\.code) == [DiagnosticCode.unknownAlias])
        #expect(doc.diagnostics.first?.span == span(1, 4, 1, 10))
    }

    @Test func recursiveAliasIsReported() throws {
        let doc = parse("a: &r\n  b: *r\n")
        #expect(doc.diagnostics.map(\.code) == [DiagnosticCode.unknownAlias])
        #expect(doc.diagnostics.first?.message.contains("contains it") == true)
        #expect(doc.diagnostics.first?.span == span(2, 6, 2, 8))
    }

    @Test func aliasBombStopsAtTheNodeCap() throws {
        // Nine levels of ten: 10^9 nodes if expanded; refused quickly instead.
        var lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
        for i in 1...9 {
            lines.append("l\(i): &l\(i) [" + Array(repeating: "*l\(i - 1)", count: 10).joined(separator: ", ") + "]")
        }
        let clock = ContinuousClock()
        let start = clock.now
        let doc = parse(lines.joined(separator: "\n"))
        #expect(clock.now - start < .seconds(2))
        #expect(doc.root == nil)
        #expect(doc.diagnostics.map(\.code) == [DiagnosticCode.aliasExpansionTooLarge])
        // Level 5 (line 6) alone stands for 1,111,111 nodes.
        #expect(doc.diagnostics.first?.span.start.line == 6)
    }

    @Test func aliasesCountTowardsTheDepthCap() throws {
        let limits = YAMLParser.Limits(maxDepth: 8)
        let ok = parse("a: &a [[[1]]]\nb: [[[[*a]]]]\n", limits: limits)
        #expect(ok.diagnostics.isEmpty)
        let deep = parse("a: &a [[[[1]]]]\nb: [[[[*a]]]]\n", limits: limits)
        #expect(deep.diagnostics.map(\.code) == [DiagnosticCode.nestingTooDeep])
        #expect(deep.diagnostics.first?.span == span(2, 8, 2, 10))
    }
}
