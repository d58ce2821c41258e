import NNCDiagnostics
import NNCSpec
import NNCLowering
import Testing
@testable import NNCPlan

@Suite struct BudgetTests {
    @Test func bigBatchIsBlamedOnTheBatchSize() throws {
        let spec = Fixtures.spec(layers: [.init(units: 256), .init(units: 1)], points: 1_000_000, validation: nil)
        let (plan, diagnostics) = Lowering.lower(spec, options: LoweringOptions(memoryBudget: 64 << 20))
        #expect(plan == nil)
        let d = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(d.code == .planOverBudget)
        #expect(d.span == spec.training.batchSize.span)
        #expect(d.message.contains("but the budget is 64.0 MiB"))
        // The exact size of the placed arena is given, above the budget.
        let placed = try #require(Lowering.lower(spec, options: LoweringOptions(memoryBudget: 1 << 40)).plan)
        #expect(placed.arenaBytes > 64 << 20)
        #expect(d.message.contains("needs \(ByteSize.format(placed.arenaBytes)) of memory"))
    }

    @Test func wideLayerIsBlamedOnTheLayer() throws {
        let spec = Fixtures.spec(inputs: ["x"], layers: [.init(units: 8), .init(units: 4000), .init(units: 4000), .init(units: 1)],
            points: 8, validation: nil)
        let (plan, diagnostics) = Lowering.lower(spec, options: LoweringOptions(memoryBudget: 100 << 20))
        #expect(plan == nil)
        let d = try #require(diagnostics.first)
        #expect(d.code == .planOverBudget)
        #expect(d.span == spec.network.layers[2].units.span)
        #expect(d.label?.contains("dense_2") == true)
    }

    @Test func withinBudgetBuilds() {
        let (plan, diagnostics) = Lowering.lower(Fixtures.gluon, options: LoweringOptions(memoryBudget: 1 << 20))
        #expect(plan != nil && diagnostics.isEmpty)
    }

    @Test func byteSizes() {
        #expect(ByteSize.parse("1000000") == 1_000_000)
        #expect(ByteSize.parse("512MB") == 512_000_000)
        #expect(ByteSize.parse("2GiB") == 2 << 30)
        #expect(ByteSize.parse("1.5 gb") == 1_500_000_000)
        #expect(ByteSize.parse("64k") == 64_000)
        #expect(ByteSize.parse("-1") == nil)
        #expect(ByteSize.parse("lots") == nil)
        #expect(ByteSize.parse("12 parsecs") == nil)
        #expect(ByteSize.parse("99999999999999999999999") == nil)
        #expect(ByteSize.format(591) == "591 B")
        #expect(ByteSize.format(1536) == "1.5 KiB")
        #expect(ByteSize.format(3 << 30) == "3.0 GiB")
    }
}
