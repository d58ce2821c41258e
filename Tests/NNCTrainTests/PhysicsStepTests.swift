import Foundation
import NNCCheck
import NNCDiagnostics
import NNCLowering
import NNCPlan
import NNCSpec
import Testing
@testable import NNCTrain

/// One optimiser step of an observable fit — preprocessing, two FK tables
/// with their covariances, a sum rule and a positivity constraint — against an
/// independent NumPy computation (PhysicsStep/make_expected.py: the same
/// model in float64, its gradient by finite differences, one SGD step).
@Suite struct PhysicsStepTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("PhysicsStep")

    @Test func oneStepMatchesNumPy() throws {
        let sources = SourceManager()
        let front = Frontend.compile(path: Self.folder.appendingPathComponent("spec.yaml").path, sources: sources)
        #expect(!front.hasErrors, "\(TextRenderer(sources: sources).render(front.diagnostics))")
        let spec = try #require(front.spec)
        let (lowered, diagnostics) = Lowering.lower(spec, options: LoweringOptions())
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
        let plan = try #require(lowered)
        let physics = try #require(try PhysicsData.loadIfNeeded(spec: spec, plan: plan, sources: sources))

        struct Expected: Decodable {
            var loss: Double
            var gradient: [String: [Double]]
            var after: [String: [Double]]
        }
        let initial = try JSONDecoder().decode(
            [String: [Double]].self, from: Data(contentsOf: Self.folder.appendingPathComponent("initial.json")))
        let expected = try JSONDecoder().decode(
            Expected.self, from: Data(contentsOf: Self.folder.appendingPathComponent("expected.json")))

        var engine = try InterpreterEngine(plan: plan)
        engine.initialize(seed: 0)
        let layout = ParameterLayout(plan: plan)
        for entry in layout.entries {
            let values = try #require(initial[entry.name], "initial.json has no \(entry.name)")
            for (i, v) in values.enumerated() { engine.parameters[entry.offset + i] = Float(v) }
        }
        engine.prepare(physics: physics, values: physics.sets.map(\.values))
        engine.setMultiplier(1.0, constraint: 1)
        let loss = engine.trainStep(count: 0)
        print("loss: nnc \(loss), NumPy \(expected.loss)")
        #expect(abs(loss - expected.loss) <= 1e-5 * abs(expected.loss))

        let gradients = try #require(engine.interpreter.gradients)
        var worstGradient = 0.0, worstStep = 0.0
        for entry in layout.entries {
            let want = try #require(expected.gradient[entry.name])
            let after = try #require(expected.after[entry.name])
            for i in 0..<entry.count {
                worstGradient = max(worstGradient, abs(Double(gradients[entry.offset + i]) - want[i]) / (abs(want[i]) + 1e-2))
                worstStep = max(worstStep, abs(Double(engine.parameters[entry.offset + i]) - after[i]) / (abs(after[i]) + 1e-2))
            }
        }
        print("gradient: max relative difference \(worstGradient); parameters after the step: \(worstStep)")
        #expect(worstGradient < 1e-4)
        #expect(worstStep < 1e-5)
    }
}

/// No instruction reads memory no instruction wrote: with every transient
/// float of the arena set to NaN before a step, the step's loss, validation
/// loss, gradients and new parameters are all finite. Run on an observable
/// fit with a validation split (training rows write part of a gradient that
/// the linear map's backward reads whole) and with preprocessing and constraints.
@Suite struct PoisonedArenaTests {
    @Test func physicsStepReadsOnlyWhatItWrote() throws {
        var text = try String(contentsOf: PhysicsStepTests.folder.appendingPathComponent("spec.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "training:\n", with: "  validation: {fraction: 0.4, seed: 3}\ntraining:\n")
        let sources = SourceManager()
        let path = PhysicsStepTests.folder.appendingPathComponent("poisoned.yaml").path
        let front = Frontend.compile(text: text, path: path, sources: sources)
        #expect(!front.hasErrors, "\(TextRenderer(sources: sources).render(front.diagnostics))")
        let spec = try #require(front.spec)
        let plan = try #require(Lowering.lower(spec, options: LoweringOptions()).plan)
        #expect(plan.programs.train?.validationLoss != nil)
        let physics = try #require(try PhysicsData.loadIfNeeded(spec: spec, plan: plan, sources: sources))
        var engine = try InterpreterEngine(plan: plan)
        engine.initialize(seed: 5)
        engine.prepare(physics: physics, values: physics.sets.map(\.values))
        engine.setMultiplier(1.0, constraint: 1)
        let it = engine.interpreter
        for t in plan.tensors where t.count > 0 && !t.role.isPersistent {
            it.tensor(plan.tensors.firstIndex(of: t)!).update(repeating: .nan)
        }
        let loss = engine.trainStep(count: 0)
        #expect(loss.isFinite, "loss \(loss)")
        #expect(it.validationLoss.isFinite && it.validationLoss > 0, "validation loss \(it.validationLoss)")
        let parametersFinite = engine.parameters.allSatisfy { $0.isFinite }
        #expect(parametersFinite)
        let gradientsFinite = UnsafeBufferPointer(start: it.gradients!, count: it.parameterCount).allSatisfy { $0.isFinite }
        #expect(gradientsFinite)
        let monitors = plan.programs.train?.monitors ?? []
        #expect(!monitors.isEmpty)
        for m in monitors {
            let values = try #require(engine.stepMonitor(named: m.name))
            let finite = values.allSatisfy { $0.isFinite }
            #expect(finite, "\(m.name)")
        }
    }
}
