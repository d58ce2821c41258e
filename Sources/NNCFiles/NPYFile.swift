import NNCDiagnostics

/// NumPy's `.npy` format, as `np.save` writes it: the magic `\x93NUMPY`, a
/// version (1.0, 2.0 or 3.0), a little-endian header length (2 bytes in
/// version 1, 4 after), a header that is a Python dict literal
/// `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }` padded with
/// spaces to a multiple of 64 bytes, then the array's bytes.
/// nnc reads float32 and float64 (`<f4`, `<f8`), in C or Fortran order.
enum NPYFile {
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY

    static func hasMagic(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= magic.count && zip(bytes, magic).allSatisfy { $0 == $1 }
    }

    /// The parsed header: element type, order and shape.
    struct Header: Equatable {
        var descr: String
        var fortranOrder: Bool
        var shape: [Int]
        /// Byte offset of the array data.
        var dataOffset: Int
    }

    /// A problem with the file, at a byte offset.
    struct Problem: Error {
        var message: String
        var offset: Int
        var fix: String?
    }

    static let fix = "save it with NumPy as float64: np.save(path, np.asarray(a, dtype=np.float64))"

    static func header(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Header, Problem> {
        guard hasMagic(bytes) else {
            return .failure(Problem(message: "is not a NumPy .npy file: it does not start with \\x93NUMPY", offset: 0, fix: fix))
        }
        guard bytes.count >= 10 else { return .failure(Problem(message: "ends inside its .npy header", offset: bytes.count, fix: nil)) }
        let major = bytes[6]
        let lengthBytes: Int
        switch major {
        case 1: lengthBytes = 2
        case 2, 3: lengthBytes = 4
        default:
            return .failure(Problem(message: "has .npy format version \(major).\(bytes[7]); nnc reads versions 1.0 to 3.0", offset: 6, fix: fix))
        }
        let start = 8 + lengthBytes
        guard bytes.count >= start else { return .failure(Problem(message: "ends inside its .npy header", offset: bytes.count, fix: nil)) }
        var length = 0
        for k in 0..<lengthBytes { length |= Int(bytes[8 + k]) << (8 * k) }
        guard length <= bytes.count - start else {
            return .failure(Problem(message: "says its header is \(length) bytes long, but the file ends \(bytes.count - start) bytes after its start", offset: 8, fix: nil))
        }
        guard let text = String(validating: UnsafeBufferPointer(rebasing: bytes[start..<(start + length)]), as: UTF8.self) else {
            return .failure(Problem(message: "has a header that is not text", offset: start, fix: nil))
        }
        var parser = PythonLiteral(text)
        guard let dict = parser.dictionary() else {
            return .failure(Problem(message: "has a header that is not a Python dict literal: \(text.trimmingCharacters(in: .whitespacesAndNewlines).prefix(80))", offset: start + parser.position, fix: nil))
        }
        guard case .string(let descr)? = dict["descr"] else {
            let found = dict["descr"].map { "'descr' is \($0)" } ?? "no 'descr'"
            return .failure(Problem(message: "has a structured or unknown element type (\(found)); expected float32 or float64", offset: start, fix: fix))
        }
        guard case .bool(let fortran)? = dict["fortran_order"] else {
            return .failure(Problem(message: "has no 'fortran_order' True or False in its header", offset: start, fix: nil))
        }
        guard case .tuple(let shape)? = dict["shape"], shape.allSatisfy({ $0 >= 0 }) else {
            return .failure(Problem(message: "has no 'shape' tuple of sizes in its header", offset: start, fix: nil))
        }
        return .success(Header(descr: descr, fortranOrder: fortran, shape: shape, dataOffset: start + length))
    }

    /// The matrix in the file, checked against `expecting`, and every problem.
    static func matrix(bytes: UnsafeBufferPointer<UInt8>, path: String, expecting: MatrixExpectation) -> (Matrix?, [Diagnostic]) {
        func malformed(_ p: Problem) -> (Matrix?, [Diagnostic]) {
            (nil, [Diagnostic(
                .malformedNPY, span: .wholeFile(path),
                message: "\(expecting.what) '\(path)' \(p.message) (byte offset \(p.offset))",
                notes: (p.fix.map { [DiagnosticNote($0)] } ?? []) + expecting.notes)])
        }
        let h: Header
        switch header(bytes) {
        case .failure(let p): return malformed(p)
        case .success(let header): h = header
        }
        let size: Int
        switch h.descr {
        case "<f8", "=f8": size = 8
        case "<f4", "=f4": size = 4
        case ">f8", ">f4":
            return malformed(Problem(message: "holds big-endian floats ('\(h.descr)'); expected little-endian float32 or float64", offset: h.dataOffset, fix: "convert it: np.save(path, a.astype('<f8'))"))
        default:
            return malformed(Problem(message: "holds elements of type '\(h.descr)'; expected float32 ('<f4') or float64 ('<f8')", offset: h.dataOffset, fix: fix))
        }
        // The shape as rows × columns; a vector fits a matrix of one row or one column.
        let shapeText = "(" + h.shape.map(String.init).joined(separator: ", ") + (h.shape.count == 1 ? ",)" : ")")
        var rows: Int, columns: Int
        switch h.shape.count {
        case 2:
            rows = h.shape[0]
            columns = h.shape[1]
        case 1 where expecting.rows == 1:
            (rows, columns) = (1, h.shape[0])
        case 1 where expecting.columns == 1:
            (rows, columns) = (h.shape[0], 1)
        default:
            return (nil, [Diagnostic(
                .matrixShapeMismatch, span: .wholeFile(path),
                message: "\(expecting.what) '\(path)' is an array of shape \(shapeText); expected a 2-D array of \(expecting.shapeText)",
                notes: expecting.notes)])
        }
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        let (needed, overflow2) = count.multipliedReportingOverflow(by: size)
        let available = bytes.count - h.dataOffset
        if overflow || overflow2 || needed > available {
            return malformed(Problem(
                message: "is cut short: shape \(shapeText) of \(size == 8 ? "float64" : "float32") needs \(overflow || overflow2 ? "more" : String(needed)) bytes of data, the file has \(available)",
                offset: bytes.count, fix: nil))
        }
        if needed < available {
            return malformed(Problem(
                message: "has \(available - needed) bytes after the data of shape \(shapeText)", offset: h.dataOffset + needed, fix: nil))
        }
        if (expecting.rows.map { $0 != rows } ?? false) || (expecting.columns.map { $0 != columns } ?? false) {
            return (nil, [Diagnostic(
                .matrixShapeMismatch, span: .wholeFile(path),
                message: "\(expecting.what) '\(path)' has shape \(shapeText); expected \(expecting.shapeText)",
                notes: expecting.notes)])
        }
        var values = [Double](repeating: 0, count: count)
        var problems = ProblemList()
        let raw = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[h.dataOffset...])
        for k in 0..<count {
            let v: Double
            if size == 8 {
                v = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: k * 8, as: UInt64.self)))
            } else {
                v = Double(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: k * 4, as: UInt32.self))))
            }
            // Element k of the file is (r, c) in C order, (c, r) read down the columns in Fortran order.
            let (r, c) = h.fortranOrder ? (k % max(rows, 1), k / max(rows, 1)) : (k / max(columns, 1), k % max(columns, 1))
            if !v.isFinite {
                problems.add(Diagnostic(
                    .notFinite, span: .wholeFile(path),
                    message: "element [\(r), \(c)] of \(expecting.what) '\(path)' is \(v) (byte offset \(h.dataOffset + k * size)); expected a finite number",
                    notes: expecting.notes))
            }
            values[r * columns + c] = v
        }
        if !problems.isEmpty { return (nil, problems.finished()) }
        return (Matrix(rows: rows, columns: columns, values: values), [])
    }
}

