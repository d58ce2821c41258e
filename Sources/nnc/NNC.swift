import ArgumentParser
import Foundation

/// The root command. Subcommands are one file each; this file only lists them.
struct NNC: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nnc",
        abstract: "A declarative model-spec compiler for neural networks.",
        discussion: """
            Write a network and its training as a YAML spec, then:
              nnc build spec.yaml    check the spec and lower it to a static plan
              nnc train              train the plan built last
              nnc lint specs/        check every spec, for CI
            """,
        version: "0.1.0",
        subcommands: [
            BuildCommand.self,
            TrainCommand.self,
            HyperoptCommand.self,
            PredictCommand.self,
            ReportCommand.self,
            ExportCommand.self,
            LintCommand.self,
            TestCommand.self,
            ExplainCommand.self,
            SchemaCommand.self,
            BenchCommand.self,
        ]
    )
}

/// Exit codes of every command: 0 success, 1 the input has errors, 2 usage or I/O error.
enum Exit {
    static let success: Int32 = 0
    static let inputErrors: Int32 = 1
    static let usage: Int32 = 2
}

/// A failure a command has already reported to stderr; carries only the exit code.
struct CommandFailure: Error {
    var code: Int32
}

/// Writes to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}
