import Foundation
import NNCDiagnostics
import NNCSpec
import Testing
@testable import NNCTrain

@Suite struct TrainerTests {
    typealias F = SpecFixture

    /// A straight-line truth with absolute noise, so a linear engine fits it.
    static func spec(replicas: Int) -> Spec {
        let truth: Expr = .binary(.add, .binary(.multiply, .number(3), .variable("x")), .number(1))
        let g = F.generate(truth: truth, sampling: [F.sample("x", .linspace, 0, 1, 40)], noise: Noise(kind: .absolute, scale: 0.1))
        return F.spec(layers: [F.layer("lin", 1, .linear)], source: .generate(g), batch: .size(8), epochs: 25, replicas: replicas)
    }

    static func engine() -> LinearEngine { LinearEngine(inputs: 1, outputs: 1, capacity: 8, learningRate: 0.05) }

    func run(_ spec: Spec, folder: String, threads: Int) throws -> RunSummary {
        let data = try TrainingData.load(spec: spec)
        return try Trainer.run(
            spec: spec, data: data, layout: Self.engine().layout, planHash: "h",
            options: TrainOptions(folder: folder, threads: threads)) { _ in Self.engine() }
    }

    @Test func replicasAreIndependentOfTheThreadCount() throws {
        let a = try temporaryFolder("run"), b = try temporaryFolder("run")
        defer { for d in [a, b] { try? FileManager.default.removeItem(atPath: d) } }
        let spec = Self.spec(replicas: 3)
        let s1 = try run(spec, folder: a, threads: 1)
        _ = try run(spec, folder: b, threads: 3)
        #expect(s1.replicas.count == 3 && s1.bestValidationLossMean != nil)
        var all: [[Float]] = []
        for r in 0..<3 {
            let name = Fit.replicaFolderName(r)
            let w1 = try SafeTensors.read(path: "\(a)/\(name)/weights.safetensors")
            let w2 = try SafeTensors.read(path: "\(b)/\(name)/weights.safetensors")
            #expect(w1 == w2)
            all.append(w1.tensors.flatMap(\.values))
        }
        #expect(Set(all.map { $0.map(\.bitPattern) }).count == 3, "replicas differ from each other")
        #expect(FileManager.default.fileExists(atPath: a + "/summary.json"))
        #expect(try Prediction.weightFiles([a]).count == 3)
    }

    @Test func singleFitWritesIntoTheFolderItself() throws {
        let dir = try temporaryFolder("run")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let s = try run(Self.spec(replicas: 1), folder: dir, threads: 2)
        #expect(s.replicas.count == 1 && s.trainPoints == 30 && s.validationPoints == 10)
        #expect(try Prediction.weightFiles([dir]) == [dir + "/weights.safetensors"])
        let json = try String(contentsOfFile: dir + "/summary.json", encoding: .utf8)
        #expect(json.contains("\"train_points\" : 30"))
    }

    @Test func initFromWeightsAndMismatchedInit() throws {
        let dir = try temporaryFolder("run")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let layout = Self.engine().layout
        try SafeTensors(tensors: layout.tensors(of: [3, 1])).write(to: dir + "/good.safetensors")
        #expect(try Trainer.initialWeights(path: dir + "/good.safetensors", layout: layout) == [3, 1])
        try SafeTensors(tensors: [.init(name: "lin.weight", shape: [1, 2], values: [1, 2])]).write(to: dir + "/bad.safetensors")
        #expect {
            _ = try Trainer.initialWeights(path: dir + "/bad.safetensors", layout: layout)
        } throws: { error in
            let d = (error as? TrainError)?.diagnostics ?? []
            return d.map(\.code) == ["E0712", "E0712"] && d[0].message.contains("expected [1, 1]")
        }
    }

    @Test func predictionAgreesWithTheWeightsAndEnsembles() throws {
        let dir = try temporaryFolder("predict")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "x,other\n0.5,a\n2,b\n".write(toFile: dir + "/in.csv", atomically: true, encoding: .utf8)
        let spec = Self.spec(replicas: 1)
        let data = try Prediction.inputs(spec: spec, path: dir + "/in.csv")
        var members: [[Float]] = []
        for w in [[Float](arrayLiteral: 2, 1), [4, 0]] {
            var e = Self.engine()
            for i in 0..<2 { e.parameters[i] = w[i] }
            members.append(Prediction.run(&e, data: data))
        }
        #expect(members == [[2, 5], [2, 8]])
        let (mean, std) = Prediction.ensemble(members)
        #expect(mean == [2, 6.5] && std! == [0, 4.5.squareRoot()])
        let text = Prediction.csv(outputs: ["y"], count: 2, mean: mean, std: std)
        #expect(text == "y,y_std\n2.0,0.0\n6.5,\(Float(4.5.squareRoot()))\n")
        // With the input columns as read, a name that needs quotes quoted.
        let raw = try Prediction.rawInputs(spec: spec, path: dir + "/in.csv")
        var named = raw
        named.variables = ["x, scaled"]
        #expect(Prediction.csv(inputs: named, outputs: ["y"], count: 2, mean: mean, std: nil) == "\"x, scaled\",y\n0.5,2.0\n2.0,6.5\n")
    }
}
