import Foundation
import NNCDiagnostics
import NNCFiles

/// A safetensors file: named tensors and a string-to-string metadata map.
///
/// The format (huggingface/safetensors): 8 bytes little-endian header length
/// N, then N bytes of JSON — `{"__metadata__": {...}, "name": {"dtype": "F32",
/// "shape": [2, 3], "data_offsets": [begin, end]}, ...}` — padded with spaces
/// so the data starts 8-byte aligned, then the tensors' bytes, little-endian,
/// row-major, offsets relative to the start of the data. nnc writes F32 and
/// reads F32 or F64 (converted to F32).
public struct SafeTensors: Sendable, Equatable {
    public struct Tensor: Sendable, Equatable {
        public var name: String
        public var shape: [Int]
        public var values: [Float]

        public init(name: String, shape: [Int], values: [Float]) {
            self.name = name
            self.shape = shape
            self.values = values
        }
    }

    /// In file order (the order of their data).
    public var tensors: [Tensor]
    public var metadata: [String: String]

    public init(tensors: [Tensor] = [], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    public func tensor(_ name: String) -> Tensor? {
        tensors.first { $0.name == name }
    }

    /// A header larger than this is not a weights file of nnc's size (and
    /// would otherwise be read into memory whole).
    static let maxHeaderBytes = 100_000_000

    // MARK: writing

    /// The file's bytes.
    public func encoded() -> [UInt8] {
        var json = "{"
        var parts: [String] = []
        if !metadata.isEmpty {
            let entries = metadata.keys.sorted().map { "\(Self.quote($0)):\(Self.quote(metadata[$0]!))" }
            parts.append("\"__metadata__\":{\(entries.joined(separator: ","))}")
        }
        var offset = 0
        for t in tensors {
            let end = offset + t.values.count * 4
            parts.append("\(Self.quote(t.name)):{\"dtype\":\"F32\",\"shape\":[\(t.shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        json += parts.joined(separator: ",") + "}"
        var header = Array(json.utf8)
        while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }

        var out: [UInt8] = []
        out.reserveCapacity(8 + header.count + offset)
        var n = UInt64(header.count).littleEndian
        withUnsafeBytes(of: &n) { out.append(contentsOf: $0) }
        out.append(contentsOf: header)
        for t in tensors {
            t.values.withUnsafeBufferPointer { buf in
                for v in buf {
                    var bits = v.bitPattern.littleEndian
                    withUnsafeBytes(of: &bits) { out.append(contentsOf: $0) }
                }
            }
        }
        return out
    }

    /// Writes the file atomically (a temporary file in the same folder, fsync, rename).
    public func write(to path: String) throws {
        try AtomicFile.write(encoded(), to: path)
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    out += String(format: "\\u%04x", u.value)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    // MARK: reading

    /// Reads and validates the file at `path`; every problem is a diagnostic naming the file.
    public static func read(path: String) throws -> SafeTensors {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw TrainError(Diagnostic(
                .malformedSafetensors, span: .wholeFile(path),
                message: "cannot read '\(path)': \(DataFile.reason(error))",
                notes: [DiagnosticNote("expected a safetensors file written by nnc train or by the safetensors library")]))
        }
        return try decode(Array(data), path: path)
    }

    /// Decodes and validates safetensors bytes; `path` names the file in diagnostics.
    public static func decode(_ bytes: [UInt8], path: String) throws -> SafeTensors {
        func fail(_ message: String, _ notes: [String] = []) -> TrainError {
            TrainError(Diagnostic(
                .malformedSafetensors, span: .wholeFile(path), message: message,
                notes: notes.map { DiagnosticNote($0) }))
        }
        guard bytes.count >= 8 else {
            throw fail("'\(path)' is truncated: \(bytes.count) bytes, too short for a safetensors header",
                       ["a safetensors file starts with an 8-byte header length; the file may be cut off or not be safetensors"])
        }
        var n: UInt64 = 0
        for k in 0..<8 { n |= UInt64(bytes[k]) << (8 * UInt64(k)) }
        guard n <= UInt64(bytes.count - 8) else {
            throw fail("'\(path)' is truncated or not safetensors: its header claims \(n) bytes but the file has \(bytes.count - 8) after the length",
                       ["the file may be cut off; if it was being written, use the last complete copy"])
        }
        guard n <= UInt64(maxHeaderBytes) else {
            throw fail("'\(path)' has a \(n)-byte header, more than the \(maxHeaderBytes) nnc accepts")
        }
        let headerEnd = 8 + Int(n)
        let headerBytes = bytes[8..<headerEnd]
        guard let object = try? JSONSerialization.jsonObject(with: Data(headerBytes), options: []),
              let header = object as? [String: Any]
        else {
            throw fail("'\(path)' has a header that is not a JSON object",
                       ["the first \(n) bytes after the length must be JSON; the file may be corrupt or not safetensors"])
        }
        let dataSize = bytes.count - headerEnd

        var metadata: [String: String] = [:]
        if let m = header["__metadata__"] {
            guard let map = m as? [String: Any] else {
                throw fail("'\(path)': __metadata__ must be a map of strings")
            }
            for (k, v) in map {
                guard let s = v as? String else {
                    throw fail("'\(path)': __metadata__ entry '\(k)' is not a string")
                }
                metadata[k] = s
            }
        }

        struct Entry {
            var name: String, dtype: String, shape: [Int], begin: Int, end: Int
        }
        var entries: [Entry] = []
        for (name, value) in header where name != "__metadata__" {
            guard let info = value as? [String: Any] else {
                throw fail("'\(path)': the entry for tensor '\(name)' is not a map with dtype, shape and data_offsets")
            }
            guard let dtype = info["dtype"] as? String else {
                throw fail("'\(path)': tensor '\(name)' has no dtype")
            }
            guard let shape = integers(info["shape"]) else {
                throw fail("'\(path)': tensor '\(name)' has no valid shape (a list of non-negative integers)")
            }
            guard let offsets = integers(info["data_offsets"]), offsets.count == 2 else {
                throw fail("'\(path)': tensor '\(name)' has no valid data_offsets (two non-negative integers)")
            }
            entries.append(Entry(name: name, dtype: dtype, shape: shape, begin: offsets[0], end: offsets[1]))
        }
        entries.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }

        var expectedBegin = 0
        var tensors: [Tensor] = []
        for e in entries {
            let itemSize: Int
            switch e.dtype {
            case "F32": itemSize = 4
            case "F64": itemSize = 8
            default:
                throw TrainError(Diagnostic(
                    .unsupportedDtype, span: .wholeFile(path),
                    message: "tensor '\(e.name)' in '\(path)' has dtype \(e.dtype); nnc reads F32 or F64",
                    notes: [DiagnosticNote("convert the weights to float32 before saving, e.g. in PyTorch with model.float()")]))
            }
            guard e.begin <= e.end, e.end <= dataSize else {
                throw fail("'\(path)': tensor '\(e.name)' has data_offsets [\(e.begin), \(e.end)] outside the \(dataSize) data bytes",
                           ["the file may be truncated"])
            }
            if e.begin < expectedBegin {
                throw fail("'\(path)': tensor '\(e.name)' overlaps the tensor before it (its data starts at \(e.begin), the previous one ends at \(expectedBegin))")
            }
            if e.begin > expectedBegin {
                throw fail("'\(path)': there are unused bytes \(expectedBegin)..<\(e.begin) before tensor '\(e.name)'",
                           ["safetensors tensors are stored back to back"])
            }
            var count = 1
            for d in e.shape {
                let (p, overflow) = count.multipliedReportingOverflow(by: d)
                guard !overflow else { throw fail("'\(path)': tensor '\(e.name)' has an impossible shape \(e.shape)") }
                count = p
            }
            guard count.multipliedReportingOverflow(by: itemSize).partialValue == e.end - e.begin,
                  !count.multipliedReportingOverflow(by: itemSize).overflow
            else {
                throw fail("'\(path)': tensor '\(e.name)' of shape \(e.shape) and dtype \(e.dtype) needs \(count &* itemSize) bytes but its data_offsets span \(e.end - e.begin)")
            }
            var values = [Float](repeating: 0, count: count)
            let base = headerEnd + e.begin
            if itemSize == 4 {
                for i in 0..<count {
                    let p = base + 4 * i
                    let bits = UInt32(bytes[p]) | UInt32(bytes[p + 1]) << 8 | UInt32(bytes[p + 2]) << 16 | UInt32(bytes[p + 3]) << 24
                    values[i] = Float(bitPattern: bits)
                }
            } else {
                for i in 0..<count {
                    var bits: UInt64 = 0
                    for k in 0..<8 { bits |= UInt64(bytes[base + 8 * i + k]) << (8 * UInt64(k)) }
                    values[i] = Float(Double(bitPattern: bits))
                }
            }
            tensors.append(Tensor(name: e.name, shape: e.shape, values: values))
            expectedBegin = e.end
        }
        if expectedBegin != dataSize {
            throw fail("'\(path)' has \(dataSize - expectedBegin) bytes after the last tensor's data",
                       ["the header and the data disagree; the file may be corrupt"])
        }
        return SafeTensors(tensors: tensors, metadata: metadata)
    }

    private static func integers(_ value: Any?) -> [Int]? {
        guard let list = value as? [Any] else { return nil }
        var out: [Int] = []
        for item in list {
            // JSON true/false also arrive as NSNumber, with the C type of a char or bool.
            guard let number = item as? NSNumber, !["c", "B"].contains(String(cString: number.objCType)) else { return nil }
            let d = number.doubleValue
            guard d >= 0, d == d.rounded(), d < 9e15 else { return nil }
            out.append(Int(d))
        }
        return out
    }
}
