import ArgumentParser

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "train", abstract: "(not yet implemented)")

    func run() throws {
        printError("nnc train: not implemented yet")
        throw CommandFailure(code: Exit.usage)
    }
}
