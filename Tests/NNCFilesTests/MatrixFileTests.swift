import Foundation
import NNCDiagnostics
import Testing
@testable import NNCFiles

/// The matrix reader: headerless CSV and NumPy `.npy` files (the fixtures are
/// written by NumPy itself, `Fixtures/make_npy.py`), checked against an
/// expected shape, every problem located.
@Suite struct MatrixFileTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// m[r, c] = 10 r + c + 0.5, the matrix every fixture holds.
    static let m = Matrix(rows: 3, columns: 4, values: (0..<3).flatMap { r in (0..<4).map { c in Double(10 * r + c) + 0.5 } })

    static func expect(_ rows: Int?, _ columns: Int?) -> MatrixExpectation {
        MatrixExpectation(rows: rows, columns: columns, what: "the table", meaning: "one row per point")
    }

    func csv(_ text: String, _ e: MatrixExpectation = expect(nil, nil)) -> (Matrix?, [Diagnostic]) {
        Array(text.utf8).withUnsafeBufferPointer { MatrixFile.scan(bytes: $0, path: "m.csv", expecting: e) }
    }

    func npy(_ name: String, _ e: MatrixExpectation = expect(3, 4)) -> (Matrix?, [Diagnostic]) {
        do {
            return (try MatrixFile.read(path: Self.fixtures.appendingPathComponent(name).path, expecting: e), [])
        } catch let error as DiagnosticError {
            return (nil, error.diagnostics)
        } catch {
            return (nil, [])
        }
    }

    @Test func csvMatrix() throws {
        let (m, d) = csv("0.5, 1.5,2.5,3.5\n\n10.5,11.5,12.5,13.5\r\n20.5,21.5,22.5,\"23.5\"", Self.expect(3, 4))
        #expect(d.isEmpty)
        #expect(m?.values == Self.m.values && m?.rows == 3 && m?.columns == 4)
        #expect(m?.rowSpans?.map(\.start.line) == [1, 3, 4])
    }

    @Test func csvShapeAndCellProblemsAreLocated() {
        let (_, ragged) = csv("1,2,3\n4,5\n6,7,8\n")
        #expect(ragged.map(\.code) == [.matrixShapeMismatch])
        #expect(ragged.first?.span.start == SourceLocation(line: 2, column: 1))
        #expect(ragged.first?.message == "row 2 of the table 'm.csv' has 2 values; expected a matrix, one row per point")

        let (_, rows) = csv("1,2\n3,4\n", Self.expect(3, 2))
        #expect(rows.map(\.code) == [.matrixShapeMismatch])
        #expect(rows.first?.message.contains("has 2 rows; expected 3×2, one row per point") == true)

        // Independent problems are all reported: a word, an empty cell, an infinity.
        let (partial, cells) = csv("1, abc\n,2\n3,inf\n", Self.expect(3, 2))
        #expect(cells.map(\.code) == [.notANumber, .missingDataValue, .notFinite])
        #expect(partial == nil, "a matrix with bad values is not returned (found by the fuzzer)")
        #expect(cells.first?.span == SourceSpan(file: "m.csv", line: 1, column: 4, length: 3))

        let (_, empty) = csv("\n\n", Self.expect(2, 2))
        #expect(empty.map(\.code) == [.matrixShapeMismatch])
    }

    @Test func csvWithAnotherSeparatorSaysSo() {
        let (_, spaces) = csv("1.0 0.5\n0.5 1.0\n", Self.expect(2, 2))
        #expect(spaces.map(\.code) == [.wrongDelimiter])
        #expect(spaces.first?.message == "the table 'm.csv' is separated by spaces, not by commas")
        let (_, semicolons) = csv("1;0\n0;1\n", Self.expect(2, 2))
        #expect(semicolons.first?.message.contains("separated by ';'") == true)
    }

    @Test func manyBadCellsAreCountedTruly() {
        let text = String(repeating: "x,y\n", count: 30)
        let (_, d) = csv(text, Self.expect(30, 2))
        #expect(d.count == 10 && d.count(.error) == 60)
    }

    @Test(arguments: ["c-f8.npy", "c-f4.npy", "fortran-f8.npy", "v2-f8.npy", "v3-f8.npy"])
    func npyFilesNumPyWrote(_ name: String) {
        let (m, d) = npy(name)
        #expect(d.isEmpty, "\(d.map(\.message))")
        #expect(m?.values == Self.m.values && m?.rows == 3 && m?.columns == 4)
        #expect(m?.rowSpans == nil)
    }

    @Test func npyVectorFitsOneRow() {
        let (m, d) = npy("vector-f8.npy", Self.expect(1, 4))
        #expect(d.isEmpty && m?.values == [0.5, 1.5, 2.5, 3.5])
        let (_, wrong) = npy("vector-f8.npy", Self.expect(4, 4))
        #expect(wrong.map(\.code) == [.matrixShapeMismatch])
        #expect(wrong.first?.message.contains("shape (4,)") == true)
    }

    @Test func npyProblems() {
        let (_, shape) = npy("c-f8.npy", Self.expect(4, 3))
        #expect(shape.map(\.code) == [.matrixShapeMismatch])
        #expect(shape.first?.message.hasSuffix("has shape (3, 4); expected 4×3, one row per point") == true)

        let (_, big) = npy("big-endian-f8.npy")
        #expect(big.map(\.code) == [.malformedNPY] && big.first?.message.contains("big-endian") == true)
        let (_, ints) = npy("int64.npy")
        #expect(ints.map(\.code) == [.malformedNPY] && ints.first?.message.contains("'<i8'") == true)
        let (_, cut) = npy("truncated-f8.npy")
        #expect(cut.map(\.code) == [.malformedNPY] && cut.first?.message.contains("cut short") == true)
        #expect(cut.first?.message.contains("byte offset") == true)
        let (_, nan) = npy("nan-f8.npy")
        #expect(nan.map(\.code) == [.notFinite] && nan.first?.message.contains("element [2, 1]") == true)

        // A file named .npy that is not one; a header that is not a dict.
        let notNPY = Array("1,2\n3,4\n".utf8).withUnsafeBufferPointer { MatrixFile.scan(bytes: $0, path: "m.npy", expecting: Self.expect(2, 2)) }
        #expect(notNPY.1.map(\.code) == [.malformedNPY])
        var bad: [UInt8] = NPYFile.magic + [1, 0, 8, 0] + Array("{'descr'".utf8)
        let broken = bad.withUnsafeBufferPointer { MatrixFile.scan(bytes: $0, path: "m.npy", expecting: Self.expect(2, 2)) }
        #expect(broken.1.map(\.code) == [.malformedNPY] && broken.1.first?.message.contains("not a Python dict") == true)
        bad = NPYFile.magic + [9, 0]
        let version = bad.withUnsafeBufferPointer { MatrixFile.scan(bytes: $0, path: "m.npy", expecting: Self.expect(2, 2)) }
        #expect(version.1.map(\.code) == [.malformedNPY])
    }

    @Test func unreadableFile() {
        let (_, d) = npy("no-such.npy")
        #expect(d.map(\.code) == [.runDataUnreadable])
        #expect(d.first?.message == "cannot read the table '\(Self.fixtures.path)/no-such.npy': no such file")
    }
}
