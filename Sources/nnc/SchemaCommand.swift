import ArgumentParser

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "schema", abstract: "(not yet implemented)")

    func run() throws {
        printError("nnc schema: not implemented yet")
        throw CommandFailure(code: Exit.usage)
    }
}
