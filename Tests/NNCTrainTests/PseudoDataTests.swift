import Foundation
import NNCDiagnostics
import NNCRuntime
import NNCSpec
import Testing
@testable import NNCTrain

@Suite struct PseudoDataTests {
    typealias F = SpecFixture

    @Test func samplingMatchesNumPy() {
        var rng = RandomGenerator(seed: 1)
        let log = PseudoData.sample(F.sample("x", .logspace, 1e-3, 1, 5), rng: &rng)
        let expected = [0.001, 0.005623413251903491, 0.03162277660168379, 0.1778279410038923, 1.0]
        #expect(zip(log, expected).allSatisfy { abs($0 - $1) <= 1e-15 * $1 })
        let lin = PseudoData.sample(F.sample("x", .linspace, 0.2, 0.9, 4), rng: &rng)
        #expect(lin == [0.2, 0.43333333333333335, 0.6666666666666666, 0.9])
        let uni = PseudoData.sample(F.sample("x", .uniform, 2, 3, 100), rng: &rng)
        #expect(uni.allSatisfy { $0 >= 2 && $0 < 3 } && uni == uni.sorted())
    }

    @Test func gridIsCartesianFirstVariableSlowest() throws {
        let g = F.generate(
            truth: .binary(.add, .variable("a"), .binary(.multiply, .number(10), .variable("b"))),
            sampling: [F.sample("a", .linspace, 0, 1, 2), F.sample("b", .linspace, 0, 2, 3)], noise: nil)
        let raw = try PseudoData.generate(g, outputs: ["y"])
        #expect(raw.variables == ["a", "b"])
        #expect(raw.columns == [[0, 0, 0, 1, 1, 1], [0, 1, 2, 0, 1, 2]])
        #expect(raw.targets == [[0, 10, 20, 1, 11, 21]])
        #expect(raw.sigmas == nil)
    }

    @Test func relativeNoiseIsSeededAndHasTheRightSpread() throws {
        let g = F.generate(sampling: [F.sample("x", .logspace, 1e-3, 0.9, 4000)])
        let a = try PseudoData.generate(g, outputs: ["y"])
        let b = try PseudoData.generate(g, outputs: ["y"])
        #expect(a == b)
        let truth = a.truth![0], sigma = a.sigmas![0]
        #expect(zip(truth, sigma).allSatisfy { abs($1 - 0.05 * abs($0)) <= 1e-15 * abs($0) })
        let pulls = (0..<a.count).map { (a.targets[0][$0] - truth[$0]) / sigma[$0] }
        let mean = pulls.reduce(0, +) / Double(pulls.count)
        let variance = pulls.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(pulls.count - 1)
        #expect(abs(mean) < 0.06, "mean pull \(mean)")
        #expect(abs(variance - 1) < 0.07, "pull variance \(variance)")
        let other = try PseudoData.generate(F.generate(sampling: g.sampling, seed: 8), outputs: ["y"])
        #expect(other.targets != a.targets)
    }

    @Test func absoluteNoise() throws {
        let g = F.generate(sampling: [F.sample("x", .linspace, 0.1, 0.5, 10)], noise: Noise(kind: .absolute, scale: 0.3))
        let raw = try PseudoData.generate(g, outputs: ["y"])
        #expect(raw.sigmas == [[Double](repeating: 0.3, count: 10)])
    }

    @Test func nonFiniteTruthNamesThePointAndTheExpression() {
        let g = F.generate(sampling: [F.sample("x", .linspace, 0, 1, 11)])
        #expect {
            try PseudoData.generate(g, outputs: ["y"])
        } throws: { error in
            guard let d = (error as? TrainError)?.diagnostics, d.count == 1 else { return false }
            return d[0].code == "E0707" && d[0].span == g.truth[0].source.span
                && d[0].message == "the truth for 'y' is inf at the generated point x = 0"
        }
    }
}

@Suite struct DataSetTests {
    typealias F = SpecFixture

