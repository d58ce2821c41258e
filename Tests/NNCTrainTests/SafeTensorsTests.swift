import Foundation
import NNCDiagnostics
import NNCLowering
import NNCPlan
import Testing
@testable import NNCTrain

@Suite struct SafeTensorsTests {
    static let sample = SafeTensors(
        tensors: [
            .init(name: "dense_0.weight", shape: [3, 2], values: [1, -2, 3.5, 0, 1e-30, -0.0]),
            .init(name: "dense_0.bias", shape: [3], values: [0.25, 0.5, -1]),
            .init(name: "out.weight", shape: [1, 3], values: [.pi, 2, 3]),
        ],
        metadata: ["format": "pt", "note": "quote \" and \\ and \n newline"])

    func codes(_ bytes: [UInt8]) -> [DiagnosticCode] {
        do {
            _ = try SafeTensors.decode(bytes, path: "w.safetensors")
            return []
        } catch let e as TrainError {
            return e.diagnostics.map(\.code)
        } catch {
            return ["other"]
        }
    }

    /// A file with `header` as its JSON and `data` after it, as a foreign writer might make.
    func file(_ header: String, data: [UInt8] = []) -> [UInt8] {
        var out: [UInt8] = []
        var n = UInt64(header.utf8.count).littleEndian
        withUnsafeBytes(of: &n) { out.append(contentsOf: $0) }
        return out + Array(header.utf8) + data
    }

    @Test func roundTrip() throws {
        let bytes = Self.sample.encoded()
        var n: UInt64 = 0
        for k in 0..<8 { n |= UInt64(bytes[k]) << (8 * UInt64(k)) }
        #expect((8 + n) % 8 == 0)
        #expect(bytes.count == 8 + Int(n) + 4 * 12)
        let back = try SafeTensors.decode(bytes, path: "w.safetensors")
        #expect(back == Self.sample)
        #expect(back.tensor("out.weight")?.values[0].bitPattern == Float.pi.bitPattern)
    }

