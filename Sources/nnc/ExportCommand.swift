import ArgumentParser
import Foundation
import NNCDiagnostics
import NNCExport
import NNCTrain

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a trained network as a model that other tools run (ONNX).",
        discussion: """
            Reads the run folder that nnc train wrote and writes its network as an \
            ONNX model (opset 17, IR version 8) to RUN_DIR/model.onnx or --out FILE. \
            The graph takes one float32 tensor [N] per raw input column, named as \
            in the spec (a spec with `inputs: COUNT` takes one tensor x [N, COUNT]); \
            derived inputs such as log(x) are operators of the graph. It gives one \
            float32 tensor [N] per output, named as in the spec (or y [N, COUNT]).

            With replicas, --ensemble mean (the default) computes the mean of every \
            replica in one graph, as nnc predict does; --ensemble replicas gives \
            every replica's output along a leading axis, [R, N].

            Exit status: 0 written, 1 the run's files or weights have errors or the \
            network cannot be exported, 2 usage or I/O error.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case onnx
    }

    @Argument(help: ArgumentHelp("The run folder (the --out folder of nnc train), or one replica's folder in it.", valueName: "RUN_DIR"))
    var folder: String

    @Option(help: ArgumentHelp("The model format.", valueName: "onnx"))
    var format: Format = .onnx

    @Option(name: .customLong("out"), help: ArgumentHelp("Where to write the model (default: RUN_DIR/model.onnx).", valueName: "FILE"))
    var out: String?

    @Option(help: ArgumentHelp("With replicas: one graph of their mean, or every replica along axis 0.", valueName: "mean|replicas"))
    var ensemble: ONNXExporter.Ensemble = .mean

    func run() throws {
        let path = out ?? folder + "/model.onnx"
        do {
            let trained = try TrainedRun.load(folder: folder)
            let model = try ONNXExporter.model(run: trained, ensemble: ensemble, producerVersion: NNC.configuration.version)
            try AtomicFile.write(model.encoded(), to: path)
            print(Self.summary(model, path: path, members: trained.fitFolders.count, ensemble: ensemble))
        } catch let e as TrainError {
            CLI.report(e.diagnostics, sources: SourceManager())
            throw CommandFailure(code: e.diagnostics.allSatisfy { $0.code == .cannotWriteOutput } ? Exit.usage : Exit.inputErrors)
        }
    }

    /// "wrote runs/x/model.onnx: ONNX opset 17; inputs x [N]; outputs xg [N]; mean of 10 replicas".
    static func summary(_ model: ONNXModel, path: String, members: Int, ensemble: ONNXExporter.Ensemble) -> String {
        func describe(_ v: ONNXValueInfo) -> String {
            v.name + " [" + v.shape.map { d -> String in
                switch d {
                case .fixed(let n): return String(n)
                case .named(let s): return s
                }
            }.joined(separator: ", ") + "]"
        }
        var text = "wrote \(path): ONNX opset \(ONNXModel.opset); inputs "
        text += model.graph.inputs.map(describe).joined(separator: ", ")
        text += "; outputs " + model.graph.outputs.map(describe).joined(separator: ", ")
        if members > 1 { text += ensemble == .mean ? "; mean of \(members) replicas" : "; \(members) replicas along axis 0" }
        return text
    }
}

extension ONNXExporter.Ensemble: ExpressibleByArgument {}
