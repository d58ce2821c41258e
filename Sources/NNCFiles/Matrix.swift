import NNCDiagnostics

/// A matrix of numbers read from a file, row-major, in float64.
public struct Matrix: Equatable, Sendable {
    public var rows: Int
    public var columns: Int
    /// `values[r * columns + c]`.
    public var values: [Double]
    /// For a CSV file, the span of each row's line, so a later check (a
    /// covariance that is not symmetric) can point at the row; nil for `.npy`.
    public var rowSpans: [SourceSpan]?

    public init(rows: Int, columns: Int, values: [Double], rowSpans: [SourceSpan]? = nil) {
        self.rows = rows
        self.columns = columns
        self.values = values
        self.rowSpans = rowSpans
    }

    /// Where row `r` is, for a diagnostic: its line in a CSV file, else the whole file.
    public func span(ofRow r: Int, file: String) -> SourceSpan {
        rowSpans.flatMap { r < $0.count ? $0[r] : nil } ?? .wholeFile(file)
    }

    public subscript(row: Int, column: Int) -> Double { values[row * columns + column] }
}

/// What a matrix file must hold: its shape, when known, and words for
/// messages. The reader checks the shape and reports a mismatch (E0719).
public struct MatrixExpectation: Sendable {
    /// The number of rows required; nil accepts any.
    public var rows: Int?
    /// The number of columns required; nil accepts any (all rows still equal).
    public var columns: Int?
    /// What the file is, for messages: "the covariance matrix".
    public var what: String
    /// What the shape means: "one row and column per training point".
    public var meaning: String?
    /// Notes added to every problem: where the spec names the file.
    public var notes: [DiagnosticNote]

    public init(rows: Int?, columns: Int?, what: String, meaning: String? = nil, notes: [DiagnosticNote] = []) {
        self.rows = rows
        self.columns = columns
        self.what = what
        self.meaning = meaning
        self.notes = notes
    }

    /// "16×16, one row and column per training point", "16 rows", "a matrix".
    var shapeText: String {
        let shape: String
        switch (rows, columns) {
        case let (r?, c?): shape = "\(r)×\(c)"
        case let (r?, nil): shape = "\(r) rows"
        case let (nil, c?): shape = "\(c) columns"
        case (nil, nil): shape = "a matrix"
        }
        return meaning.map { shape + ", " + $0 } ?? shape
    }
}

/// The matrix reader: a headerless numeric CSV file (one line per row, values
/// separated by commas) or a NumPy `.npy` file (float32 or float64,
/// little-endian, C or Fortran order, format versions 1.0 to 3.0). Which one
/// is told by the file's first bytes, not its name. Every problem is a
/// diagnostic: CSV problems at the value's line:column, `.npy` problems at the
/// file with the byte offset in the message.
public enum MatrixFile {
    /// Reads the matrix at `path` and checks it has the expected shape. On a
    /// CSV problem the text is added to `sources` so diagnostics show the line.
    public static func read(path: String, expecting: MatrixExpectation, sources: SourceManager? = nil) throws -> Matrix {
        let data = try CSVTable.contents(path, what: expecting.what)
        return try data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let (matrix, diagnostics) = scan(bytes: bytes, path: path, expecting: expecting)
            if let matrix, diagnostics.isEmpty { return matrix }
            if !NPYFile.hasMagic(bytes) { CSVTable.registerText(bytes, path: path, in: sources) }
            throw DiagnosticError(diagnostics)
        }
    }

    /// Parses a matrix given as bytes; `path` names the file in diagnostics.
    public static func parse(bytes: [UInt8], path: String, expecting: MatrixExpectation) throws -> Matrix {
        try bytes.withUnsafeBufferPointer { buffer in
            let (matrix, diagnostics) = scan(bytes: buffer, path: path, expecting: expecting)
            if let matrix, diagnostics.isEmpty { return matrix }
            throw DiagnosticError(diagnostics)
        }
    }

    /// The matrix when it is whole, and every problem found.
    public static func scan(bytes: UnsafeBufferPointer<UInt8>, path: String, expecting: MatrixExpectation) -> (Matrix?, [Diagnostic]) {
        if NPYFile.hasMagic(bytes) || path.lowercased().hasSuffix(".npy") {
            return NPYFile.matrix(bytes: bytes, path: path, expecting: expecting)
        }
        var reader = MatrixCSVReader(scanner: CSVScanner(bytes: bytes, path: path), expecting: expecting)
        do {
            let matrix = try reader.matrix()
            // A matrix with a bad value in it is not whole.
            return reader.problems.isEmpty ? (matrix, []) : (nil, reader.problems.finished())
        } catch {
            (error as? DiagnosticError)?.diagnostics.forEach { reader.problems.add($0) }
            return (nil, reader.problems.finished())
        }
    }
}

