import Foundation
import Testing

/// `nnc export --format onnx` end to end: the model run by onnxruntime (from
/// PyPI, in the virtual environment Tests/run makes) gives what `nnc predict`
/// gives, to 1e-5.
@Suite struct ExportCommandTests {
    static func python() -> String? {
        Tools.find("NNC_ONNX_PYTHON", fallback: [NNCProcess.packageRoot.appendingPathComponent(".venv-test/bin/python").path],
                   what: "a Python with onnxruntime", install: "pip install onnxruntime in .venv-test")
    }

    /// Exports the run in `dir/run`, runs it in onnxruntime and `nnc predict` on `input`, and compares.
    static func compare(dir: URL, spec: String, input: String, ensemble: String = "mean", python: String) throws -> Double {
        try input.write(to: dir.appendingPathComponent("in.csv"), atomically: true, encoding: .utf8)
        let e = try NNCProcess.run(["export", "run", "--format", "onnx", "--out", "model.onnx", "--ensemble", ensemble], in: dir)
        #expect(e.status == 0, "\(e.stderr)")
        // The outputs only: the model's outputs are what is compared.
        let p = try NNCProcess.run(["predict", spec, "--weights", "run", "--input", "in.csv", "--output", "nnc.csv", "--no-inputs"], in: dir)
        #expect(p.status == 0, "\(p.stderr)")
        let o = try Tools.run(python, [NNCProcess.packageRoot.appendingPathComponent("Tests/tools/run_onnx.py").path, "model.onnx", "in.csv", "ort.csv"], in: dir)
        #expect(o.status == 0, "\(o.stderr)")
        let ours = try table(dir.appendingPathComponent("nnc.csv")), theirs = try table(dir.appendingPathComponent("ort.csv"))
        var worst = 0.0
        #expect(!theirs.isEmpty && !ours.isEmpty)
        if ensemble == "mean" {
            for (name, column) in theirs {
                let mine = try #require(ours[name], "nnc predict has no column \(name)")
                #expect(mine.count == column.count)
                for (a, b) in zip(mine, column) { worst = max(worst, abs(a - b) / max(1, abs(a))) }
                #expect(mine.count == input.split(whereSeparator: \.isNewline).count - 1)
            }
        } else {
            // Every replica's column; their mean and spread are predict's.
            for (name, mean) in ours where !name.hasSuffix("_std") {
                let members = theirs.filter { $0.key.hasPrefix(name + "_r") }.map(\.value)
                #expect(members.count > 1)
                for i in mean.indices {
                    let m = members.map { $0[i] }.reduce(0, +) / Double(members.count)
                    worst = max(worst, abs(m - mean[i]) / max(1, abs(mean[i])))
                }
            }
        }
        print("ONNX against nnc predict (\(ensemble)): max relative difference \(worst)")
        return worst
    }

