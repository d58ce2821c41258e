import Foundation
import NNCSpec
import Testing
@testable import NNCTrain

/// What a checkpoint records of its run: the resolved spec's fields, the
/// data files' digests, and which fields may change on resume.
@Suite struct RunIdentityTests {
    typealias F = SpecFixture

    static func spec(learningRate: Double = 1e-3, epochs: Int = 25, seed: UInt64 = 0) -> Spec {
        let truth: Expr = .binary(.multiply, .number(3), .variable("x"))
        let g = F.generate(truth: truth, sampling: [F.sample("x", .linspace, 0, 1, 40)], noise: Noise(kind: .absolute, scale: 0.1))
        var s = F.spec(layers: [F.layer("lin", 1, .linear)], source: .generate(g), batch: .size(8), epochs: epochs, replicas: 1)
        s.training.optimizer = Located(Optimizer(.adam, values: ["learning_rate": learningRate]), span: s.training.optimizer.span)
        s.training.seed = Located(seed, span: s.training.seed.span)
        return s
    }

    @Test func fieldsAreTheResolvedSpecFlattened() {
        let id = RunIdentity(spec: Self.spec(), planHash: "p")
        #expect(id.fields["training.optimizer.adam.learning_rate"] == "0.001")
        #expect(id.fields["network.layers[0].dense"] == "1")
        #expect(id.fields["training.batch_size"] == "8")
        // Fields that decide only when training ends, or which weights are written, are free.
        #expect(id.fields["training.epochs"] == nil && id.fields["training.keep"] == nil && id.fields["name"] == nil)
    }

    @Test func differencesNameEachFieldInSpecOrder() {
        let old = RunIdentity(spec: Self.spec(), planHash: "p")
        let new = RunIdentity(spec: Self.spec(learningRate: 1e-2, epochs: 99, seed: 7), planHash: "p")
        let d = new.differences(from: old)
        #expect(d.map(\.field) == ["training.optimizer.adam.learning_rate", "training.seed"])
        #expect(d.first?.old == "0.001" && d.first?.new == "0.01")
        #expect(new.differences(from: new).isEmpty)
    }

    @Test func dataFilesAreDigestedByTheirPathInTheSpecFolder() throws {
        let dir = try temporaryFolder("identity")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "x,y\n0,1\n1,2\n".write(toFile: dir + "/train.csv", atomically: true, encoding: .utf8)
        var s = Self.spec()
        s.sources = [dir + "/spec.yaml"]
        s.data.source = .csv(CSVSource(path: Located("train.csv", span: .wholeFile("")), resolvedPath: dir + "/train.csv", columns: ["x", "y"]))
        let before = RunIdentity(spec: s, planHash: "p")
        #expect(before.files.keys.sorted() == ["train.csv"])
        try "x,y\n0,1\n1,2.5\n".write(toFile: dir + "/train.csv", atomically: true, encoding: .utf8)
        let after = RunIdentity(spec: s, planHash: "p")
        #expect(after.differences(from: before).map(\.field) == ["data file train.csv"])
    }
}
