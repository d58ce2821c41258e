import ArgumentParser

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "(not yet implemented)")

    func run() throws {
        printError("nnc explain: not implemented yet")
        throw CommandFailure(code: Exit.usage)
    }
}
