import Foundation
import NNCDiagnostics
import NNCLowering
import NNCPlan
import NNCSpec

/// `nnc predict`: the network's outputs on new inputs, from one weights file
/// or the ensemble of several (the replicas of a run).
public enum Prediction {
    /// The weight files named by `paths`: a file as is; a folder's
    /// `replica_*/weights.safetensors` if it has replicas (those its
    /// `summary.json` counts as complete, when it has one), else its `weights.safetensors`.
    public static func weightFiles(_ paths: [String]) throws -> [String] {
        var out: [String] = []
        let fm = FileManager.default
        for path in paths {
            var isFolder: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw TrainError(Diagnostic(
                    .nothingToTrain, span: .wholeFile(path), message: "no weights at '\(path)'",
                    notes: [DiagnosticNote("give a weights.safetensors file, or a run folder such as runs/<name>/")]))
            }
            guard isFolder.boolValue else {
                out.append(path)
                continue
            }
            let members = TrainedRun.memberReplicas(folder: path).map { Set($0.map(Fit.replicaFolderName)) }
            let replicas = ((try? fm.contentsOfDirectory(atPath: path)) ?? [])
                .filter { $0.hasPrefix("replica_") && members?.contains($0) != false }.sorted()
                .map { path + "/" + $0 + "/weights.safetensors" }
                .filter { fm.fileExists(atPath: $0) }
            if !replicas.isEmpty {
                out += replicas
            } else if fm.fileExists(atPath: path + "/weights.safetensors") {
                out.append(path + "/weights.safetensors")
            } else {
                throw TrainError(Diagnostic(
                    .nothingToTrain, span: .wholeFile(path), message: "the folder '\(path)' has no weights.safetensors and no replica_*/ folders with one",
                    notes: [DiagnosticNote("point --weights at the --out folder of a finished nnc train")]))
            }
        }
        return out
    }

    /// The prediction inputs: the raw input columns of `path`, with derived inputs computed.
    public static func inputs(spec: Spec, path: String, sources: SourceManager? = nil) throws -> DataSet {
        try inputs(spec: spec, raw: rawInputs(spec: spec, path: path, sources: sources))
    }

    /// The raw input columns the spec reads (`inputs` before derived inputs), from the CSV file at `path`.
    public static func rawInputs(spec: Spec, path: String, sources: SourceManager? = nil) throws -> RawData {
        let variables = spec.inputs.rawVariables
        let table = try CSVTable.read(path: path, columns: variables, sources: sources)
        return RawData(
            variables: variables, columns: variables.map { table.column($0)! }, outputs: [], targets: [],
            origin: .file(path: path, lines: table.lines))
    }

    /// The network's inputs for raw columns: derived inputs computed.
    public static func inputs(spec: Spec, raw: RawData) throws -> DataSet {
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

    /// The output CSV: a header of the input columns given (as read, so a
    /// prediction file can be joined to or plotted against its inputs), the
    /// output names, then `<name>_std` for an ensemble; one line per input
    /// point. Inputs are written as read (float64), outputs as float32, each
    /// in its shortest exact form; a column name that needs quotes is quoted.
    public static func csv(
        inputs: RawData? = nil, outputs names: [String], count: Int, mean: [Double], std: [Double]?
    ) -> String {
        var header = (inputs?.variables ?? []) + names
        if std != nil { header += names.map { $0 + "_std" } }
        var text = header.map(quoted).joined(separator: ",") + "\n"
        text.reserveCapacity(count * (header.count) * 24)
        for k in 0..<count {
            var fields: [String] = []
            if let inputs { for c in inputs.columns { fields.append("\(c[k])") } }
            for o in names.indices { fields.append("\(Float(mean[o * count + k]))") }
            if let std {
                for o in names.indices { fields.append("\(Float(std[o * count + k]))") }
            }
            text += fields.joined(separator: ",") + "\n"
        }
        return text
    }

    /// A CSV field: quoted when it holds a comma, a quote or a line break.
    static func quoted(_ name: String) -> String {
        guard name.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return name }
        return "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