    static func table(_ url: URL) throws -> [String: [Double]] {
        let lines = try String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline)
        let names = lines[0].split(separator: ",").map(String.init)
        var out = [String: [Double]]()
        for line in lines.dropFirst() {
            for (n, v) in zip(names, line.split(separator: ",")) { out[n, default: []].append(Double(v)!) }
        }
        return out
    }

    @Test func replicasWithADerivedInputMatchPredict() throws {
        guard let python = Self.python() else { return }
        let (dir, _) = try ReportCommandTests.trainedRun()
        let input = "x\n" + (0..<50).map { "\(pow(10, -2 + 2 * Double($0) / 49))" }.joined(separator: "\n") + "\n"
        #expect(try Self.compare(dir: dir, spec: "closure.yaml", input: input, python: python) < 1e-5)
        #expect(try Self.compare(dir: dir, spec: "closure.yaml", input: input, ensemble: "replicas", python: python) < 1e-5)
    }

    /// An observables fit: the preprocessing x^a (1 − x)^b with each replica's
    /// trained exponents is part of the graph, up to x = 1 where it is 0.
    @Test func preprocessingIsPartOfTheGraph() throws {
        guard let python = Self.python() else { return }
        let dir = try PhysicsCommandTests.physicsFolder(expect: "  final_train_loss: {below: 1.0e6}\n")
        let t = try NNCProcess.run(["train", "fit.yaml", "--out", "run", "--quiet"], in: dir)
        #expect(t.status == 0, "\(t.stderr)")
        let input = "x\n" + (0..<40).map { "\(pow(10, -4 + 4 * Double($0) / 39))" }.joined(separator: "\n") + "\n"
        #expect(try Self.compare(dir: dir, spec: "fit.yaml", input: input, python: python) < 1e-5)
        #expect(try Self.compare(dir: dir, spec: "fit.yaml", input: input, ensemble: "replicas", python: python) < 1e-5)
        // The outputs are not the bare network's: at x = 1 they vanish.
        let p = try NNCProcess.run(["predict", "fit.yaml", "--weights", "run", "--input", "in.csv", "--output", "-", "--no-inputs"], in: dir)
        let last = try #require(p.stdout.split(separator: "\n").last?.split(separator: ",").first.flatMap { Double($0) })
        #expect(last == 0)
    }

    @Test func everyActivationAndExpressionMatchesPredict() throws {
        guard let python = Self.python() else { return }
        let spec = """
            nnc: 1
            name: zoo
            inputs: [u, v, "exp(-u) + sqrt(abs(v)) / 2", "sin(u) * cos(v) - tan(0.3 * u)", "pow(u, 2) - tanh(v) ^ 3"]
            outputs: [p]
            network:
              layers:
                - {dense: 5, activation: {leaky_relu: 0.1}}
                - {dense: 5, activation: {elu: 0.7}}
                - {dense: 5, activation: selu, init: lecun_normal}
                - {dense: 5, activation: softplus}
                - {dense: 5, activation: gelu}
                - {dense: 5, activation: swish}
                - {dense: 5, activation: sigmoid, bias: false}
                - {dense: 1, activation: linear}
            data:
              generate:
                truth: "u * v - log(v)"
                u: {linspace: [-1, 1], points: 6}
                v: {linspace: [0.5, 2], points: 5}
                seed: 1
            training:
              loss: mse
              optimizer: {adam: {learning_rate: 1.0e-2}}
              batch_size: full
              epochs: 5
              seed: 2

            """
        let dir = try NNCProcess.temporaryDirectory()
        try spec.write(to: dir.appendingPathComponent("zoo.yaml"), atomically: true, encoding: .utf8)
        let t = try NNCProcess.run(["train", "zoo.yaml", "--out", "run", "--quiet"], in: dir)
        #expect(t.status == 0, "\(t.stderr)")
        var input = "u,v\n"
        for i in 0..<20 { input += "\(-1 + Double(i) * 0.1),\(0.5 + Double(i) * 0.07)\n" }
        #expect(try Self.compare(dir: dir, spec: "zoo.yaml", input: input, python: python) < 1e-5)
    }

    @Test func countedInputsAndSoftmaxMatchPredict() throws {
        guard let python = Self.python() else { return }
        var csv = "x0,x1,x2,y0,y1,y2\n"
        for i in 0..<60 {
            let k = i % 3
            csv += "\(sin(Double(i))),\(cos(Double(i)) + Double(k)),\(Double(k) * 0.5),\(k == 0 ? 1 : 0),\(k == 1 ? 1 : 0),\(k == 2 ? 1 : 0)\n"
        }
        let spec = """
            nnc: 1
            name: counted
            inputs: 3
            outputs: 3
            network:
              layers:
                - {dense: 6, activation: relu}
                - {dense: 3, activation: softmax}
            data:
              train: {csv: counted.csv}
            training:
              loss: categorical_crossentropy
              optimizer: adam
              batch_size: 20
              epochs: 5
              seed: 3
              replicas: 2

            """
        let dir = try NNCProcess.temporaryDirectory()
        try spec.write(to: dir.appendingPathComponent("counted.yaml"), atomically: true, encoding: .utf8)
        try csv.write(to: dir.appendingPathComponent("counted.csv"), atomically: true, encoding: .utf8)
        let t = try NNCProcess.run(["train", "counted.yaml", "--out", "run", "--quiet"], in: dir)
        #expect(t.status == 0, "\(t.stderr)")
        let e = try NNCProcess.run(["export", "run"], in: dir)
        #expect(e.stdout == "wrote run/model.onnx: ONNX opset 17; inputs x [N, 3]; outputs y [N, 3]; mean of 2 replicas\n")
        #expect(try Self.compare(dir: dir, spec: "counted.yaml", input: csv, python: python) < 1e-5)
    }

    @Test func exportPrintsWhatItWrote() throws {
        let (dir, _) = try ReportCommandTests.trainedRun()
        let e = try NNCProcess.run(["export", "run"], in: dir)
        #expect(e.status == 0)
        #expect(e.stdout == "wrote run/model.onnx: ONNX opset 17; inputs x [N]; outputs y [N]; mean of 3 replicas\n")
        let one = try NNCProcess.run(["export", "run/replica_001", "--out", "one.onnx", "--ensemble", "replicas"], in: dir)
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout == "wrote one.onnx: ONNX opset 17; inputs x [N]; outputs y [1, N]\n")
        let bad = try NNCProcess.run(["export", "run", "--format", "tflite"], in: dir)
        #expect(bad.status == 2)
        // Weights gone: a diagnostic with a code, not a crash.
        try FileManager.default.removeItem(at: dir.appendingPathComponent("run/replica_002/weights.safetensors"))
        let missing = try NNCProcess.run(["export", "run"], in: dir)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("error[E0717]"), "\(missing.stderr)")
        let report = try NNCProcess.run(["report", "run"], in: dir)
        #expect(report.status == 1)
        #expect(report.stderr.contains("error[E0717]"), "\(report.stderr)")
    }
}
