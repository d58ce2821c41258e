import Foundation
import Testing

@testable import NNCDiagnostics

/// The machine formats, on diagnostics built by hand: exact text for the line
/// formats, parsed JSON for the JSON and SARIF documents.
struct ReporterTests {
    static let path = "specs/a b,c.yaml"
    static let text = """
        nnc: 1
        network:
          layers:
            - {dense: 16, activation: tanhh}
        """

    static var sources: SourceManager {
        let s = SourceManager()
        s.add(SourceFile(path: path, text: text))
        return s
    }

    static let unknown = Diagnostic(
        "E0201", span: SourceSpan(file: path, line: 4, column: 34, length: 5),
        message: "unknown activation 'tanhh'", label: "did you mean 'tanh'?",
        notes: [DiagnosticNote("known activations: linear, tanh, ...")],
        fixIt: FixIt(
            span: SourceSpan(file: path, line: 4, column: 34, length: 5), replacement: "tanh",
            message: "replace with 'tanh'"))

    static let warning = Diagnostic(
        "W0301", span: SourceSpan(file: path, line: 2, column: 1, length: 7),
        message: "learning rate 0.5 is above 0.1: 50% of it,\nwith a newline",
        notes: [DiagnosticNote("see here", span: SourceSpan(file: path, line: 1, column: 1, length: 3))])

    static let multiLine = Diagnostic(
        "W0101", span: SourceSpan(file: path, start: SourceLocation(line: 2, column: 1), end: SourceLocation(line: 5, column: 1)),
        message: "deep stack")

