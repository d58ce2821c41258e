import NNCDiagnostics
import NNCSpec

/// Where each named parameter tensor lives in the parameter slab, in
/// PyTorch `nn.Linear` layout: `<layer>.weight` `[out, in]` row-major,
/// `<layer>.bias` `[out]`.
public struct ParameterLayout: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var shape: [Int]
        /// Offset of the first element in the slab, in floats.
        public var offset: Int

        public init(name: String, shape: [Int], offset: Int) {
            self.name = name
            self.shape = shape
            self.offset = offset
        }

        public var count: Int { shape.reduce(1, *) }
    }

    public var entries: [Entry]
    /// The slab's length in floats (at least the end of the last entry; more when the slab is padded).
    public var slabCount: Int

    public init(entries: [Entry], slabCount: Int) {
        self.entries = entries
        self.slabCount = slabCount
    }

    /// The layout of `spec`'s dense layers packed back to back, each layer's weight then bias.
    public init(spec: Spec) {
        var entries: [Entry] = []
        var inputs = spec.inputs.count
        var offset = 0
        for layer in spec.network.layers {
            let out = layer.units.value
            entries.append(Entry(name: layer.name.value + ".weight", shape: [out, inputs], offset: offset))
            offset += out * inputs
            if layer.bias.value {
                entries.append(Entry(name: layer.name.value + ".bias", shape: [out], offset: offset))
                offset += out
            }
            inputs = out
        }
        self.init(entries: entries, slabCount: offset)
    }

    /// The named tensors of a slab (with `prefix` before each name).
    public func tensors(of slab: UnsafeBufferPointer<Float>, prefix: String = "") -> [SafeTensors.Tensor] {
        entries.map { e in
            SafeTensors.Tensor(name: prefix + e.name, shape: e.shape, values: Array(slab[e.offset..<(e.offset + e.count)]))
        }
    }

    public func tensors(of slab: [Float], prefix: String = "") -> [SafeTensors.Tensor] {
        slab.withUnsafeBufferPointer { tensors(of: $0, prefix: prefix) }
    }

    /// Copies the tensors named `prefix + entry.name` from `file` into `slab`,
    /// after checking that every one is there with the right shape and that
    /// the file has no other tensors with that prefix (when `exclusive`).
    /// Problems are diagnostics naming the tensor, expected and found.
    public func load(
        from file: SafeTensors, path: String, prefix: String = "", exclusive: Bool = true,
        into slab: UnsafeMutableBufferPointer<Float>
    ) throws {
        try check(file, path: path, prefix: prefix, exclusive: exclusive)
        for e in entries {
            let t = file.tensor(prefix + e.name)!
            for i in 0..<e.count { slab[e.offset + i] = t.values[i] }
        }
    }

    public func load(from file: SafeTensors, path: String, prefix: String = "", exclusive: Bool = true) throws -> [Float] {
        var slab = [Float](repeating: 0, count: slabCount)
        try slab.withUnsafeMutableBufferPointer { try load(from: file, path: path, prefix: prefix, exclusive: exclusive, into: $0) }
        return slab
    }

    /// Checks names and shapes against the layout; every mismatch is reported.
    public func check(_ file: SafeTensors, path: String, prefix: String = "", exclusive: Bool = true) throws {
        var diagnostics: [Diagnostic] = []
        let expected = "the network has " + entries.map { "\(prefix)\($0.name) \(Self.format($0.shape))" }.joined(separator: ", ")
        for e in entries {
            guard let t = file.tensor(prefix + e.name) else {
                let near = file.tensors.map(\.name).filter { $0.hasPrefix(prefix) }
                diagnostics.append(Diagnostic(
                    .tensorsMismatch, span: .wholeFile(path),
                    message: "'\(path)' has no tensor '\(prefix + e.name)' (expected shape \(Self.format(e.shape)))",
                    notes: [DiagnosticNote("the file has: " + (near.isEmpty ? "no such tensors" : near.joined(separator: ", "))),
                            DiagnosticNote("layer names must match the spec's (a layer's 'name', or dense_<i>)")]))
                continue
            }
            if t.shape != e.shape {
                diagnostics.append(Diagnostic(
                    .tensorsMismatch, span: .wholeFile(path),
                    message: "tensor '\(t.name)' in '\(path)' has shape \(Self.format(t.shape)), expected \(Self.format(e.shape))",
                    notes: [DiagnosticNote(e.shape.count == 2
                        ? "weights are [out, in] as in PyTorch's nn.Linear; a file in [in, out] order needs transposing"
                        : "a bias has one value per unit of its layer"),
                            DiagnosticNote(expected)]))
            }
        }
        if exclusive {
            let known = Set(entries.map { prefix + $0.name })
            for t in file.tensors where t.name.hasPrefix(prefix) && !known.contains(t.name) {
                diagnostics.append(Diagnostic(
                    .tensorsMismatch, span: .wholeFile(path),
                    message: "'\(path)' has a tensor '\(t.name)' \(Self.format(t.shape)) that the network does not have",
                    notes: [DiagnosticNote(expected)]))
            }
        }
        if !diagnostics.isEmpty { throw TrainError(diagnostics) }
    }

    static func format(_ shape: [Int]) -> String {
        "[" + shape.map(String.init).joined(separator: ", ") + "]"
    }
}
