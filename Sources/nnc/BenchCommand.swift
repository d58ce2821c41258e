import ArgumentParser

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "(not yet implemented)")

    func run() throws {
        printError("nnc bench: not implemented yet")
        throw CommandFailure(code: Exit.usage)
    }
}