    @Test func derivedInputsAreComputedFeatureMajor() throws {
        let logx: Expr = .call(.log, [.variable("x")])
        let inputs = F.features(["x", "log(x)"], expressions: ["log(x)": logx])
        #expect(inputs.rawVariables == ["x"])
        let raw = RawData(variables: ["x"], columns: [[1, 2, 4]], outputs: ["y"], targets: [[5, 6, 7]], origin: .generated)
        let d = try DataSet.make(from: raw, inputs: inputs)
        #expect(d.count == 3 && d.inputCount == 2)
        #expect(d.inputs == [1, 2, 4, 0, Float(log(2.0)), Float(log(4.0))])
        #expect(d.targets == [5, 6, 7])
        var x = [Float](repeating: 0, count: 4), y = [Float](repeating: 0, count: 2)
        d.gather([2, 0], x: &x, y: &y)
        #expect(x == [4, 1, Float(log(4.0)), 0])
        #expect(y == [7, 5])
    }

    @Test func nonFiniteDerivedInputNamesTheFileLine() {
        let inputs = F.features(["log(x)"], expressions: ["log(x)": .call(.log, [.variable("x")])])
        let raw = RawData(variables: ["x"], columns: [[1, 0, -1]], outputs: ["y"], targets: [[1, 2, 3]], origin: .file(path: "d.csv", lines: [2, 3, 5]))
        #expect {
            try DataSet.make(from: raw, inputs: inputs)
        } throws: { error in
            guard let d = (error as? TrainError)?.diagnostics, d.count == 1 else { return false }
            return d[0].code == "E0708" && d[0].message == "derived input 'log(x)' is -inf at line 3 of 'd.csv'"
                && d[0].span == inputs.features[0].name.span
                && d[0].notes.contains { $0.span == SourceSpan(file: "d.csv", line: 3, column: 1, length: 0) }
                && d[0].notes.contains { $0.message == "2 of 3 points are affected" }
        }
    }

    @Test func valuesBeyondFloatRangeAreReported() {
        let raw = RawData(variables: ["x"], columns: [[1e39]], outputs: ["y"], targets: [[1]], origin: .generated)
        #expect(throws: TrainError.self) { try DataSet.make(from: raw, inputs: F.features(["x"])) }
    }
}

@Suite struct DataSplitTests {
    @Test func countsRoundHalfAwayFromZero() {
        #expect(DataSplit.trainCount(total: 200, fraction: 0.25) == 150)
        #expect(DataSplit.trainCount(total: 10, fraction: 0.25) == 7)  // 2.5 held out -> 3
        #expect(DataSplit.trainCount(total: 3, fraction: 0.1) == 2)  // at least one validation point
        #expect(DataSplit.trainCount(total: 3, fraction: 0.99) == 1)  // at least one training point
        #expect(DataSplit.trainCount(total: 5, fraction: 0) == 5)
    }

    @Test func splitIsSeededDisjointAndComplete() {
        let a = DataSplit.indices(total: 101, fraction: 0.3, seed: 5)
        #expect(a.validation.count == 30 && a.train.count == 71)
        #expect(Set(a.train).isDisjoint(with: a.validation))
        #expect((a.train + a.validation).sorted() == Array(0..<101))
        #expect(a.train == a.train.sorted())
        let b = DataSplit.indices(total: 101, fraction: 0.3, seed: 5)
        #expect(a == b)
        #expect(DataSplit.indices(total: 101, fraction: 0.3, seed: 6).validation != a.validation)
    }

    @Test func shuffleIsAPermutationAndSeeded() {
        var r1 = RandomGenerator(seed: 9), r2 = RandomGenerator(seed: 9)
        var a = Array(0..<50), b = Array(0..<50)
        r1.shuffle(&a)
        r2.shuffle(&b)
        #expect(a == b && a != Array(0..<50) && a.sorted() == Array(0..<50))
        var r = RandomGenerator(seed: 3)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<7000 { counts[r.nextInt(below: 7)] += 1 }
        #expect(counts.allSatisfy { abs($0 - 1000) < 150 })
    }
}

