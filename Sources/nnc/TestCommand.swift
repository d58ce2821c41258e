import ArgumentParser
import Foundation
import NNCCheck
import NNCDiagnostics
import NNCLint
import NNCLowering
import NNCPlan
import NNCSpec
import NNCTrain

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Train every spec that has an expect: block and check its results, for CI.",
        discussion: """
            PATH may be a spec file, a folder (every spec below it) or a quoted glob \
            pattern; with no PATH, the current folder. Specs without `expect:` are \
            skipped. Each spec with one is trained as `nnc train` trains it, into \
            OUT/<name>/ (default runs/test/<name>/, replacing an earlier test's \
            run there), and every figure its `expect:` block names is checked: a \
            figure outside its bounds, or a spec that does not build or train, \
            is a finding at its line. SIGINT and SIGTERM stop the spec in \
            training as they stop `nnc train` (its folder can be resumed with \
            `nnc train --resume`) and skip the rest.

            Findings are printed in the lint formats (--format); --junit FILE also \
            writes a JUnit XML report, one test case per spec, with the run folder \
            (and its report page, with --report) named in it.

            Exit status: 0 every expectation met, 1 a spec failed, 2 usage or I/O \
            error, 130 or 143 stopped by SIGINT or SIGTERM.
            """
    )

    @Argument(help: "Spec files, folders or glob patterns (default: the current folder).")
    var paths: [String] = []

    @Option(help: "The output format of the findings.")
    var format: ReportFormat = .text

    @Option(help: ArgumentHelp("Also write a JUnit XML report here.", valueName: "file"))
    var junit: String?

    @Option(help: ArgumentHelp("The folder of the runs (one sub-folder a spec).", valueName: "dir"))
    var out: String = "runs/test"

    @Flag(help: "Write each run's report page (nnc report) and link it from the JUnit report.")
    var report = false

    @Flag(help: "Print nothing but the findings and the summary.")
    var quiet = false

    struct Outcome {
        var spec: String
        var name: String
        var folder: String?
        var seconds: Double
        var diagnostics: [Diagnostic]
        var skipped: String?
        var checked = 0
    }

    func run() throws {
        let found = SpecDiscovery(currentDirectory: FileManager.default.currentDirectoryPath, specsOnly: true).discover(paths)
        for problem in found.problems { printError("nnc test: \(problem)") }
        let sources = SourceManager()
        // Signals stop the spec in training as `nnc train` stops (its run folder
        // is left resumable) and skip the rest.
        let stop = StopRequest()
        let signals = CLI.answerSignals(stop, quiet: quiet)
        defer { signals.cancel() }
        var outcomes: [Outcome] = []
        for path in found.files where !stop.isRequested {
            outcomes.append(test(path, sources: sources, stop: stop))
        }
        let diagnostics = outcomes.flatMap(\.diagnostics).sortedForOutput()
        let output = format.reporter(color: false).report(diagnostics, sources: sources)
        FileHandle.standardOutput.write(Data(output.utf8))
        let tested = outcomes.filter { $0.skipped == nil }
        let failed = tested.filter { $0.diagnostics.hasErrors }
        let summary = "nnc test: \(tested.count) spec\(tested.count == 1 ? "" : "s") with expect: trained, "
            + "\(failed.count) failed, \(outcomes.count - tested.count) without expect: skipped"
        if format.isDocument { printError(summary) } else { print(summary) }
        if let junit {
            do {
                try AtomicFile.write(Self.junit(outcomes, sources: sources), to: junit)
            } catch {
                printError("nnc test: cannot write the JUnit report '\(junit)': \(error)")
                throw CommandFailure(code: Exit.usage)
            }
        }
        if let signal = stop.signal {
            printError("nnc test: stopped by \(SignalPolicy.name(signal)); \(found.files.count - outcomes.count) spec(s) not run")
            throw CommandFailure(code: SignalPolicy.exitStatus(signal))
        }
        if !found.problems.isEmpty { throw CommandFailure(code: Exit.usage) }
        if !failed.isEmpty { throw CommandFailure(code: Exit.inputErrors) }
    }

    /// Builds, trains and checks one spec (into a fresh run folder: an
    /// earlier test's run there is replaced).
    func test(_ path: String, sources: SourceManager, stop: StopRequest) -> Outcome {
        let clock = Date()
        let front = Frontend.compile(path: path, sources: sources)
        guard let spec = front.spec, !front.hasErrors else {
            return Outcome(spec: path, name: path, seconds: 0, diagnostics: front.diagnostics.filter { $0.severity == .error })
        }
        guard let expect = spec.expect else {
            return Outcome(spec: path, name: spec.name.value, seconds: 0, diagnostics: [], skipped: "no expect: block")
        }
        let (plan, lowering) = Lowering.lower(spec, options: LoweringOptions(mode: .training))
        guard let plan else {
            return Outcome(spec: path, name: spec.name.value, seconds: 0, diagnostics: lowering)
        }
        let folder = (out as NSString).appendingPathComponent(RunFolder.safeName(spec.name.value))
        if !quiet { printError("nnc test: training \(path) → \(folder)/") }
        do {
            let options = TrainOptions(
                folder: folder, force: true, threads: ProcessInfo.processInfo.activeProcessorCount,
                nncVersion: NNC.configuration.version, command: CLI.commandLine)
            let summary = try CLI.train(spec: spec, plan: plan, sources: sources, options: options, stop: stop)
            if let signal = stop.signal, !summary.replicas.allSatisfy(\.status.isComplete) {
                return Outcome(spec: path, name: spec.name.value, folder: folder, seconds: Date().timeIntervalSince(clock),
                               diagnostics: [], skipped: "interrupted by \(SignalPolicy.name(signal)): \(folder) can be resumed with nnc train --resume")
            }
            if !summary.diagnostics.isEmpty {
                return Outcome(spec: path, name: spec.name.value, folder: folder, seconds: Date().timeIntervalSince(clock),
                               diagnostics: summary.diagnostics)
            }
            if report { _ = try ReportCommand.write(run: folder, page: nil) }
            return Outcome(spec: path, name: spec.name.value, folder: folder, seconds: Date().timeIntervalSince(clock),
                           diagnostics: expect.check(summary), checked: expect.entries.count)
        } catch let e as CLI.StoppedBeforeTraining {
            return Outcome(spec: path, name: spec.name.value, seconds: 0, diagnostics: [], skipped: "stopped by \(SignalPolicy.name(e.signal))")
        } catch let e as DiagnosticError {
            return Outcome(spec: path, name: spec.name.value, folder: folder, seconds: Date().timeIntervalSince(clock),
                           diagnostics: e.diagnostics)
        } catch {
            return Outcome(spec: path, name: spec.name.value, folder: folder, seconds: Date().timeIntervalSince(clock),
                           diagnostics: [Diagnostic(.cannotWriteOutput, span: .wholeFile(folder), message: "\(error)")])
        }
    }

    /// The JUnit XML report: one test suite, one test case per spec.
    static func junit(_ outcomes: [Outcome], sources: SourceManager) -> String {
        func escape(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        let failures = outcomes.filter { $0.skipped == nil && $0.diagnostics.hasErrors }.count
        let skipped = outcomes.filter { $0.skipped != nil }.count
        let time = outcomes.reduce(0) { $0 + $1.seconds }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites tests=\"\(outcomes.count)\" failures=\"\(failures)\" skipped=\"\(skipped)\" time=\"\(String(format: "%.3f", time))\">\n"
        xml += "  <testsuite name=\"nnc test\" tests=\"\(outcomes.count)\" failures=\"\(failures)\" skipped=\"\(skipped)\" time=\"\(String(format: "%.3f", time))\">\n"
        for o in outcomes {
            xml += "    <testcase classname=\"\(escape(o.spec))\" name=\"\(escape(o.name))\" time=\"\(String(format: "%.3f", o.seconds))\">\n"
            if let skipped = o.skipped {
                xml += "      <skipped message=\"\(escape(skipped))\"/>\n"
            } else if o.diagnostics.hasErrors {
                let text = GCCRenderer().report(o.diagnostics, sources: sources)
                xml += "      <failure message=\"\(escape(o.diagnostics.first?.message ?? "failed"))\">\(escape(text))</failure>\n"
            }
            if let folder = o.folder {
                var out = "run folder: \(folder)"
                if FileManager.default.fileExists(atPath: folder + "/report.html") { out += "\nreport: \(folder)/report.html" }
                if o.skipped == nil, !o.diagnostics.hasErrors { out += "\nexpect: all \(o.checked) met" }
                xml += "      <system-out>\(escape(out))</system-out>\n"
            }
            xml += "    </testcase>\n"
        }
        xml += "  </testsuite>\n</testsuites>\n"
        return xml
    }
}
