import Foundation
import NNCDiagnostics
import Testing
@testable import NNCFiles

@Suite struct CSVTableTests {
    func parse(_ text: String, _ columns: [String]) throws -> CSVTable {
        try CSVTable.parse(bytes: Array(text.utf8), path: "d.csv", columns: columns)
    }

    func diagnostics(_ text: String, _ columns: [String]) -> [Diagnostic] {
        do {
            _ = try parse(text, columns)
            return []
        } catch let e as DiagnosticError {
            return e.diagnostics
        } catch {
            return []
        }
    }

    @Test func picksColumnsByName() throws {
        let t = try parse("id,x,label,y\n1,0.5,a,2\n2,1e-3,b,-3.25\n", ["y", "x"])
        #expect(t.header == ["id", "x", "label", "y"])
        #expect(t.values == [[2, -3.25], [0.5, 1e-3]])
        #expect(t.lines == [2, 3])
    }

    @Test func acceptsBOMCRLFQuotesSpacesAndBlankLines() throws {
        let text = "\u{FEFF}\"x\", \"a, b\" ,y\r\n 1 ,\"text, with \"\"quotes\"\"\", \"2.5\"\r\n\r\n3,\"multi\nline\",4\r\n\r\n\n"
        let t = try parse(text, ["x", "y"])
        #expect(t.header == ["x", "a, b", "y"])
        #expect(t.values == [[1, 3], [2.5, 4]])
        #expect(t.lines == [2, 4])
    }

    @Test func lastLineWithoutNewline() throws {
        let t = try parse("x,y\n1,2\n3,4", ["x", "y"])
        #expect(t.values == [[1, 3], [2, 4]])
    }

    @Test func badNumberIsReportedAtItsField() {
        let d = diagnostics("x,y\n1,2\n3,abc\n", ["x", "y"])
        #expect(d.count == 1)
        #expect(d[0].code == "E0703")
        #expect(d[0].span == SourceSpan(file: "d.csv", line: 3, column: 3, length: 3))
        #expect(d[0].message.contains("found 'abc'"))
        #expect(d[0].message.contains("column 'y'"))
    }

    @Test func columnsCountUnicodeScalars() {
        let d = diagnostics("name,x\nÅngström,1.2.3\n", ["x"])
        #expect(d.map(\.span) == [SourceSpan(file: "d.csv", line: 2, column: 10, length: 5)])
    }

    @Test func missingValues() {
        let d = diagnostics("x,y\n1,\n2\n3,NA\n", ["x", "y"])
        #expect(d.map(\.code) == ["E0704", "E0704", "E0704"])
        #expect(d.map(\.span.start.line) == [2, 3, 4])
        #expect(d[0].span.start.column == 3)
        #expect(d[2].message.contains("'NA'"))
    }

    @Test func infinityIsNotFinite() {
        let d = diagnostics("x\ninf\n", ["x"])
        #expect(d.map(\.code) == ["E0705"])
    }

    @Test func missingColumnSuggestsNearest() {
        let d = diagnostics("xg,x\n1,2\n", ["x", "xq"])
        #expect(d.map(\.code) == ["E0702"])
        #expect(d[0].notes.first?.message == "did you mean 'xg'?")
        #expect(d[0].span.start.line == 1)
    }

    @Test func malformedFiles() {
        #expect(diagnostics("", ["x"]).map(\.code) == ["E0706"])
        #expect(diagnostics("x\n", ["x"]).map(\.code) == ["E0709"])
        #expect(diagnostics("x,y\n\"1,2\n", ["x"]).map(\.code) == ["E0706"])
        #expect(diagnostics("x,y\n\"1\"z,2\n", ["x"]).map(\.code) == ["E0706"])
        #expect(diagnostics("x,x\n1,2\n", ["x"]).map(\.code) == ["E0706"])
        let extra = diagnostics("x,y\n1,2,3\n", ["x"])
        #expect(extra.map(\.code) == ["E0706"])
        #expect(extra.first?.span.start.column == 5)
    }

    @Test func reportsAtMostTenProblemsAndCountsTheRest() {
        let text = "x\n" + String(repeating: "a\n", count: 25)
        let d = diagnostics(text, ["x"])
        #expect(d.count == CSVTable.maxDiagnostics)
        #expect(d.last?.omitted == 15 && d.last?.omittedNote == "15 more problems in 'd.csv' not shown")
        // The count is true: 25 bad rows are 25 errors.
        #expect(d.count(.error) == 25)
    }

    @Test func unreadableFileIsADiagnostic() {
        #expect(throws: DiagnosticError.self) { try CSVTable.read(path: "/nonexistent/d.csv", columns: ["x"]) }
        do {
            _ = try CSVTable.read(path: "/nonexistent/d.csv", columns: ["x"])
        } catch let e as DiagnosticError {
            #expect(e.diagnostics.first?.code == "E0701")
        } catch {}
    }

    @Test func failedReadRegistersTheFileForSnippets() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nnc-csv-\(getpid()).csv").path
        try "x\n1\nzz\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sources = SourceManager()
        #expect(throws: DiagnosticError.self) { try CSVTable.read(path: path, columns: ["x"], sources: sources) }
        #expect(sources.file(path)?.line(3) == "zz")
    }

    @Test func hundredThousandRowsParseQuickly() throws {
        var text = "x,label,y\n"
        text.reserveCapacity(3_000_000)
        for i in 0..<100_000 { text += "\(Double(i) * 0.001),p\(i),\(i)\n" }
        let start = Date()
        let t = try parse(text, ["x", "y"])
        let seconds = Date().timeIntervalSince(start)
        #expect(t.rowCount == 100_000)
        #expect(t.values[1][99_999] == 99_999)
        #expect(t.values[0][1234] == 1.234)
        #expect(seconds < 3, "100k rows took \(seconds) s in a debug build")
    }
}
