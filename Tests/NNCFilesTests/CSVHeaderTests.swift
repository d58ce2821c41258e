import Foundation
import NNCDiagnostics
import Testing
@testable import NNCFiles

/// The header-only mode and row counting: the same scanner as the data reader,
/// so the front end and training agree on names and rows.
@Suite struct CSVHeaderTests {
    func header(_ text: String) -> Result<CSVHeader, CSVHeader.Problem> {
        CSVHeader.parse(bytes: Array(text.utf8), path: "d.csv")
    }

    func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nnc-header-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func namesAreTrimmedAndUnquotedLikeTheDataReader() throws {
        let h = try header("\u{FEFF}\n\n x , \"a, b\" ,\"q\"\"uote\"\r\n1,2,3\n").get()
        #expect(h.columns == ["x", "a, b", "q\"uote"])
        #expect(h.line == 3)
        #expect(h.otherDelimiter == nil)
        // The data reader reads the same names.
        let t = try CSVTable.parse(bytes: Array("\u{FEFF}\n\n x , \"a, b\" ,\"q\"\"uote\"\r\n1,2,3\n".utf8), path: "d.csv", columns: ["a, b"])
        #expect(t.header == h.columns && t.values == [[2]])
    }

    @Test func problems() {
        #expect(header("") == .failure(.empty))
        #expect(header("\n  \n") == .failure(.empty))
        #expect(header("x,,y\n") == .failure(.emptyColumn(2)))
        guard case .failure(.malformed(let m)) = header("\"x,y\n1,2\n") else {
            Issue.record("an unclosed quote is not a header")
            return
        }
        #expect(m.contains("never closed"))
        #expect(CSVHeader.read("/nonexistent/d.csv") == .failure(.unreadable("no such file")))
        #expect(CSVHeader.read(FileManager.default.temporaryDirectory.path) == .failure(.unreadable("it is a folder")))
    }

    @Test func anotherSeparatorIsRecognised() throws {
        let semicolon = try header("a;b;c;target\n1;2;3;4\n").get()
        #expect(semicolon.columns == ["a;b;c;target"])
        #expect(semicolon.otherDelimiter?.separator == ";" && semicolon.otherDelimiter?.fields == ["a", "b", "c", "target"])
        #expect(semicolon.otherDelimiter?.name == "';'")
        let tab = try header("x\ty\n1\t2\n").get()
        #expect(tab.otherDelimiter?.name == "tabs" && tab.otherDelimiter?.fields == ["x", "y"])
        // A comma-separated header is not second-guessed.
        #expect(try header("x;1,y\n").get().otherDelimiter == nil)
    }

    @Test func theDataReaderNamesTheSeparator() {
        do {
            _ = try CSVTable.parse(bytes: Array("x;y\n1;2\n".utf8), path: "d.csv", columns: ["x", "y"])
            Issue.record("a ';' file was read")
        } catch let e as DiagnosticError {
            #expect(e.diagnostics.map(\.code) == [.wrongDelimiter])
            #expect(e.diagnostics.first?.message == "'d.csv' is separated by ';', not by commas")
            #expect(e.diagnostics.first?.span == SourceSpan(file: "d.csv", line: 1, column: 1, length: 3))
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func countsRecordsNotLines() throws {
        let path = try write("x,label\n1,\"two\nlines\"\n\n2,b\r\n3,c")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(CSVHeader.countRows(path) == 3)
        #expect(try CSVTable.read(path: path, columns: ["x"]).rowCount == 3)
        #expect(CSVHeader.countRows("/nonexistent/d.csv") == nil)
    }

    @Test func aQuotedHeaderLongerThanTheFirstChunkIsRead() throws {
        let long = String(repeating: "a", count: 100_000)
        let path = try write("\"\(long)\nb\",y\n1,2\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try CSVHeader.read(path).get().columns == ["\(long)\nb", "y"])
    }
}
