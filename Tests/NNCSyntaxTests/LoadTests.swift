import Foundation
import NNCDiagnostics
import Testing
@testable import NNCSyntax

@Suite struct LoadTests {
    @Test func invalidUTF8ReportedAtFirstBadByte() throws {
        var bytes = Array("nnc: 1\nname: caf".utf8)
        bytes.append(0xE9)  // Latin-1 "é"
        bytes += Array(" fit\n".utf8)
        let (file, diagnostics) = YAMLParser.source(path: "t.yaml", bytes: bytes)
        let d = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(d.code == DiagnosticCode.invalidUTF8)
        #expect(d.span == span(2, 10, 2, 11))
        #expect(d.message.contains("0xE9"))
        // The file is still there to show the line, bad byte replaced.
        #expect(file.line(2) == "name: caf\u{FFFD} fit")
    }

    @Test func invalidUTF8ColumnCountsCharactersNotBytes() throws {
        var bytes = Array("a: ü".utf8)
        bytes += [0xC3]  // cut short
        let d = try #require(YAMLParser.source(path: "t.yaml", bytes: bytes).1.first)
        #expect(d.span.start == at(1, 5))
    }

    @Test(arguments: [
        ([0xC0, 0x80], 0),  // overlong NUL
        ([0x41, 0xED, 0xA0, 0x80], 1),  // surrogate
        ([0xF4, 0x90, 0x80, 0x80], 0),  // above U+10FFFF
        ([0x41, 0x80], 1),  // stray continuation
        ([0xE2, 0x82], 0),  // cut short at the end
        ([0xE2, 0x41, 0x41], 0),  // cut short by ASCII
    ] as [([UInt8], Int)])
    func validatorRejects(bytes: [UInt8], offset: Int) {
        #expect(UTF8Validator.firstInvalidByte(bytes) == offset)
    }

    @Test func validatorAcceptsAllValidForms() {
        let text = "a é € 𝄞 \u{10FFFF} \u{FFFD}"
        #expect(UTF8Validator.firstInvalidByte(Array(text.utf8)) == nil)
    }

    @Test func utf16IsRecognised() throws {
        let d = try #require(YAMLParser.source(path: "t.yaml", bytes: [0xFF, 0xFE, 0x61, 0x00]).1.first)
        #expect(d.code == DiagnosticCode.invalidUTF8)
        #expect(d.notes.first?.message.contains("UTF-16") == true)
    }

    @Test func byteOrderMarkIsDropped() {
        let (file, diagnostics) = YAMLParser.source(path: "t.yaml", bytes: [0xEF, 0xBB, 0xBF] + Array("a: 1\n".utf8))
        #expect(diagnostics.isEmpty)
        #expect(file.text == "a: 1\n")
    }

    @Test func loadAndParseFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnc-syntax-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("spec.yaml").path
        try Data("nnc: 1\nname: x\n".utf8).write(to: URL(fileURLWithPath: path))

        let doc = YAMLParser.parseFile(path: path)
        #expect(doc.diagnostics.isEmpty)
        #expect(doc.root?.at("name")?.span == SourceSpan(file: path, line: 2, column: 7, length: 1))

        let missing = YAMLParser.load(path: dir.appendingPathComponent("nope.yaml").path)
        #expect(missing.0 == nil)
        #expect(missing.1.map(\.code) == [DiagnosticCode.unreadableFile])
        #expect(missing.1.first?.message.contains("no such file") == true)

        let directory = YAMLParser.parseFile(path: dir.path)
        #expect(directory.root == nil)
        #expect(directory.diagnostics.map(\.code) == [DiagnosticCode.unreadableFile])
        #expect(directory.diagnostics.first?.span == .wholeFile(dir.path))

        let bad = dir.appendingPathComponent("bad.yaml").path
        try Data([0x61, 0x3A, 0x20, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: bad))
        let badDoc = YAMLParser.parseFile(path: bad)
        #expect(badDoc.root == nil)
        #expect(badDoc.diagnostics.map(\.code) == [DiagnosticCode.invalidUTF8])
        #expect(badDoc.diagnostics.first?.span.start == SourceLocation(line: 1, column: 4))

        let big = dir.appendingPathComponent("big.yaml").path
        try Data(repeating: 0x20, count: 200).write(to: URL(fileURLWithPath: big))
        let tooBig = YAMLParser.load(path: big, limits: YAMLParser.Limits(maxFileBytes: 100))
        #expect(tooBig.1.map(\.code) == [DiagnosticCode.unreadableFile])
    }
}
