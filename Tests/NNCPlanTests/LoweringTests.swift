import Foundation
import NNCDiagnostics
import NNCLowering
import NNCSpec
import Testing
@testable import NNCPlan

@Suite struct LoweringTests {
    func lower(_ spec: Spec, _ options: LoweringOptions = LoweringOptions(memoryBudget: 1 << 40)) -> Plan {
        let (plan, diagnostics) = Lowering.lower(spec, options: options)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        return plan!
    }

    @Test func gluonShapesAndParameterCount() {
        let plan = lower(Fixtures.gluon)
        #expect(plan.parameters == 591)
        #expect(plan.layers.map(\.inFeatures) == [1, 25, 20])
        #expect(plan.layers.map(\.outFeatures) == [25, 20, 1])
        #expect(plan.layers.map(\.parameters) == [50, 520, 21])
        #expect(plan.layers.map(\.name) == ["dense_0", "dense_1", "out"])
        // weight [out, in] then bias [out], packed in layer order.
        #expect(plan.layers.map { plan.parameterTensors[$0.weight].offset } == [0, 50, 570])
        #expect(plan.layers.map { $0.bias.map { plan.parameterTensors[$0].offset } } == [25, 550, 590])
        #expect(plan.parameterTensors.map(\.name) == [
            "dense_0.weight", "dense_0.bias", "dense_1.weight", "dense_1.bias", "out.weight", "out.bias",
        ])
        // 200 points, 25% validation → 150 training points = the full batch.
        #expect(plan.trainingPoints == 150)
        #expect(plan.batchSize == 150)
    }

    @Test func gluonProgramOrder() {
        let plan = lower(Fixtures.gluon)
        let train = plan.programs.train!.instructions
        #expect(train.map(\.name) == [
            "dense", "dense", "dropout", "dense", "loss", "dense_backward", "dense_backward", "dense_backward", "optimizer",
        ])
        let backward = train.compactMap { step -> DenseBackwardOp? in
            if case .denseBackward(let b) = step { return b } else { return nil }
        }
        #expect(backward.map(\.layer) == [2, 1, 0])
        #expect(backward.map { $0.inputGradient != nil } == [true, true, false])
        // Each layer's dropout mask and tanh′ (from its output) are fused into the
        // epilogue of the GEMM that produces its gradient.
        #expect(backward.map { $0.inputActivation?.kind } == [.tanh, .tanh, nil])
        #expect(backward.map { $0.inputSource } == [.output, .output, .identity])
        #expect(backward.map { $0.inputMask != nil } == [true, false, false])
        #expect(plan.programs.evaluate!.instructions.map(\.name) == ["dense", "dense", "dense", "loss"])
        #expect(plan.programs.forward.instructions.map(\.name) == ["dense", "dense", "dense"])
        // tanh keeps its output, not its input: no pre-activation takes space.
        #expect(!plan.tensors.contains { $0.role == .preactivation && $0.count > 0 })
        #expect(plan.arena.regions.map(\.kind) == [.parameters, .gradients, .moment1, .moment2, .persistent, .transient])
    }

    @Test func flopCounts() {
        let plan = lower(Fixtures.gluon)
        let b = 150
        // Forward: GEMM + bias + activation (linear costs nothing).
        let forward = (2 * b * 1 * 25 + b * 25 + b * 25) + (2 * b * 25 * 20 + b * 20 + b * 20) + (2 * b * 20 * 1 + b * 1)
        #expect(plan.flopsForward == forward)
        // Each layer's tanh′ is counted where it is fused: in the epilogue of the layer above.
        let backward = (2 * b * 20 * 1 * 2 + b + 2 * b * 20) + (2 * b * 25 * 20 * 2 + b * 20 + 2 * b * 25) + (2 * b * 1 * 25 + b * 25)
        let dropout = 2 * b * 20
        let loss = 5 * b
        let adam = 9 * 591
        #expect(plan.flopsPerStep == forward + backward + dropout + loss + adam)
        #expect(plan.layers.map(\.flopsForward).reduce(0, +) == plan.flopsForward)
    }

    @Test func memorySplit() {
        let plan = lower(Fixtures.gluon)
        let slab = Arena.aligned(591)
        #expect(plan.memory.parameters == slab * 4)
        #expect(plan.memory.optimizerState == 3 * slab * 4)
        #expect(plan.memory.parameters + plan.memory.optimizerState + plan.memory.activations == plan.arenaBytes)
        #expect(plan.arenaBytes == plan.arena.count * 4)
    }

    @Test(arguments: [
        (Optimizer(.sgd), 0), (Optimizer(.sgd, values: ["momentum": 0.9]), 1), (Optimizer(.rmsprop), 1),
        (Optimizer(.adagrad), 1), (Optimizer(.adam), 2), (Optimizer(.adamw), 2),
    ])
    func momentSlabs(optimizer: Optimizer, moments: Int) {
        let plan = lower(Fixtures.spec(layers: [.init(units: 4), .init(units: 1)], optimizer: optimizer))
        #expect(plan.optimizer?.moments == moments)
        #expect(plan.tensors.filter { $0.role == .moment1 || $0.role == .moment2 }.count == moments)
        guard case .optimizer(let step)? = plan.programs.train?.instructions.last else {
            Issue.record("the program should end with the optimiser step")
            return
        }
        #expect((step.moment1 != nil ? 1 : 0) + (step.moment2 != nil ? 1 : 0) == moments)
        #expect(step.count == plan.parameters)
    }

    @Test func inferenceHasNoTrainingBuffers() {
        let plan = lower(Fixtures.gluon, LoweringOptions(mode: .inference, batchSize: 64, memoryBudget: 1 << 40))
        #expect(plan.batchSize == 64)
        #expect(plan.programs.forward.instructions.map(\.name) == ["dense", "dense", "dense"])
        #expect(plan.programs.train == nil && plan.programs.evaluate == nil)
        #expect(plan.loss == nil && plan.optimizer == nil)
        #expect(Set(plan.tensors.filter { $0.count > 0 }.map(\.role)) == [.parameters, .parameter, .input, .activation, .workspace])
        #expect(plan.memory.optimizerState == 0)
        #expect(plan.flopsPerStep == plan.flopsForward)
    }

    @Test func preactivationKeptOnlyWhereBackwardNeedsIt() {
        let spec = Fixtures.spec(layers: [
            .init(units: 8, activation: Activation(.gelu)), .init(units: 8, activation: Activation(.swish)),
            .init(units: 8, activation: Activation(.softplus)), .init(units: 8, activation: Activation(.elu)),
            .init(units: 8, activation: Activation(.leakyReLU, alpha: -0.5)), .init(units: 1, activation: Activation(.sigmoid)),
        ])
        let plan = lower(spec)
        let kept = plan.programs.train!.instructions.compactMap { step -> Int? in
            if case .dense(let d) = step, d.preactivation != nil { return d.layer } else { return nil }
        }
        #expect(kept.sorted() == [0, 1, 4])
    }

    @Test func softmaxWithCrossEntropyIsFused() {
        let spec = Fixtures.spec(outputs: ["a", "b", "c"], layers: [
            .init(units: 16, activation: Activation(.relu)), .init(units: 3, activation: Activation(.softmax)),
        ], loss: Loss(.categoricalCrossentropy))
        let plan = lower(spec)
        guard case .loss(let loss)? = plan.programs.train!.instructions.first(where: { $0.name == "loss" }) else {
            Issue.record("no loss step")
            return
        }
        #expect(loss.rule == .softmaxCrossentropy)
        #expect(loss.logits.map { plan.tensors[$0].name } == "dense_1.preactivation")
        #expect(loss.gradient.map { plan.tensors[$0].name } == "dense_1.gradient")
        // The forward pass (no loss) applies the softmax itself.
        guard case .dense(let last)? = plan.programs.forward.instructions.last else { return }
        #expect(last.activation.kind == .softmax)
    }

    @Test func chi2Buffers() {
        let perPoint = lower(Fixtures.spec(layers: [.init(units: 4), .init(units: 1)], loss: Loss(.chi2)))
        #expect(perPoint.tensor(named: "uncertainty")?.count == 150)
        #expect(perPoint.host.uncertainty != nil)
        let csv = CSVSource(path: Fixtures.at("cov.csv"), resolvedPath: "cov.csv", columns: nil)
        let covariance = lower(Fixtures.spec(layers: [.init(units: 4), .init(units: 1)],
            loss: Loss(.chi2, chi2: .covariance(csv))))
        #expect(covariance.tensor(named: "inverse_covariance")?.count == 150 * 150)
    }

    @Test func batchSizeFromSpecAndOverride() {
        let fixed = lower(Fixtures.spec(layers: [.init(units: 1)], batch: .size(32)))
        #expect(fixed.batchSize == 32)
        let override = lower(Fixtures.spec(layers: [.init(units: 1)], batch: .size(32)),
            LoweringOptions(batchSize: 7, memoryBudget: 1 << 40))
        #expect(override.batchSize == 7)
        let noValidation = lower(Fixtures.spec(layers: [.init(units: 1)], validation: nil))
        #expect(noValidation.batchSize == 200)
    }

    @Test func batchAboveTrainingSetIsAnError() {
        let (plan, diagnostics) = Lowering.lower(Fixtures.spec(layers: [.init(units: 1)], batch: .size(151)),
            options: LoweringOptions(memoryBudget: 1 << 40))
        #expect(plan == nil)
        #expect(diagnostics.map(\.code) == [.planBatchAboveTrainingSet])
    }

    @Test func malformedSpecsGiveDiagnosticsNotTraps() {
        let options = LoweringOptions(memoryBudget: 1 << 40)
        #expect(Lowering.lower(Fixtures.spec(layers: []), options: options).diagnostics.map(\.code) == [.planEmptyShape])
        #expect(Lowering.lower(Fixtures.spec(layers: [.init(units: 0)]), options: options).diagnostics.map(\.code) == [.planEmptyShape])
        #expect(Lowering.lower(Fixtures.spec(layers: [.init(units: 1)], points: 0), options: options).diagnostics.map(\.code) == [.planEmptyShape])
        let many = Array(repeating: Fixtures.L(units: 1), count: Lowering.maxLayers + 1)
        #expect(Lowering.lower(Fixtures.spec(layers: many), options: options).diagnostics.map(\.code) == [.planTooManyLayers])
        // Widths whose products overflow Int are refused by size, not trapped on.
        let huge = Fixtures.spec(layers: [.init(units: Int.max / 2), .init(units: Int.max / 2), .init(units: 1)])
        #expect(Lowering.lower(huge, options: options).diagnostics.map(\.code) == [.planOverBudget])
    }

    @Test func csvTrainingPointsAreCountedRows() throws {
        let dir = NSTemporaryDirectory() + "nnc-lowering-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/train.csv"
        try Data("x,y\n1,2\n3,4\n5,6\n7,8\n".utf8).write(to: URL(fileURLWithPath: path))
        var spec = Fixtures.spec(layers: [.init(units: 1)], validation: 0.25)
        spec.data.source = .csv(CSVSource(path: Fixtures.at("train.csv", line: 28), resolvedPath: path, columns: ["x", "y"]))
        #expect(lower(spec).batchSize == 3)

        spec.data.source = .csv(CSVSource(path: Fixtures.at("gone.csv", line: 28), resolvedPath: dir + "/gone.csv", columns: nil))
        let (plan, diagnostics) = Lowering.lower(spec, options: LoweringOptions(memoryBudget: 1 << 40))
        #expect(plan == nil)
        #expect(diagnostics.map(\.code) == [.planDataUnreadable])
        #expect(diagnostics.first?.span.start.line == 28)
    }

    @Test func splitRounding() {
        #expect(Split.trainCount(total: 200, fraction: 0.25) == 150)
        #expect(Split.validationCount(total: 10, fraction: 0.25) == 3)  // 2.5 rounds away from zero
        #expect(Split.validationCount(total: 10, fraction: 0.01) == 1)  // never empty
        #expect(Split.validationCount(total: 10, fraction: 0.999) == 9)  // never everything
        #expect(Split.validationCount(total: 1, fraction: 0.5) == 0)
        #expect(Split.trainCount(total: 0, fraction: 0.5) == 0)
    }
}
