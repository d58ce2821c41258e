import Foundation
import NNCCheck
import NNCDiagnostics
import NNCLowering
import Testing
@testable import NNCPlan

/// The placed arena of every canonical spec in specs/, compared with a golden
/// file in Tests/NNCPlanTests/Golden/. After an intended change, regenerate with
/// `NNC_REGENERATE_GOLDEN=1 swift test --filter GoldenLayoutTests` and review the diff.
@Suite struct GoldenLayoutTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let goldenFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let regenerate = ProcessInfo.processInfo.environment["NNC_REGENERATE_GOLDEN"] == "1"

    /// The top-level specs (not specs/invalid/, not included network files in sub-folders).
    static func specPaths() -> [String] {
        let dir = packageRoot.appendingPathComponent("specs")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { "specs/\($0)" }
    }

    /// What the golden file pins: the layout, not every derived field.
    struct Layout: Codable, Equatable {
        var name: String
        var batchSize: Int
        var parameters: Int
        var arenaCount: Int
        var transientLowerBound: Int
        var flopsForward: Int
        var flopsPerStep: Int
        var regions: [String]
        var tensors: [String]
        var programs: [String: [String]]

        init(_ plan: Plan) {
            name = plan.name
            batchSize = plan.batchSize
            parameters = plan.parameters
            arenaCount = plan.arena.count
            transientLowerBound = plan.arena.transientLowerBound
            flopsForward = plan.flopsForward
            flopsPerStep = plan.flopsPerStep
            regions = plan.arena.regions.map { "\($0.kind.rawValue) @\($0.offset) +\($0.count)" }
            tensors = plan.tensors.filter { $0.count > 0 }
                .map { "\($0.name) (\($0.role.rawValue)) @\($0.offset) +\($0.count) live [\($0.first), \($0.last)]" }
            var programs: [String: [String]] = [:]
            for (name, program) in plan.programList {
                programs[name] = PlanReport.listing(program, plan: plan).split(separator: "\n").map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
            }
            self.programs = programs
        }
    }

    @Test func everyCanonicalSpecMatchesItsGoldenLayout() throws {
        let paths = Self.specPaths()
        #expect(paths.count >= 3, "expected the canonical specs in specs/")
        for path in paths {
            let sources = SourceManager()
            let front = Frontend.compile(path: Self.packageRoot.appendingPathComponent(path).path, sources: sources)
            #expect(!front.hasErrors, "\(path): \(front.diagnostics.map(\.message))")
            guard let spec = front.spec else { continue }
            let (plan, diagnostics) = Lowering.lower(spec, options: LoweringOptions(memoryBudget: 1 << 40))
            #expect(diagnostics.isEmpty, "\(path): \(diagnostics.map(\.message))")
            guard let plan else { continue }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(Layout(plan)) + Data("\n".utf8)
            let stem = (path as NSString).lastPathComponent.replacingOccurrences(of: ".yaml", with: "")
            let golden = Self.goldenFolder.appendingPathComponent("\(stem).layout.json")
            if Self.regenerate {
                try FileManager.default.createDirectory(at: Self.goldenFolder, withIntermediateDirectories: true)
                try data.write(to: golden)
                continue
            }
            let expected = try? Data(contentsOf: golden)
            #expect(expected != nil, "no golden layout for \(path); run with NNC_REGENERATE_GOLDEN=1")
            if let expected {
                #expect(String(decoding: data, as: UTF8.self) == String(decoding: expected, as: UTF8.self), "\(path) differs from \(golden.lastPathComponent)")
            }
        }
    }
}
