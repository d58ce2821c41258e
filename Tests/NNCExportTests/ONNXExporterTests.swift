import NNCDiagnostics
@testable import NNCExport
import NNCSpec
import NNCTrain
import Testing

/// The graph the exporter builds for a spec, op by op, and its refusals.
@Suite struct ONNXExporterTests {
    static func spec(inputs: String = "[x, \"log(x)\"]", outputs: String = "[y]") throws -> Spec {
        let text = """
            nnc: 1
            name: g
            inputs: \(inputs)
            outputs: \(outputs)
            network:
              layers:
                - {dense: 3, activation: tanh}
                - {dense: 1, activation: linear, bias: false}
            data:
              generate: {truth: "x", x: {logspace: [0.1, 1], points: 10}}
            training: {loss: mse, optimizer: adam, epochs: 1}

            """
        let (spec, diagnostics) = SpecLoader.decode(text: text, path: "/tmp/g.yaml", sources: SourceManager())
        return try #require(spec, "\(diagnostics.map(\.message))")
    }

    static let member: ONNXExporter.Member = [
        "dense_0.weight": ([3, 2], [1, 2, 3, 4, 5, 6]), "dense_0.bias": ([3], [0.1, 0.2, 0.3]),
        "dense_1.weight": ([1, 3], [1, -1, 0.5]),
    ]

    @Test func derivedInputsLayersAndNamedOutputs() throws {
        let model = try ONNXExporter.model(spec: Self.spec(), members: [Self.member, Self.member], ensemble: .mean, producerVersion: "t")
        let g = model.graph
        #expect(g.inputs.map(\.name) == ["x"])
        #expect(g.inputs[0].shape == [.named("N")])
        #expect(g.outputs.map(\.name) == ["y"])
        #expect(g.nodes.map(\.op) == ["Unsqueeze", "Log", "Concat", "Gemm", "Tanh", "Gemm", "Gemm", "Tanh", "Gemm", "Sum", "Div", "Gather"])
        let gemms = g.nodes.filter { $0.op == "Gemm" }
        #expect(gemms.map(\.inputs.count) == [3, 2, 3, 2], "the layer without bias has no C input")
        #expect(g.initializers.contains { $0.name == "r1/dense_0.weight" && $0.dims == [3, 2] })
        #expect(g.nodes.last?.outputs == ["y"])
        let bytes = model.encoded()
        #expect(bytes.count > 200)
        #expect(bytes.prefix(2) == [0x08, 0x08], "ir_version 8 comes first")
    }

    @Test func replicasGetALeadingAxis() throws {
        let model = try ONNXExporter.model(spec: Self.spec(), members: [Self.member, Self.member, Self.member], ensemble: .replicas, producerVersion: "t")
        #expect(model.graph.outputs[0].shape == [.fixed(3), .named("N")])
        #expect(model.graph.nodes.filter { $0.op == "Unsqueeze" }.count == 1 + 3)
    }

    @Test func aMemberWithoutALayersWeightsIsADiagnostic() throws {
        var partial = Self.member
        partial["dense_1.weight"] = nil
        #expect {
            try ONNXExporter.model(spec: Self.spec(), members: [Self.member, partial], ensemble: .mean, producerVersion: "t")
        } throws: { error in
            let d = (error as? TrainError)?.diagnostics.first
            return d?.code == .exportUnsupported && d?.message == "no weights for layer 'dense_1' in replica 1"
        }
    }
}
