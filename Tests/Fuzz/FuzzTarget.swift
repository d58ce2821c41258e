import Foundation
import NNCCheck
import NNCDiagnostics
import NNCFiles
import NNCSpec
import NNCSyntax

// The libFuzzer target over nnc's readers of untrusted input (docs/fuzzing.md):
// the front end (spec bytes → YAML tree → decoded spec → checked, rendered),
// the CSV reader (header-only mode and data table) and the matrix reader
// (headerless CSV and .npy). Built only with NNC_FUZZ=1 and libFuzzer's flags
// (Tests/Fuzz/run); `swift build` and `swift test` never see it.
//
// A run fails when a reader traps, hangs or breaks one of the invariants
// checked below: every diagnostic lies inside its file and renders, a table
// has one value per row and requested column, a matrix has rows × columns values.

/// Which reader the inputs go to: NNC_FUZZ_TARGET=spec (default), csv or matrix.
var fuzzTarget = "spec"

/// The repository root: specs are read as if they lived in specs/, so their
/// data and include paths (data/train.csv, networks/...) reach real files.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// libFuzzer's driver (its `main` is `LLVMFuzzerRunDriver` on our callback).
/// SwiftPM links an executable's entry point as `<module>_main`, so the
/// target defines that and hands over to libFuzzer; libFuzzer's own `main`
/// is then never pulled in.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@_cdecl("nnc_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    _ = fuzzInitialize(&count, &arguments)
    return LLVMFuzzerRunDriver(&count, &arguments, fuzzTestOneInput)
}

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    // Called by libFuzzer's driver, and once before it by `fuzzMain`; harmless twice.
    let target = ProcessInfo.processInfo.environment["NNC_FUZZ_TARGET"] ?? "spec"
    guard ["spec", "csv", "matrix"].contains(target) else {
        fatalError("NNC_FUZZ_TARGET must be spec, csv or matrix, not '\(target)'")
    }
    fuzzTarget = target
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    switch fuzzTarget {
    case "csv": FuzzCSV.run(bytes)
    case "matrix": FuzzMatrix.run(bytes)
    default: FuzzSpec.run(bytes)
    }
    return 0
}

/// Invariants every reader's diagnostics keep.
enum Invariants {
    /// Every diagnostic in `file` starts on one of its lines (or just past
    /// the end), at a column of 1 or more, and ends after it starts; the
    /// renderers render all of them.
    static func check(_ diagnostics: [Diagnostic], file: SourceFile?, sources: SourceManager) {
        for d in diagnostics {
            let s = d.span
            precondition(s.start.line >= 1 && s.start.column >= 1, "diagnostic before the file's start: \(d)")
            precondition(s.start <= s.end, "diagnostic ends before it starts: \(d)")
            precondition(d.omitted >= 0 && !d.message.isEmpty, "malformed diagnostic: \(d)")
            if let file, s.file == file.path {
                precondition(s.start.line <= file.lines.count + 1, "diagnostic past the file's end: \(d)")
            }
        }
        let text = TextRenderer(sources: sources).render(diagnostics)
        precondition(diagnostics.isEmpty || !text.isEmpty)
        // The line formats only: JSON and SARIF go through JSONSerialization
        // (and SARIF lists the whole catalogue), which would take most of each
        // run while adding nothing that depends on the input.
        for format in [ReportFormat.gcc, .github] {
            _ = format.reporter().report(diagnostics, sources: sources)
        }
    }
}

/// Spec bytes through the whole front end, as `nnc lint` runs it.
enum FuzzSpec {
    static let path = repositoryRoot + "/specs/fuzz-input.yaml"

    static func run(_ bytes: [UInt8]) {
        let sources = SourceManager()
        let (file, loaded) = YAMLParser.source(path: path, bytes: bytes)
        sources.add(file)
        var diagnostics = loaded
        if !loaded.hasErrors {
            let result = Frontend.compile(text: file.text, path: path, sources: sources)
            diagnostics += result.diagnostics
            // A spec that decoded may still fail the checks; rules of thumb run only on a clean one, as in lint.
            if let spec = result.spec, !result.hasErrors {
                diagnostics += Checker.warnings(in: spec)
                _ = spec.resolvedYAML()
            }
        }
        Invariants.check(diagnostics, file: file, sources: sources)
    }
}

/// CSV bytes through the header-only mode and the data reader.
enum FuzzCSV {
    static func run(_ bytes: [UInt8]) {
        let path = "fuzz.csv"
        var columns = ["y"]
        if case .success(let header) = CSVHeader.parse(bytes: bytes, path: path) {
            precondition(!header.columns.isEmpty && header.line >= 1)
            columns = Array(header.columns.prefix(3)) + ["y"]
        }
        let (table, diagnostics) = bytes.withUnsafeBufferPointer { CSVTable.scan(bytes: $0, path: path, columns: columns) }
        if let table {
            precondition(table.values.count == columns.count)
            precondition(table.values.allSatisfy { $0.count == table.rowCount }, "a column without one value per row")
            precondition(table.lines == table.lines.sorted() && table.lines.allSatisfy { $0 >= 1 })
        }
        precondition(diagnostics.count <= CSVTable.maxDiagnostics)
        precondition(table != nil || !diagnostics.isEmpty, "no table and no reason")
        let sources = SourceManager()
        let file = SourceFile(path: path, text: String(decoding: bytes, as: UTF8.self))
        sources.add(file)
        Invariants.check(diagnostics, file: nil, sources: sources)
    }
}

/// Matrix bytes as a headerless CSV and as a .npy file, with and without an expected shape.
enum FuzzMatrix {
    static func run(_ bytes: [UInt8]) {
        for path in ["fuzz.csv", "fuzz.npy"] {
            for (rows, columns) in [(nil, nil), (3, 4), (1, nil) as (Int?, Int?)] {
                let expecting = MatrixExpectation(rows: rows, columns: columns, what: "the matrix")
                let (matrix, diagnostics) = bytes.withUnsafeBufferPointer {
                    MatrixFile.scan(bytes: $0, path: path, expecting: expecting)
                }
                if let matrix {
                    precondition(diagnostics.isEmpty, "a matrix came with problems")
                    precondition(matrix.values.count == matrix.rows * matrix.columns, "values do not fill the shape")
                    precondition(rows.map { $0 == matrix.rows } ?? true && columns.map { $0 == matrix.columns } ?? true)
                    precondition(matrix.values.allSatisfy(\.isFinite))
                } else {
                    precondition(!diagnostics.isEmpty, "no matrix and no reason")
                }
                Invariants.check(diagnostics, file: nil, sources: SourceManager())
            }
        }
    }
}
