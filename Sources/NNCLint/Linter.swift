import Dispatch
import Foundation
import NNCCheck
import NNCDiagnostics
import NNCSpec

/// Checks specs the way CI wants: every spec through the whole front end
/// (errors) and the warning rules, with each spec's `.nnc-lint.yaml` and its
/// suppression comments applied. Never prints; the caller renders the report.
public struct Linter: Sendable {
    public struct Options: Sendable {
        /// The folder relative paths are resolved against when finding specs
        /// and configurations. The front end reads a relative spec path from
        /// the process's current folder, so with relative paths this must be it.
        public var currentDirectory: String
        /// Skip named files that have no top-level `nnc:` key.
        public var specsOnly: Bool
        /// Specs checked at once; 1 checks them one after another.
        public var jobs: Int
        /// A configuration to use for every spec instead of the nearest `.nnc-lint.yaml`.
        public var configurationPath: String?
        /// Reads the data files of a spec without errors and returns their
        /// problems (`--data`): the training loader's, passed in by the
        /// command line so lint does not depend on the training stage.
        /// Files the problems point into are added to the `SourceManager`.
        public var data: (@Sendable (Spec, SourceManager) -> [Diagnostic])?

        public init(
            currentDirectory: String = FileManager.default.currentDirectoryPath, specsOnly: Bool = false,
            jobs: Int = ProcessInfo.processInfo.activeProcessorCount, configurationPath: String? = nil,
            data: (@Sendable (Spec, SourceManager) -> [Diagnostic])? = nil
        ) {
            self.currentDirectory = currentDirectory
            self.specsOnly = specsOnly
            self.jobs = max(1, jobs)
            self.configurationPath = configurationPath
            self.data = data
        }
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Finds the specs named by `paths` (files, folders, globs; none means the
    /// current folder) and lints them all.
    public func lint(paths: [String]) -> LintReport {
        let discovery = SpecDiscovery(currentDirectory: options.currentDirectory, specsOnly: options.specsOnly)
            .discover(paths)
        var report = lint(files: discovery.files)
        report.problems = discovery.problems + report.problems
        return report
    }

    /// Lints exactly these spec files.
    public func lint(files: [String]) -> LintReport {
        let locator = ConfigurationLocator(
            currentDirectory: options.currentDirectory,
            explicitPath: options.configurationPath.map { PathTools.relative($0, to: options.currentDirectory) })
        // A configuration that cannot be used stops the run before any spec is
        // linted: findings under the default rules, with the configuration the
        // repository meant ignored, would be wrong in both directions.
        let configurations = files.map { locator.configuration(forSpecAt: $0) }
        if configurations.contains(where: { $0.configuration == nil }) {
            let sources = SourceManager()
            configurations.compactMap(\.file).forEach(sources.add)
            return LintReport(
                files: files, diagnostics: configurations.flatMap(\.diagnostics).sortedForOutput(), sources: sources,
                problems: [], configurationFailed: true)
        }
        let outcomes = runAll(files, locator: locator)

        let sources = SourceManager()
        var diagnostics: [Diagnostic] = []
        var configurationFailed = false
        var used: [SuppressionKey: Bool] = [:]
        var candidates: [SuppressionKey: (Suppression.Entry, Suppression.Scope)] = [:]
        for outcome in outcomes {
            diagnostics += outcome.diagnostics
            outcome.files.forEach(sources.add)
            for (key, wasUsed) in outcome.uses { used[key] = (used[key] ?? false) || wasUsed }
            for (key, value) in outcome.entries { candidates[key] = value }
            // Each configuration's problems are reported once (duplicates are dropped when sorting).
            if let configFile = outcome.configuration.file { sources.add(configFile) }
            diagnostics += outcome.configuration.diagnostics
            if outcome.configuration.configuration == nil { configurationFailed = true }
        }
        // A suppression no run needed suppresses nothing (W0903).
        for (key, wasUsed) in used where !wasUsed {
            guard let (entry, scope) = candidates[key] else { continue }
            let configuration = locator.configuration(forSpecAt: key.file).configuration ?? .default
            if configuration.isOff(entry.code) { continue }
            let place: String
            switch scope {
            case .file: place = "in this file"
            case .nextLine(let line?): place = "on line \(line)"
            case .nextLine(nil): place = "after this comment (it is the last line)"
            }
            let finding = Diagnostic(
                .suppressionUnused, span: entry.span,
                message: "suppression of \(entry.code) suppresses nothing: no \(entry.code) finding \(place)",
                label: "unused suppression",
                notes: [DiagnosticNote("remove it, or move it above the line the warning points at")])
            diagnostics += configuration.apply(to: [finding])
        }
        return LintReport(
            files: files, diagnostics: diagnostics.sortedForOutput(), sources: sources, problems: [],
            configurationFailed: configurationFailed)
    }

    // MARK: - One spec

    /// What linting one spec gave.
    struct Outcome {
        var diagnostics: [Diagnostic] = []
        /// The files the findings point into.
        var files: [SourceFile] = []
        var configuration = ConfigurationLocator.Loaded(configuration: .default, diagnostics: [], file: nil)
        /// Every suppression entry the spec's files hold, and whether this run used it.
        var uses: [SuppressionKey: Bool] = [:]
        var entries: [SuppressionKey: (Suppression.Entry, Suppression.Scope)] = [:]
    }

    private func runAll(_ files: [String], locator: ConfigurationLocator) -> [Outcome] {
        var outcomes = [Outcome](repeating: Outcome(), count: files.count)
        let jobs = min(options.jobs, files.count)
        if jobs <= 1 {
            for (i, f) in files.enumerated() { outcomes[i] = lintOne(f, locator: locator) }
            return outcomes
        }
        let lock = NSLock()
        let next = Counter()
        outcomes.withUnsafeMutableBufferPointer { buffer in
            let slots = UnsafeSendable(buffer)
            DispatchQueue.concurrentPerform(iterations: jobs) { _ in
                while true {
                    lock.lock()
                    let i = next.value
                    next.value += 1
                    lock.unlock()
                    guard i < files.count else { return }
                    // Each index is written by exactly one worker.
                    slots.value[i] = lintOne(files[i], locator: locator)
                }
            }
        }
        return outcomes
    }

    func lintOne(_ path: String, locator: ConfigurationLocator) -> Outcome {
        var outcome = Outcome()
        let local = SourceManager()
        let front = Frontend.compile(path: path, sources: local)
        var diagnostics = front.diagnostics
        var ruleWarnings: [Diagnostic] = []
        var lintedFiles = [path]
        // Warnings only on a spec without errors: a rule of thumb about an
        // invalid value (one data point, a zero learning rate) would be noise.
        let rulesRan = front.spec != nil && !front.hasErrors
        if let spec = front.spec {
            lintedFiles = spec.sources.isEmpty ? [path] : spec.sources
            if rulesRan { ruleWarnings = Checker.warnings(in: context(for: spec)) }
            // The data is read as training reads it only for a spec without
            // errors: the loader needs the columns and the split the spec names.
            if rulesRan, let data = options.data { diagnostics += data(spec, local) }
        }
        let loaded = locator.configuration(forSpecAt: path)
        outcome.configuration = loaded
        let configuration = loaded.configuration ?? .default

        // Suppression comments of the spec and of every file it includes.
        var suppressions: [Suppression] = []
        for file in lintedFiles {
            guard let source = local.file(file) else { continue }
            let (found, findings) = SuppressionScanner.scan(source)
            suppressions += found
            diagnostics += findings
        }
        var kept: [Diagnostic] = []
        var uses: [SuppressionKey: Bool] = [:]
        for s in suppressions {
            for e in s.entries {
                let key = SuppressionKey(file: s.span.file, line: e.span.start.line, column: e.span.start.column, code: e.code)
                uses[key] = false
                outcome.entries[key] = (e, s.scope)
            }
        }
        for d in configuration.apply(to: ruleWarnings) {
            var suppressed = false
            for s in suppressions {
                for e in s.entries where s.covers(d, code: e.code) {
                    uses[SuppressionKey(file: s.span.file, line: e.span.start.line, column: e.span.start.column, code: e.code)] = true
                    suppressed = true
                }
            }
            if !suppressed { kept.append(d) }
        }
        // Whether a suppression is needed is known only when the rules ran.
        outcome.uses = rulesRan ? uses : [:]
        outcome.diagnostics = configuration.apply(to: diagnostics) + kept

        var referenced = Set(lintedFiles)
        for d in outcome.diagnostics {
            referenced.insert(d.span.file)
            for n in d.notes { if let s = n.span { referenced.insert(s.file) } }
            if let f = d.fixIt { referenced.insert(f.span.file) }
        }
        outcome.files = referenced.sorted().compactMap(local.file)
        return outcome
    }

    /// Training files larger than this are not read for target ranges (rules
    /// then treat the ranges as unknown); `--data` reads every file whatever its size.
    public static let maximumSummaryBytes = 64 << 20

    /// The rule context of a spec, with the range of its targets when they
    /// come from a CSV file (read here with the data reader, so the rules never
    /// touch the disk). Values that are not numbers are left out of the
    /// ranges; reporting them is `--data`'s job.
    func context(for spec: Spec) -> RuleContext {
        guard case .csv(let csv) = spec.data.source else { return RuleContext(spec: spec) }
        let path = PathTools.absolute(csv.resolvedPath, in: options.currentDirectory)
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size <= Self.maximumSummaryBytes,
              case .success(let data) = DataFile.contents(path)
        else { return RuleContext(spec: spec) }
        let names = spec.outputs.names
        let table = data.withUnsafeBytes { CSVTable.scan(bytes: $0.bindMemory(to: UInt8.self), path: path, columns: names).0 }
        var ranges: [String: ClosedRange<Double>] = [:]
        for name in names {
            let values = (table?.column(name) ?? []).filter(\.isFinite)
            if let lo = values.min(), let hi = values.max() { ranges[name] = lo...hi }
        }
        return RuleContext(spec: spec, targetRanges: ranges.count == names.count ? ranges : nil)
    }
}

private final class Counter: @unchecked Sendable {
    var value = 0
}

/// Hands a buffer to concurrent workers that each write distinct indices.
private struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
