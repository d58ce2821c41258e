import Foundation
import NNCSpec
import NNCLowering
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

    @Test func liveTensorsNeverOverlapAndStayInBounds() {
        let plans = Self.plans()
        #expect(plans.count == 301)
        for plan in plans {
            #expect(throws: Never.self) { try plan.validate() }
            let placed = plan.tensors.filter { $0.count > 0 && !$0.role.isView }
            for t in placed {
                #expect(t.offset % Arena.alignment == 0, "\(t.name) misaligned")
                #expect(t.offset >= 0 && t.offset + t.count <= plan.arena.count, "\(t.name) out of bounds")
                #expect(t.first <= t.last && t.last < plan.arena.timelineLength)
            }
            for (i, a) in placed.enumerated() {
                for b in placed[(i + 1)...] where a.overlapsInTime(b) {
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
            let slabs = plan.tensors.filter(\.role.isSlab)
            #expect(slabs.allSatisfy { $0.count == plan.parameters })
            #expect(slabs.first?.offset == 0)
            let end = plan.parameterTensors.last.map { $0.offset + $0.count }
            #expect(end == plan.parameters)
            // Every parameter's view and its gradient's sit at the same offset in their slabs.
            for p in plan.parameterTensors {
                #expect(plan.tensors[p.tensor].offset == p.offset)
                if let g = p.gradient, let gradients = plan.host.gradients {
                    #expect(plan.tensors[g].offset == plan.tensors[gradients].offset + p.offset)
                }
            }
        }
    }

    /// Every transient operand of an instruction is live at that instruction's step of the timeline.
    @Test func instructionsReadTensorsLiveAtTheirStep() {
        for plan in Self.plans() {
            var step = 0
            for (name, program) in plan.programList {
                for instruction in program.instructions {
                    for id in instruction.reads + instruction.writes {
                        let t = plan.tensors[id]
                        #expect(t.first <= step && step <= t.last,
                                "\(name) step \(step) (\(instruction.name)) of \(plan.name) uses \(t.name) live [\(t.first), \(t.last)]")
                    }
                    step += 1
                }
                step += 1
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