@Suite struct TrainingDataTests {
    typealias F = SpecFixture

    @Test func generatedDataIsSplit() throws {
        let data = try TrainingData.load(spec: F.spec())
        #expect(data.train.count == 150)
        #expect(data.validation?.count == 50)
        #expect(data.train.sigmas?.count == 150)
        #expect(data.rawTrain.truth != nil)
    }

    @Test func csvTrainingAndValidationFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnc-td-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "y,x,dy\n1,0.5,0.1\n2,0.6,0.2\n3,0.7,0.1\n".write(toFile: dir + "/t.csv", atomically: true, encoding: .utf8)
        try "x,y,dy\n0.55,1.5,0.3\n".write(toFile: dir + "/v.csv", atomically: true, encoding: .utf8)
        func source(_ name: String) -> CSVSource { CSVSource(path: F.located(name), resolvedPath: dir + "/" + name, columns: nil) }
        let spec = F.spec(
            source: .csv(source("t.csv")), validation: .csv(source("v.csv")),
            loss: Loss(.chi2, chi2: .column(F.located("dy"))))
        let data = try TrainingData.load(spec: spec)
        #expect(data.train.inputs == [0.5, 0.6, 0.7])
        #expect(data.train.targets == [1, 2, 3])
        #expect(data.train.sigmas == [0.1, 0.2, 0.1])
        #expect(data.validation?.inputs == [0.55])
        #expect(data.validation?.sigmas == [0.3])
    }

    @Test func chi2NeedsPositiveUncertainties() {
        let g = F.generate(truth: .call(.sin, [.variable("x")]), sampling: [F.sample("x", .linspace, 0, 3, 10)])
        let spec = F.spec(source: .generate(g), loss: Loss(.chi2))
        #expect {
            try TrainingData.load(spec: spec)
        } throws: { error in
            (error as? TrainError)?.diagnostics.first?.code == "E0710"
        }
    }

    @Test func splittingOnePointIsReported() {
        let g = F.generate(sampling: [F.sample("x", .linspace, 0.1, 0.9, 1)])
        let spec = F.spec(source: .generate(g), validation: .fraction(F.located(0.1), seed: F.located(1)))
        #expect {
            try TrainingData.load(spec: spec)
        } throws: { error in
            (error as? TrainError)?.diagnostics.first?.code == "E0709"
        }
    }
}

@Suite struct ReplicaTests {
    @Test func seedsDifferPerReplicaAndStream() {
        let a = ReplicaSeeds(trainingSeed: 42, replica: 0), b = ReplicaSeeds(trainingSeed: 42, replica: 1)
        #expect(a == ReplicaSeeds(trainingSeed: 42, replica: 0))
        #expect(Set([a.initialization, a.dropout, a.batches, a.fluctuation, b.initialization, b.dropout, b.batches, b.fluctuation]).count == 8)
    }

    @Test func fluctuationMovesTargetsBySigma() {
        let n = 3000
        let d = DataSet(inputNames: ["x"], outputNames: ["y"], count: n, inputs: [Float](repeating: 0, count: n),
                        targets: [Float](repeating: 5, count: n), sigmas: [Float](repeating: 0.5, count: n))
        var rng = RandomGenerator(seed: 1)
        let r = d.fluctuated(&rng)
        let pulls = r.targets.map { (Double($0) - 5) / 0.5 }
        let mean = pulls.reduce(0, +) / Double(n)
        let variance = pulls.map { $0 * $0 }.reduce(0, +) / Double(n) - mean * mean
        #expect(abs(mean) < 0.07 && abs(variance - 1) < 0.08)
        #expect(r.inputs == d.inputs)
        var again = RandomGenerator(seed: 1)
        #expect(d.fluctuated(&again) == r)
        #expect(again == rng)
    }
}
