import Foundation
import NNCLowering
import Testing
@testable import NNCPlan

@Suite struct PlanJSONTests {
    @Test func roundTripsEveryPlan() throws {
        for plan in ArenaTests.plans().prefix(60) {
            let data = try plan.jsonData()
            let back = try Plan.decode(from: data)
            #expect(back == plan)
            #expect(try back.jsonData() == data)
        }
    }

    @Test func sameSpecTwiceGivesIdenticalBytes() throws {
        let options = LoweringOptions(memoryBudget: 1 << 40)
        let a = try Lowering.lower(Fixtures.gluon, options: options).plan!.jsonData()
        let b = try Lowering.lower(Fixtures.gluon, options: options).plan!.jsonData()
        #expect(a == b)
    }

    @Test func topLevelKeys() throws {
        let data = try Lowering.lower(Fixtures.gluon, options: LoweringOptions(memoryBudget: 1 << 40)).plan!.jsonData()
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in ["parameters", "arena_bytes", "flops_per_step", "layers", "programs", "tensors", "arena", "batch_size"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect(object["parameters"] as? Int == 591)
        let programs = try #require(object["programs"] as? [String: Any])
        let train = try #require((programs["train"] as? [String: Any])?["instructions"] as? [[String: Any]])
        #expect(train.first?.keys.first == "dense")
    }

    @Test func rejectsAnInstructionWithTwoOperationsOrAnUnknownOne() {
        let two = #"{"loss": {}, "dense": {}}"#
        #expect(throws: (any Error).self) { try JSONDecoder().decode(Instruction.self, from: Data(two.utf8)) }
        let unknown = #"{"convolution": {}}"#
        #expect(throws: (any Error).self) { try JSONDecoder().decode(Instruction.self, from: Data(unknown.utf8)) }
    }
}