    @Test func gccIsOneLinePerFinding() {
        let out = GCCRenderer().report([Self.unknown, Self.warning], sources: Self.sources)
        #expect(
            out == """
                specs/a b,c.yaml:4:34: error: unknown activation 'tanhh'; did you mean 'tanh'? [E0201]
                specs/a b,c.yaml:2:1: warning: learning rate 0.5 is above 0.1: 50% of it, with a newline [W0301]

                """)
    }

    @Test func jsonCarriesEveryField() throws {
        let out = JSONRenderer().report([Self.unknown, Self.warning], sources: Self.sources)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]])
        #expect(array.count == 2)
        let first = array[0]
        #expect(first["file"] as? String == Self.path)
        #expect(first["line"] as? Int == 4)
        #expect(first["column"] as? Int == 34)
        #expect(first["end_line"] as? Int == 4)
        #expect(first["end_column"] as? Int == 39)
        #expect(first["code"] as? String == "E0201")
        #expect(first["severity"] as? String == "error")
        #expect(first["message"] as? String == "unknown activation 'tanhh'")
        #expect(first["label"] as? String == "did you mean 'tanh'?")
        let notes = try #require(first["notes"] as? [[String: Any]])
        #expect(notes.count == 1)
        #expect(notes[0]["message"] as? String == "known activations: linear, tanh, ...")
        #expect(notes[0]["line"] == nil)
        let fix = try #require(first["fix"] as? [String: Any])
        #expect(fix["replacement"] as? String == "tanh")
        #expect(fix["line"] as? Int == 4)
        #expect(fix["column"] as? Int == 34)
        #expect(fix["end_column"] as? Int == 39)
        let second = array[1]
        #expect(second["fix"] is NSNull)
        #expect(second["label"] is NSNull)
        #expect(second["severity"] as? String == "warning")
        let secondNotes = try #require(second["notes"] as? [[String: Any]])
        #expect(secondNotes[0]["line"] as? Int == 1)
        #expect(secondNotes[0]["file"] as? String == Self.path)
    }

    @Test func jsonOfNothingIsAnEmptyArray() throws {
        let out = JSONRenderer().report([], sources: SourceManager())
        let array = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [Any])
        #expect(array.isEmpty)
    }

    @Test func githubEscapesDataAndProperties() {
        #expect(GitHubRenderer.escapeData("50% a\r\nb: c, d") == "50%25 a%0D%0Ab: c, d")
        #expect(GitHubRenderer.escapeProperty("50% a\r\nb: c, d") == "50%25 a%0D%0Ab%3A c%2C d")
        let out = GitHubRenderer().report([Self.unknown, Self.warning], sources: Self.sources)
        let lines = out.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(
            lines[0]
                == "::error file=specs/a b%2Cc.yaml,line=4,col=34,endLine=4,endColumn=38,title=E0201::unknown activation 'tanhh'; did you mean 'tanh'?%0Anote: known activations: linear, tanh, ...%0Afix: replace with 'tanh'"
        )
        #expect(
            lines[1]
                == "::warning file=specs/a b%2Cc.yaml,line=2,col=1,endLine=2,endColumn=7,title=W0301::learning rate 0.5 is above 0.1: 50%25 of it,%0Awith a newline%0Anote: see here"
        )
    }

    @Test func githubLeavesOutColumnsOfMultiLineSpans() {
        let out = GitHubRenderer().report([Self.multiLine], sources: Self.sources)
        // The span ends at the start of line 5, so its last character is on line 4.
        #expect(out == "::warning file=specs/a b%2Cc.yaml,line=2,endLine=4,title=W0101::deep stack\n")
    }

    @Test func sarifIsAValidLogWithEveryRule() throws {
        let out = SARIFRenderer().report([Self.unknown, Self.warning], sources: Self.sources)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        #expect((log["$schema"] as? String)?.hasSuffix("sarif-schema-2.1.0.json") == true)
        let runs = try #require(log["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        let run = runs[0]
        #expect(run["columnKind"] as? String == "unicodeCodePoints")
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "nnc")
        #expect(driver["version"] is String)
        #expect(driver["informationUri"] == nil, "no invented home page")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let ids = rules.compactMap { $0["id"] as? String }
        // The whole catalogue, then any code a result uses that the catalogue lacks.
        let catalogue = Catalogue.all.map(\.code.rawValue)
        #expect(Array(ids.prefix(catalogue.count)) == catalogue)
        #expect(ids.contains("E0201") && ids.contains("W0301"))
        for rule in rules {
            #expect((rule["name"] as? String)?.isEmpty == false)
            #expect(((rule["shortDescription"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
            #expect(((rule["fullDescription"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
            #expect(((rule["help"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
            let level = (rule["defaultConfiguration"] as? [String: Any])?["level"] as? String
            #expect(level == ((rule["id"] as? String)?.hasPrefix("W") == true ? "warning" : "error"))
        }
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 2)
        let r = results[0]
        #expect(r["ruleId"] as? String == "E0201")
        let index = try #require(r["ruleIndex"] as? Int)
        #expect(rules[index]["id"] as? String == "E0201")
        #expect(r["level"] as? String == "error")
        #expect((r["message"] as? [String: Any])?["text"] as? String == "unknown activation 'tanhh'; did you mean 'tanh'?")
        let location = try #require((r["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect((location["artifactLocation"] as? [String: Any])?["uri"] as? String == "specs/a%20b,c.yaml")
        let region = try #require(location["region"] as? [String: Any])
        #expect(region["startLine"] as? Int == 4)
        #expect(region["startColumn"] as? Int == 34)
        #expect(region["endLine"] as? Int == 4)
        #expect(region["endColumn"] as? Int == 39)
        let fixes = try #require(r["fixes"] as? [[String: Any]])
        let change = try #require((fixes.first?["artifactChanges"] as? [[String: Any]])?.first)
        let replacement = try #require((change["replacements"] as? [[String: Any]])?.first)
        #expect((replacement["insertedContent"] as? [String: Any])?["text"] as? String == "tanh")
        #expect(results[1]["level"] as? String == "warning")
        #expect(results[1]["relatedLocations"] is [[String: Any]])
    }

    @Test func sarifGivesUnknownCodesARuleToo() throws {
        let odd = Diagnostic("W9999", span: .wholeFile("x.yaml"), message: "odd")
        let out = SARIFRenderer(catalogue: []).report([odd], sources: SourceManager())
        let log = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let rules = try #require(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        #expect(rules.count == 1)
        #expect(rules[0]["id"] as? String == "W9999")
        #expect((run["results"] as? [[String: Any]])?.first?["ruleIndex"] as? Int == 0)
    }

    @Test func sarifURIsOfAbsolutePathsAreFileURIs() {
        #expect(SARIFRenderer.uri("/tmp/x y.yaml") == "file:///tmp/x%20y.yaml")
        #expect(SARIFRenderer.uri("./specs/a.yaml") == "specs/a.yaml")
    }

    @Test func ruleNamesAreIdentifiers() {
        #expect(SARIFRenderer.ruleName("unknown activation", code: "E0201") == "UnknownActivation")
        #expect(SARIFRenderer.ruleName("zeros initialisation of a hidden layer", code: "W0104") == "ZerosInitialisationOfAHiddenLayer")
        #expect(SARIFRenderer.ruleName("", code: "W0104") == "W0104")
    }

    @Test func everyFormatHasAReporter() {
        for format in ReportFormat.allCases {
            let out = format.reporter().report([Self.warning], sources: Self.sources)
            #expect(out.contains("W0301") || format == .text && out.contains("W0301"))
        }
    }
}
