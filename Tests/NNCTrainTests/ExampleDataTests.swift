import Foundation
import NNCCheck
import NNCDiagnostics
import NNCLowering
import NNCSpec
import Testing
@testable import NNCTrain

/// The examples' specs pass the front end and their data loads.
@Suite struct ExampleDataTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func load(_ example: String) throws -> (Spec, TrainingData) {
        let path = Self.root.appendingPathComponent("Examples/\(example)/\(example).yaml").path
        let sources = SourceManager()
        let result = Frontend.compile(path: path, sources: sources)
        #expect(!result.hasErrors, "\(TextRenderer(sources: sources).render(result.diagnostics))")
        let spec = try #require(result.spec)
        return (spec, try TrainingData.load(spec: spec, sources: sources))
    }

    @Test func gluonClosure() throws {
        let (spec, data) = try load("gluon-closure")
        #expect(spec.training.replicas.value == 10)
        #expect(data.train.count == 150 && data.validation?.count == 50)
    }

    @Test func digits() throws {
        let (_, data) = try load("digits")
        #expect(data.train.inputCount == 64 && data.train.outputCount == 10)
        #expect(data.train.count + (data.validation?.count ?? 0) == 1797)
        // Every target row is one-hot.
        for n in 0..<data.train.count {
            #expect((0..<10).map { data.train.target($0, n) }.reduce(0, +) == 1)
        }
    }

    /// Three observables whose truth is known (two by their files' truth
    /// column, one made by nnc from the truth), each split 75/25.
    @Test func disClosure() throws {
        let (spec, _) = try load("dis-closure")
        let plan = try #require(Lowering.lower(spec, options: LoweringOptions(mode: .training)).plan)
        let physics = try PhysicsData.load(spec: spec, plan: plan)
        #expect(physics.sets.map(\.name) == ["F2_low", "F2_mid", "F2_high"])
        for s in physics.sets {
            #expect(s.points == 100 && s.training == 75 && s.validation == 25)
            let truth = try #require(s.truth, "\(s.name) has no truth")
            // Level-1 data scatter around the truth by about their σ.
            let pulls = zip(s.values, truth).enumerated().map { k, p in (p.0 - p.1) / s.sigmas[k] }
            #expect(pulls.allSatisfy { abs($0) < 5 })
            #expect(pulls.contains { $0 != 0 })
        }
    }

    @Test func zeroLossPeak() throws {
        let (_, data) = try load("zero-loss-peak")
        #expect(data.train.inputNames == ["e", "logn - 6"])
        #expect(data.train.input(1, 0) == -1)  // the first spectrum has logn = 5
        #expect(data.train.sigmas?.allSatisfy { $0 > 0 } == true)
        #expect(data.train.count + (data.validation?.count ?? 0) == 652)
    }
}
