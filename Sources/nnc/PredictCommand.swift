import ArgumentParser
import Foundation
import NNCDiagnostics
import NNCLowering
import NNCPlan
import NNCSpec
import NNCTrain

struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Run a trained network on new inputs.",
        discussion: """
            Reads the input columns SPEC names (raw columns; derived inputs such \
            as log(x) are computed) from IN.csv, runs the network with the given \
            weights, and writes OUT.csv with a header of the output names and one \
            line per input line.

            --weights takes a weights.safetensors file or a run folder, and may be \
            given several times. With several sets of weights (a run folder with \
            replica_*/ folders gives one per replica) the output is the ensemble \
            mean, followed by a <name>_std column per output: the standard \
            deviation over the members.

            Exit status: 0 written, 1 the spec, weights or inputs have errors, 2 \
            usage or I/O error.
            """)

    @Argument(help: "The spec the weights were trained with (YAML).")
    var spec: String

    @Option(name: .customLong("weights"), help: ArgumentHelp("A weights.safetensors file or a run folder; repeat for an ensemble.", valueName: "FILE|DIR"))
    var weights: [String] = []

    @Option(name: .customLong("input"), help: ArgumentHelp("The inputs: a CSV file with a header naming the input columns.", valueName: "IN.csv"))
    var input: String

    @Option(name: .customLong("output"), help: ArgumentHelp("Where to write the predictions (- for standard output).", valueName: "OUT.csv"))
    var output: String

    func validate() throws {
        if weights.isEmpty { throw ValidationError("give the trained weights with --weights FILE (or a run folder)") }
    }

    func run() throws {
        let loaded = try CLI.loadSpec(spec)
        let sources = loaded.sources
        do {
            let files = try Prediction.weightFiles(weights)
            let data = try Prediction.inputs(spec: loaded.spec, path: input, sources: sources)
            let members = try Prediction.members(spec: loaded.spec, weightFiles: files, data: data)
            let (mean, std) = Prediction.ensemble(members)
            let text = Prediction.csv(outputs: loaded.spec.outputs.names, count: data.count, mean: mean, std: std)
            if output == "-" {
                print(text, terminator: "")
            } else {
                try AtomicFile.write(text, to: output)
            }
        } catch let e as TrainError {
            CLI.report(e.diagnostics, sources: sources)
            let ioOnly = e.diagnostics.allSatisfy { ["E0701", "E0716"].contains($0.code) }
            throw CommandFailure(code: ioOnly ? Exit.usage : Exit.inputErrors)
        }
    }
}