/// The few Python literals an `.npy` header holds: a dict of strings,
/// booleans and tuples of integers.
struct PythonLiteral {
    enum Value: Equatable, CustomStringConvertible {
        case string(String)
        case bool(Bool)
        case tuple([Int])
        case other

        var description: String {
            switch self {
            case .string(let s): return "'\(s)'"
            case .bool(let b): return b ? "True" : "False"
            case .tuple(let t): return "(" + t.map(String.init).joined(separator: ", ") + ")"
            case .other: return "not a string"
            }
        }
    }

    let chars: [Character]
    var position = 0

    init(_ text: String) {
        chars = Array(text)
    }

    mutating func skipSpace() {
        while position < chars.count, chars[position].isWhitespace { position += 1 }
    }

    mutating func take(_ c: Character) -> Bool {
        skipSpace()
        guard position < chars.count, chars[position] == c else { return false }
        position += 1
        return true
    }

    mutating func dictionary() -> [String: Value]? {
        guard take("{") else { return nil }
        var out: [String: Value] = [:]
        while true {
            if take("}") { return out }
            guard let key = string(), take(":"), let value = value() else { return nil }
            out[key] = value
            if take(",") { continue }
            return take("}") ? out : nil
        }
    }

    mutating func string() -> String? {
        skipSpace()
        guard position < chars.count, chars[position] == "'" || chars[position] == "\"" else { return nil }
        let q = chars[position]
        position += 1
        var s = ""
        while position < chars.count, chars[position] != q {
            s.append(chars[position])
            position += 1
        }
        guard position < chars.count else { return nil }
        position += 1
        return s
    }

    mutating func value() -> Value? {
        skipSpace()
        guard position < chars.count else { return nil }
        switch chars[position] {
        case "'", "\"":
            return string().map { .string($0) }
        case "(":
            position += 1
            var items: [Int] = []
            while true {
                if take(")") { return .tuple(items) }
                guard let n = integer() else { return nil }
                items.append(n)
                if take(",") { continue }
                return take(")") ? .tuple(items) : nil
            }
        case "[":
            // A structured dtype's list of fields: skipped to its end.
            var depth = 0
            while position < chars.count {
                if chars[position] == "[" { depth += 1 }
                if chars[position] == "]" { depth -= 1 }
                position += 1
                if depth == 0 { return .other }
            }
            return nil
        default:
            for (word, v) in [("True", true), ("False", false)] where matches(word) {
                position += word.count
                return .bool(v)
            }
            return nil
        }
    }

    func matches(_ word: String) -> Bool {
        let w = Array(word)
        guard position + w.count <= chars.count else { return false }
        return Array(chars[position..<(position + w.count)]) == w
    }

    mutating func integer() -> Int? {
        skipSpace()
        var digits = ""
        while position < chars.count, let d = chars[position].wholeNumberValue, chars[position].isASCII {
            _ = d
            digits.append(chars[position])
            position += 1
        }
        // Trailing 'L' of Python 2 longs.
        if position < chars.count, chars[position] == "L" { position += 1 }
        return Int(digits)
    }
}
