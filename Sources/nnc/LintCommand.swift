import ArgumentParser
import Foundation
import NNCDiagnostics
import NNCLint
import NNCTrain

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check specs for errors and training pitfalls, in formats CI understands.",
        discussion: """
            PATH may be a spec file, a folder (every *.yaml / *.yml below it with a top-level \
            `nnc:` key) or a quoted glob pattern ('specs/**/*.yaml'); with no PATH, the current \
            folder. All findings are printed, then one summary line.

            With --data, every data file a spec names (training and validation CSVs, a \
            covariance matrix) is read as `nnc train` reads it, and its problems are \
            reported at the file's line and column: text or missing values in a column \
            the spec uses, a wrong separator, a matrix of the wrong shape. Only specs \
            without errors are read.

            Warnings can be silenced in the spec with a reason:
              # nnc: disable-next-line W0301 -- tuned by hand
              # nnc: disable W0201 -- targets are scaled into (0, 1)
            and configured for a repository in .nnc-lint.yaml (rules: {W0301: off}).

            Exit status: 0 no errors, 1 errors (or warnings with --strict, or more than \
            --max-warnings), 2 usage, I/O or configuration error.
            """
    )

    @Argument(help: "Spec files, folders or glob patterns (default: the current folder).")
    var paths: [String] = []

    @Option(help: "The output format.")
    var format: ReportFormat = .text

    @Flag(help: "Fail (exit 1) on any warning.")
    var strict = false

    @Option(help: ArgumentHelp("Fail (exit 1) when there are more than N warnings.", valueName: "n"))
    var maxWarnings: Int?

    @Option(help: ArgumentHelp("Use this configuration file instead of the nearest .nnc-lint.yaml.", valueName: "file"))
    var config: String?

    @Flag(help: "Skip named files that are not specs (no top-level `nnc:` key), as pre-commit passes every changed YAML file.")
    var specsOnly = false

    @Flag(help: "Also read every data file each spec names, as training does.")
    var data = false

    @Option(help: ArgumentHelp("Specs checked at once (default: the number of cores).", valueName: "n"))
    var jobs: Int?

    @Option(help: "Colour in the text format (auto: on a terminal without NO_COLOR).")
    var color: ColorChoice = .auto

    /// `--color`: whether the text format uses ANSI colour.
    enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never

        /// `auto` means: standard output is a terminal and NO_COLOR is not set.
        var enabled: Bool {
            switch self {
            case .always: return true
            case .never: return false
            case .auto:
                return isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            }
        }
    }

    func validate() throws {
        if let maxWarnings, maxWarnings < 0 {
            throw ValidationError("--max-warnings must be 0 or more, found \(maxWarnings)")
        }
        if let jobs, jobs < 1 {
            throw ValidationError("--jobs must be at least 1, found \(jobs)")
        }
    }

    func run() throws {
        var options = Linter.Options(specsOnly: specsOnly, configurationPath: config)
        if let jobs { options.jobs = jobs }
        if data { options.data = { spec, sources in TrainingData.check(spec: spec, sources: sources) } }
        if let config, !FileManager.default.fileExists(atPath: config) {
            printError("nnc lint: no such configuration file: '\(config)'")
            throw CommandFailure(code: Exit.usage)
        }
        let report = Linter(options: options).lint(paths: paths)
        for problem in report.problems {
            printError("nnc lint: \(problem)")
        }
        let output = format.reporter(color: color.enabled).report(report.diagnostics, sources: report.sources)
        FileHandle.standardOutput.write(Data(output.utf8))
        // A JSON or SARIF document must stay parseable: its summary goes to stderr.
        if format.isDocument {
            printError(report.summary)
        } else {
            FileHandle.standardOutput.write(Data((report.summary + "\n").utf8))
        }
        if !report.problems.isEmpty || report.configurationFailed {
            throw CommandFailure(code: Exit.usage)
        }
        if report.errorCount > 0 {
            throw CommandFailure(code: Exit.inputErrors)
        }
        if strict && report.warningCount > 0 {
            printError("nnc lint: \(report.warningCount) warning\(report.warningCount == 1 ? "" : "s") with --strict")
            throw CommandFailure(code: Exit.inputErrors)
        }
        if let maxWarnings, report.warningCount > maxWarnings {
            printError("nnc lint: \(report.warningCount) warnings, more than --max-warnings \(maxWarnings)")
            throw CommandFailure(code: Exit.inputErrors)
        }
    }
}

extension ReportFormat: ExpressibleByArgument {}

