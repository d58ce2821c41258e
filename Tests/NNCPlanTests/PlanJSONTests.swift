import Foundation
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
        for key in ["parameters", "arena_bytes", "flops_per_step", "layers", "program", "arena", "batch_size"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect(object["parameters"] as? Int == 591)
        let program = try #require(object["program"] as? [[String: Any]])
        #expect(program.first?.keys.first == "dense_forward")
    }

    @Test func rejectsAStepWithTwoOperations() {
        let json = #"{"loss": {}, "dense_forward": {}}"#
        #expect(throws: (any Error).self) { try JSONDecoder().decode(Step.self, from: Data(json.utf8)) }
    }
}
