import Foundation
import NNCDiagnostics
import NNCLowering
import NNCPlan
import NNCSpec

/// `nnc predict`: the network's outputs on new inputs, from one weights file
/// or the ensemble of several (the replicas of a run).
public enum Prediction {
    /// The weight files named by `paths`: a file as is; a folder's
    /// `replica_*/weights.safetensors` if it has replicas, else its `weights.safetensors`.
    public static func weightFiles(_ paths: [String]) throws -> [String] {
        var out: [String] = []
        let fm = FileManager.default
        for path in paths {
            var isFolder: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw TrainError(Diagnostic(
                    "E0717", span: .wholeFile(path), message: "no weights at '\(path)'",
                    notes: [DiagnosticNote("give a weights.safetensors file, or a run folder such as runs/<name>/")]))
            }
            guard isFolder.boolValue else {
                out.append(path)
                continue
            }
            let replicas = ((try? fm.contentsOfDirectory(atPath: path)) ?? [])
                .filter { $0.hasPrefix("replica_") }.sorted()
                .map { path + "/" + $0 + "/weights.safetensors" }
                .filter { fm.fileExists(atPath: $0) }
            if !replicas.isEmpty {
                out += replicas
            } else if fm.fileExists(atPath: path + "/weights.safetensors") {
                out.append(path + "/weights.safetensors")
            } else {
                throw TrainError(Diagnostic(
                    "E0717", span: .wholeFile(path), message: "the folder '\(path)' has no weights.safetensors and no replica_*/ folders with one",
                    notes: [DiagnosticNote("point --weights at the --out folder of a finished nnc train")]))
            }
        }
        return out
    }

    /// The prediction inputs: the raw input columns of `path`, with derived inputs computed.
    public static func inputs(spec: Spec, path: String, sources: SourceManager? = nil) throws -> DataSet {
        let variables = spec.inputs.rawVariables
        let table = try CSVTable.read(path: path, columns: variables, sources: sources)
        let raw = RawData(
            variables: variables, columns: variables.map { table.column($0)! }, outputs: [], targets: [],
            origin: .file(path: path, lines: table.lines))
        var data = try DataSet.make(from: raw, inputs: spec.inputs)
        data.outputNames = spec.outputs.names
        return data
    }

    /// Each weights file's outputs on every point of `data`, `[outputs][count]`
    /// per file: the spec lowered for inference with a batch of the whole data
    /// (capped at 4096), so a prediction is one or a few forward passes.
    public static func members(spec: Spec, weightFiles files: [String], data: DataSet) throws -> [[Float]] {
        let batch = min(max(data.count, 1), 4096)
        let (plan, diagnostics) = Lowering.lower(spec, options: LoweringOptions(mode: .inference, batchSize: batch))
        guard let plan else { throw TrainError(diagnostics) }
        let layout = ParameterLayout(plan: plan)
        var engine = try InterpreterEngine(plan: plan)
        var members: [[Float]] = []
        for file in files {
            let weights = try Trainer.initialWeights(path: file, layout: layout)
            for i in weights.indices { engine.parameters[i] = weights[i] }
            members.append(run(&engine, data: data))
        }
        return members
    }

    /// The outputs of `engine` (already holding its weights) on every point, `[outputs][count]`.
    public static func run<Engine: TrainingEngine>(_ engine: inout Engine, data: DataSet) -> [Float] {
        let n = data.count, outputs = data.outputCount
        var out = [Float](repeating: 0, count: outputs * n)
        let indices = Array(0..<n)
        var start = 0
        while start < n {
            let m = min(engine.batchCapacity, n - start)
            engine.load(data, indices: indices[start..<(start + m)])
            engine.forward(count: m)
            for o in 0..<outputs {
                for k in 0..<m { out[o * n + start + k] = engine.output(o, point: k) }
            }
            start += m
        }
        return out
    }

    /// The mean over members and, with two or more, the standard deviation
    /// (with N − 1, the sample standard deviation), per output and point.
    public static func ensemble(_ members: [[Float]]) -> (mean: [Double], std: [Double]?) {
        guard let first = members.first else { return ([], nil) }
        let m = Double(members.count)
        var mean = [Double](repeating: 0, count: first.count)
        for member in members { for i in mean.indices { mean[i] += Double(member[i]) } }
        for i in mean.indices { mean[i] /= m }
        guard members.count > 1 else { return (mean, nil) }
        var variance = [Double](repeating: 0, count: first.count)
        for member in members {
            for i in variance.indices {
                let d = Double(member[i]) - mean[i]
                variance[i] += d * d
            }
        }
        return (mean, variance.map { ($0 / (m - 1)).squareRoot() })
    }

    /// The output CSV: a header of the output names (then `<name>_std` for an
    /// ensemble), one line per input point. Values are float32, written in their
    /// shortest exact form.
    public static func csv(outputs names: [String], count: Int, mean: [Double], std: [Double]?) -> String {
        var header = names
        if std != nil { header += names.map { $0 + "_std" } }
        var text = header.joined(separator: ",") + "\n"
        text.reserveCapacity(count * names.count * 24)
        for k in 0..<count {
            var fields: [String] = []
            for o in names.indices { fields.append("\(Float(mean[o * count + k]))") }
            if let std {
                for o in names.indices { fields.append("\(Float(std[o * count + k]))") }
            }
            text += fields.joined(separator: ",") + "\n"
        }
        return text
    }
}
