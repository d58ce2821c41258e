import ArgumentParser

struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "predict", abstract: "(not yet implemented)")

    func run() throws {
        printError("nnc predict: not implemented yet")
        throw CommandFailure(code: Exit.usage)
    }
}
