import ArgumentParser

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lint", abstract: "(not yet implemented)")

    func run() throws {
        printError("nnc lint: not implemented yet")
        throw CommandFailure(code: Exit.usage)
    }
}
