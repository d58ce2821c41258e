import Foundation
import NNCDiagnostics
import NNCCheck
import Testing

@testable import NNCLint

/// The linter on specs written to a temporary folder (given by absolute path,
/// so the test does not depend on the process's current folder).
struct LinterTests {
    static let network = """
        nnc: 1
        network:
          layers:
            - {dense: 8, activation: tanh}
            # nnc: disable-next-line W0202 -- the loader adds this dropout on purpose
            - {dense: 1, dropout: 0.1}
        """

    static func spec(_ name: String, include: String? = nil, extra: String = "") -> String {
        let network = include.map { "include: \($0)" } ?? "network: {layers: [{dense: 8, activation: tanh}, {dense: 1}]}"
        return """
            nnc: 1
            name: \(name)
            inputs: [x]
            outputs: [y]
            \(network)
            data:
              generate: {truth: "sin(x)", x: {linspace: [0, 1], points: 100}, noise: {absolute: 0.01}}
              validation: {fraction: 0.2}
            training: {loss: mse, optimizer: adam, epochs: 1000, stopping: {patience: 100}}
            \(extra)
            """
    }

    func lint(_ dir: TemporaryFolder, _ names: [String], config: String? = nil) -> LintReport {
        var options = Linter.Options(currentDirectory: dir.path, jobs: 2)
        options.configurationPath = config.map { dir.path + "/" + $0 }
        return Linter(options: options).lint(files: names.map { dir.path + "/" + $0 })
    }

    @Test func aSuppressionInASharedFileIsUsedIfAnySpecNeedsIt() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        try dir.write("net.yaml", Self.network)
        try dir.write("a.yaml", Self.spec("a", include: "net.yaml"))
        try dir.write("b.yaml", Self.spec("b", include: "net.yaml"))
        let report = lint(dir, ["a.yaml", "b.yaml"])
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics.map(\.message))")
    }

    @Test func unusedSuppressionIsReportedOnceAtItsCode() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        try dir.write("a.yaml", "# nnc: disable W0301, W0101 -- none of these occur\n" + Self.spec("a"))
        try dir.write("b.yaml", Self.spec("b"))
        let report = lint(dir, ["a.yaml", "b.yaml"])
        #expect(report.diagnostics.map(\.code) == ["W0903", "W0903"])
        #expect(report.diagnostics.map(\.span.start.column) == [16, 23])
        #expect(report.diagnostics.first?.message == "suppression of W0301 suppresses nothing: no W0301 finding in this file")
    }

    @Test func noUnusedFindingsWhenTheRulesCannotRun() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        // An error: no rule runs, so whether the suppression is needed is unknown.
        try dir.write("a.yaml", "# nnc: disable W0301 -- tuned\n" + Self.spec("a").replacingOccurrences(of: "tanh", with: "tanhh"))
        let report = lint(dir, ["a.yaml"])
        #expect(report.diagnostics.map(\.code) == ["E0201"])
    }

    @Test func aRuleTurnedOffNeedsNoSuppression() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        try dir.write("a.yaml", "# nnc: disable W0301 -- tuned\n" + Self.spec("a"))
        try dir.write("lint.yaml", "rules:\n  W0301: off\n")
        let report = lint(dir, ["a.yaml"], config: "lint.yaml")
        #expect(report.diagnostics.isEmpty)
    }

    @Test func malformedConfigurationFailsTheRunOnce() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        try dir.write("a.yaml", Self.spec("a"))
        // b has a warning, which must not be printed under the default rules.
        try dir.write("b.yaml", Self.spec("b").replacingOccurrences(of: "optimizer: adam", with: "optimizer: {adam: {learning_rate: 5}}"))
        try dir.write(".nnc-lint.yaml", "rules:\n  W9999: off\n")
        let report = lint(dir, ["a.yaml", "b.yaml"])
        #expect(report.configurationFailed)
        #expect(report.diagnostics.map(\.code) == ["E0902"])
        #expect(report.summary == "no spec linted: the lint configuration has 1 error")
        #expect(report.sources.file(report.diagnostics[0].span.file) != nil, "the configuration's text is there to render")
    }

    @Test func csvTargetsAreRead() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        try dir.write("data.csv", "x,y\n0,0.2\n0.5,0.4\n1,1.7\n")
        try dir.write(
            "a.yaml",
            """
            nnc: 1
            name: csv
            inputs: [x]
            outputs: [y]
            network: {layers: [{dense: 4, activation: tanh}, {dense: 1, activation: sigmoid}]}
            data: {train: {csv: data.csv}}
            training: {loss: mse, optimizer: adam, epochs: 1000}
            """)
        let report = lint(dir, ["a.yaml"])
        #expect(report.diagnostics.map(\.code) == ["W0201"])
        #expect(report.diagnostics.first?.notes.first?.message == "target 'y' reaches [0.2, 1.7]")
    }

    @Test func targetRangesComeFromTheDataReaderAndSkipBadValues() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        try dir.write("data.csv", "x, \"y\" \r\n0.1,0.2\r\n\r\n0.2,x\n0.3,1.7\n")
        let spec = try #require(Frontend.compile(text: """
            nnc: 1
            name: csv
            inputs: [x]
            outputs: [y]
            network: {layers: [{dense: 4, activation: tanh}, {dense: 1}]}
            data: {train: {csv: data.csv}}
            training: {loss: mse, optimizer: adam, epochs: 1000}
            """, path: dir.path + "/a.yaml", sources: SourceManager()).spec)
        let context = Linter(options: Linter.Options(currentDirectory: dir.path)).context(for: spec)
        #expect(context.targetRanges?["y"] == 0.2...1.7)
        #expect(context.totalPoints == 3)
    }
}
