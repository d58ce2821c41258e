import Foundation
import NNCCheck
import NNCDiagnostics
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

    @Test func zeroLossPeak() throws {
        let (_, data) = try load("zero-loss-peak")
        #expect(data.train.inputNames == ["e", "logn - 6"])
        #expect(data.train.input(1, 0) == -1)  // the first spectrum has logn = 5
        #expect(data.train.sigmas?.allSatisfy { $0 > 0 } == true)
        #expect(data.train.count + (data.validation?.count ?? 0) == 652)
    }
}
