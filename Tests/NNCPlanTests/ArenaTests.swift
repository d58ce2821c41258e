import Foundation
import NNCSpec
import Testing
@testable import NNCPlan

/// Properties every placed arena must have, over many generated networks.
@Suite struct ArenaTests {
    /// A small seeded generator, so the generated specs are the same every run.
    struct Generator {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
    }

    static func randomSpecs(count: Int) -> [Spec] {
        var g = Generator(state: 12345)
        let activations = ActivationKind.allCases.filter { $0 != .softmax }
        let optimizers: [Optimizer] = [Optimizer(.sgd), Optimizer(.sgd, values: ["momentum": 0.9]), Optimizer(.adam), Optimizer(.rmsprop)]
        return (0..<count).map { _ in
            let depth = 1 + g.next(5)
            var layers: [Fixtures.L] = (0..<depth).map { _ in
                Fixtures.L(units: 1 + g.next(40), activation: Activation(activations[g.next(activations.count)]),
                    dropout: g.next(3) == 0 ? 0.2 : 0, l2: g.next(4) == 0 ? 1e-4 : 0, bias: g.next(5) != 0)
            }
            let outputs = layers[depth - 1].units
            let classifier = g.next(4) == 0 && outputs > 1
            if classifier { layers[depth - 1].activation = Activation(.softmax) }
            return Fixtures.spec(
                inputs: (0..<(1 + g.next(3))).map { "x\($0)" }, outputs: (0..<outputs).map { "y\($0)" },
                layers: layers, points: 64 + g.next(300), validation: g.next(2) == 0 ? nil : 0.2,
                batch: g.next(2) == 0 ? .full : .size(1 + g.next(50)),
                loss: classifier ? Loss(.categoricalCrossentropy) : Loss(.mse),
                optimizer: optimizers[g.next(optimizers.count)])
        }
    }

    static func plans() -> [Plan] {
        randomSpecs(count: 150).flatMap { spec in
            PlanMode.allCases.compactMap { mode in
                Lowering.lower(spec, options: LoweringOptions(mode: mode, memoryBudget: 1 << 40)).plan
            }
        } + [Lowering.lower(Fixtures.gluon, options: LoweringOptions(memoryBudget: 1 << 40)).plan!]
    }

    @Test func liveBuffersNeverOverlapAndStayInBounds() {
        let plans = Self.plans()
        #expect(plans.count == 301)
        for plan in plans {
            let buffers = plan.arena.buffers
            for b in buffers {
                #expect(b.offset % Arena.alignment == 0, "\(b.name) misaligned")
                #expect(b.offset >= 0 && b.offset + b.count <= plan.arena.count, "\(b.name) out of bounds")
                #expect(b.count == b.rows * b.columns)
                #expect(b.first <= b.last && b.last <= plan.arena.scheduleLength)
            }
            for (i, a) in buffers.enumerated() {
                for b in buffers[(i + 1)...] where a.overlapsInTime(b) {
                    let disjoint = a.offset + Arena.aligned(a.count) <= b.offset || b.offset + Arena.aligned(b.count) <= a.offset
                    #expect(disjoint, "\(a.name) and \(b.name) overlap in \(plan.name)")
                }
            }
        }
    }

    @Test func placementIsAtLeastTheLowerBoundAndSharesSpace() {
        var shared = 0
        for plan in Self.plans() {
            let a = plan.arena
            #expect(a.transientCount >= a.transientLowerBound)
            #expect(a.transientCount <= a.transientUnshared)
            if a.transientCount < a.transientUnshared { shared += 1 }
        }
        #expect(shared > 100, "sharing should save space in most plans")
    }

    @Test func slabsHaveOneLayout() {
        for plan in Self.plans() {
            let slabs = plan.arena.buffers.filter(\.isSlab)
            #expect(slabs.allSatisfy { $0.count == plan.parameters })
            #expect(slabs.first?.offset == 0)
            let layersEnd = plan.layers.last.map { $0.weightOffset + $0.parameters }
            #expect(layersEnd == plan.parameters)
        }
    }

    /// Every transient operand of a training step is the offset of a buffer live at that step.
    @Test func stepsReadBuffersLiveAtTheirStep() {
        for plan in Self.plans() {
            let transient = plan.arena.buffers.filter { !$0.isSlab }
            for (t, step) in plan.program.enumerated() {
                for offset in Operands.transient(of: step) {
                    let live = transient.filter { $0.offset == offset && $0.first <= t && t <= $0.last }
                    #expect(live.count == 1, "step \(t) \(step.operation) of \(plan.name) reads \(offset): \(live.map(\.name))")
                }
            }
            for step in plan.evaluationProgram {
                for offset in Operands.transient(of: step) {
                    #expect(transient.contains { $0.offset == offset })
                }
            }
        }
    }

    @Test func heapPlacerOnAHandMadeCase() {
        // Two buffers live at different times share offset 0; the third, live with both, goes above.
        let items = [
            HeapPlacer.Item(size: 32, first: 0, last: 1),
            HeapPlacer.Item(size: 32, first: 2, last: 3),
            HeapPlacer.Item(size: 16, first: 0, last: 3),
        ]
        let (offsets, extent) = HeapPlacer.place(items)
        #expect(offsets == [0, 0, 32])
        #expect(extent == 48)
        #expect(HeapPlacer.lowerBound(items) == 48)
    }
}

/// The transient arena offsets a step reads or writes.
enum Operands {
    static func transient(of step: Step) -> [Int] {
        switch step {
        case .denseForward(let s): return [s.input, s.output] + [s.preactivation].compactMap { $0 }
        case .dropoutForward(let s): return [s.input, s.mask, s.output]
        case .loss(let s):
            return [s.prediction, s.target, s.scratch, s.value]
                + [s.logits, s.uncertainty, s.inverseCovariance, s.gradient].compactMap { $0 }
        case .dropoutBackward(let s): return [s.mask, s.gradient]
        case .denseBackward(let s):
            return [s.input, s.gradient] + [s.output, s.preactivation, s.inputGradient].compactMap { $0 }
        case .optimizerStep: return []
        }
    }
}