    @Test func readsF64AndForeignOrder() throws {
        var data: [UInt8] = []
        for v in [1.5, -2.0] { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        for v: Float in [7] { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        let header = #"{"b":{"dtype":"F32","shape":[1],"data_offsets":[16,20]},"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}"#
        let t = try SafeTensors.decode(file(header, data: data), path: "w")
        #expect(t.tensors.map(\.name) == ["a", "b"])
        #expect(t.tensor("a")?.values == [1.5, -2])
        #expect(t.tensor("b")?.values == [7])
    }

    @Test func corruptFilesAreDiagnostics() {
        let good = Self.sample.encoded()
        #expect(codes([1, 2, 3]) == ["E0711"])
        #expect(codes(Array(good.dropLast(5))) == ["E0711"])
        #expect(codes(Array(good.prefix(20))) == ["E0711"])
        #expect(codes(file("{not json")) == ["E0711"])
        #expect(codes(file("[1,2]")) == ["E0711"])
        #expect(codes(file(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, data: Array(repeating: 0, count: 8))) == ["E0711"])
        #expect(codes(file(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, data: Array(repeating: 0, count: 4))) == ["E0711"])
        #expect(codes(file(#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, data: Array(repeating: 0, count: 8))) == ["E0711"])
        #expect(codes(file(#"{"a":{"dtype":"F32","shape":[true],"data_offsets":[0,4]}}"#, data: Array(repeating: 0, count: 4))) == ["E0711"])
        #expect(codes(file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, data: Array(repeating: 0, count: 8))) == ["E0711"])
        #expect(codes(file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: Array(repeating: 0, count: 8))) == ["E0711"])
        #expect(codes(file(#"{"__metadata__":{"a":1}}"#)) == ["E0711"])
        #expect(codes(file(#"{"a":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}"#, data: Array(repeating: 0, count: 4))) == ["E0713"])
        #expect(codes(file(#"{"a":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,4]}}"#, data: Array(repeating: 0, count: 4))) == ["E0711"])
        var huge = good
        huge[7] = 0x7f
        #expect(codes(huge) == ["E0711"])
    }

    @Test func everyTruncationIsCaught() {
        let good = Self.sample.encoded()
        for cut in stride(from: 0, to: good.count, by: 3) {
            #expect(codes(Array(good.prefix(cut))) == ["E0711"], "cut at \(cut)")
        }
    }

    @Test func layoutChecksNamesAndShapes() throws {
        let layout = ParameterLayout(entries: [
            .init(name: "dense_0.weight", shape: [3, 2], offset: 0),
            .init(name: "dense_0.bias", shape: [3], offset: 6),
            .init(name: "out.weight", shape: [1, 3], offset: 9),
        ], slabCount: 12)
        let slab = try layout.load(from: Self.sample, path: "w")
        #expect(slab == [1, -2, 3.5, 0, 1e-30, -0.0, 0.25, 0.5, -1, .pi, 2, 3])
        #expect(layout.tensors(of: slab) == Self.sample.tensors)

        var wrong = Self.sample
        wrong.tensors[0].shape = [2, 3]
        wrong.tensors.append(.init(name: "extra.bias", shape: [1], values: [0]))
        wrong.tensors.remove(at: 1)
        #expect {
            try layout.check(wrong, path: "w")
        } throws: { error in
            let d = (error as? TrainError)?.diagnostics ?? []
            return d.map(\.code) == ["E0712", "E0712", "E0712"]
                && d[0].message == "tensor 'dense_0.weight' in 'w' has shape [2, 3], expected [3, 2]"
                && d[1].message == "'w' has no tensor 'dense_0.bias' (expected shape [3])"
                && d[2].message.contains("'extra.bias'")
        }
    }

    @Test func specLayoutFollowsNNLinear() {
        let spec = SpecFixture.spec(layers: [SpecFixture.layer("dense_0", 25), SpecFixture.layer("h", 20, bias: false), SpecFixture.layer("out", 1, .linear)])
        let layout = ParameterLayout(spec: spec)
        #expect(layout.entries.map(\.name) == ["dense_0.weight", "dense_0.bias", "h.weight", "out.weight", "out.bias"])
        #expect(layout.entries.map(\.shape) == [[25, 1], [25], [20, 25], [1, 20], [1]])
        #expect(layout.slabCount == 25 + 25 + 500 + 20 + 1)
    }

    /// Cross-check with an independent reader: a few lines of NumPy and json,
    /// when python3 with NumPy is on the machine (skipped otherwise).
    @Test func numpyReadsWhatWeWrite() throws {
        let dir = FileManager.default.temporaryDirectory.path
        let path = dir + "/nnc-st-\(getpid()).safetensors"
        try Self.sample.write(to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let script = """
            import json, struct, sys
            import numpy as np
            b = open(sys.argv[1], 'rb').read()
            n = struct.unpack('<Q', b[:8])[0]
            assert (8 + n) % 8 == 0
            h = json.loads(b[8:8 + n])
            data = b[8 + n:]
            out = []
            for k, v in h.items():
                if k == '__metadata__':
                    out.append('meta ' + json.dumps(v, sort_keys=True)); continue
                s, e = v['data_offsets']
                a = np.frombuffer(data[s:e], dtype='<f4').reshape(v['shape'])
                out.append(k + ' ' + v['dtype'] + ' ' + str(list(a.shape)) + ' ' + ' '.join(repr(float(x)) for x in a.ravel()))
            print('\\n'.join(out))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = Pipe()
        do { try process.run() } catch { return }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return }  // no python3 or no NumPy here
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.first == #"meta {"format": "pt", "note": "quote \" and \\ and \n newline"}"#)
        #expect(lines.contains("dense_0.weight F32 [3, 2] 1.0 -2.0 3.5 0.0 \(Double(Float(1e-30))) -0.0"))
        #expect(lines.contains("dense_0.bias F32 [3] 0.25 0.5 -1.0"))
        #expect(lines.contains("out.weight F32 [1, 3] \(Double(Float.pi)) 2.0 3.0"))
    }

    @Test func atomicWriteReplacesWholeFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnc-atomic-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try AtomicFile.write("old", to: dir + "/f")
        try AtomicFile.write("new contents", to: dir + "/f")
        #expect(try String(contentsOfFile: dir + "/f", encoding: .utf8) == "new contents")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["f"])
        #expect(throws: TrainError.self) { try AtomicFile.write("x", to: dir + "/missing/f") }
    }
}

@Suite struct PlanLayoutTests {
    @Test func planLayoutMatchesTheSpecLayout() throws {
        let spec = SpecFixture.spec(layers: [SpecFixture.layer("dense_0", 25), SpecFixture.layer("h", 20, bias: false), SpecFixture.layer("out", 1, .linear)])
        let (plan, diagnostics) = Lowering.lower(spec, options: LoweringOptions(mode: .training))
        #expect(!diagnostics.hasErrors)
        let layout = ParameterLayout(plan: try #require(plan))
        #expect(layout == ParameterLayout(spec: spec))
        #expect(layout.slabCount == plan?.parameters)
    }
}