/// One pass over a headerless CSV matrix.
struct MatrixCSVReader {
    var scanner: CSVScanner
    let expecting: MatrixExpectation
    var problems = ProblemList()

    var path: String { scanner.path }

    func shapeProblem(_ span: SourceSpan, _ message: String) -> Diagnostic {
        Diagnostic(.matrixShapeMismatch, span: span, message: message, notes: expecting.notes)
    }

    mutating func matrix() throws -> Matrix? {
        var fields: [CSVField] = []
        var values: [Double] = []
        var spans: [SourceSpan] = []
        var rows = 0
        var width = expecting.columns
        var consistent = true
        // Rows of another width than expected, and every width seen: when all
        // rows agree on a wrong width, that is one problem, not one a row.
        var widthProblems: [Diagnostic] = []
        var widths: Set<Int> = []
        var firstSpan: SourceSpan?
        while let line = try scanner.nextRecord(into: &fields) {
            rows += 1
            widths.insert(fields.count)
            if firstSpan == nil { firstSpan = scanner.span(ofRecord: fields, line: line) }
            if let w = width, fields.count != w {
                consistent = false
                let span = scanner.span(ofRecord: fields, line: line)
                if fields.count == 1, let other = CSVDelimiter.guess(scanner.text(of: fields[0])),
                   other.fields.allSatisfy({ Double($0) != nil })
                {
                    throw DiagnosticError(Diagnostic(
                        .wrongDelimiter, span: span,
                        message: "\(expecting.what) '\(path)' is separated by \(other.name), not by commas",
                        label: "read as one value", notes: [DiagnosticNote(other.fixNote)] + expecting.notes))
                }
                widthProblems.append(shapeProblem(span, "row \(rows) of \(expecting.what) '\(path)' has \(fields.count) value\(fields.count == 1 ? "" : "s"); expected \(expecting.shapeText)"))
                continue
            }
            if width == nil { width = fields.count }
            spans.append(scanner.span(ofRecord: fields, line: line))
            for (c, f) in fields.enumerated() {
                switch scanner.number(f) {
                case .value(let v):
                    values.append(v)
                    continue
                case .empty:
                    problems.add(Diagnostic(
                        .missingDataValue, span: scanner.span(of: f),
                        message: "row \(rows), column \(c + 1) of \(expecting.what) is empty; expected a number",
                        notes: [DiagnosticNote("write every entry of the matrix, 0 where there is nothing")]))
                case .missingMarker(let text), .notANumber(let text):
                    problems.add(Diagnostic(
                        .notANumber, span: scanner.span(of: f),
                        message: "row \(rows), column \(c + 1) of \(expecting.what) is '\(text)'; expected a number",
                        notes: [DiagnosticNote("numbers are written like 0.25 or 1.0e-4; the file has no header")]))
                case .infinite(let text):
                    problems.add(Diagnostic(
                        .notFinite, span: scanner.span(of: f),
                        message: "row \(rows), column \(c + 1) of \(expecting.what) is not finite ('\(text)')"))
                }
                values.append(.nan)
            }
        }
        if rows == 0 {
            problems.add(shapeProblem(.wholeFile(path), "\(expecting.what) '\(path)' is empty; expected \(expecting.shapeText)"))
            return nil
        }
        if !widthProblems.isEmpty, widths.count == 1, let w = widths.first, expecting.columns != nil {
            // Every row has the same wrong width: the matrix is of another shape.
            let shape = expecting.rows.map { $0 != rows } ?? false
                ? "is \(rows)×\(w)" : "has \(w) value\(w == 1 ? "" : "s") in every row"
            problems.add(shapeProblem(firstSpan ?? .wholeFile(path), "\(expecting.what) '\(path)' \(shape); expected \(expecting.shapeText)"))
            return nil
        }
        widthProblems.forEach { problems.add($0) }
        if let r = expecting.rows, rows != r {
            problems.add(shapeProblem(.wholeFile(path), "\(expecting.what) '\(path)' has \(rows) row\(rows == 1 ? "" : "s"); expected \(expecting.shapeText)"))
            return nil
        }
        guard consistent, let width else { return nil }
        return Matrix(rows: rows, columns: width, values: values, rowSpans: spans)
    }
}
