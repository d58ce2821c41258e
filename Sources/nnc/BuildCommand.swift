import ArgumentParser

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "build", abstract: "(not yet implemented)")

    func run() throws {
        printError("nnc build: not implemented yet")
        throw CommandFailure(code: Exit.usage)
    }
}
