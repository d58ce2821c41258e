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
            weights, and writes OUT.csv with one line per input line: the input \
            columns as read, then the outputs (a header names them). \
            --no-inputs writes the outputs only.

            --weights takes a weights.safetensors file or a run folder, and may be \
            given several times. With several sets of weights (a run folder with \
            replica_*/ folders gives one per replica) the output is the ensemble \
            mean, followed by a <name>_std column per output: the standard \
            deviation over the members.

            With --observables (a spec with `data.observables`), no input file is \
            read: every observable is computed from the weights (the network on \
            its grid, through its FK table) and written one line a data point: \
            set, point (its row in the data files), data, sigma, theory (the \
            ensemble mean), theory_std with several members, and truth for \
            closure pseudo-data.

            --seed N is accepted for symmetry with `nnc train --seed N` (a seed \
            sweep's script can pass the same flags to both) and changes nothing: \
            a prediction draws no random numbers — dropout is off and no data is \
            fluctuated — so the weights alone decide it. A note says so.

            Exit status: 0 written, 1 the spec, weights or inputs have errors, 2 \
            usage or I/O error.
            """)

    @Argument(help: "The spec the weights were trained with (YAML).")
    var spec: String

    @Option(name: .customLong("weights"), help: ArgumentHelp("A weights.safetensors file or a run folder; repeat for an ensemble.", valueName: "FILE|DIR"))
    var weights: [String] = []

    @Option(name: .customLong("input"), help: ArgumentHelp("The inputs: a CSV file with a header naming the input columns.", valueName: "IN.csv"))
    var input: String?

    @Flag(help: "Compute the spec's observables (through their FK tables) instead of outputs on --input.")
    var observables = false

    @Option(name: .customLong("output"), help: ArgumentHelp("Where to write the predictions (- for standard output).", valueName: "OUT.csv"))
    var output: String

    @Flag(inversion: .prefixedNo, help: "Write the input columns before the outputs.")
    var inputs = true

    @Option(help: ArgumentHelp("Accepted as nnc train takes it; predictions draw no random numbers, so it changes nothing.", valueName: "N"))
    var seed: UInt64?

    func validate() throws {
        if weights.isEmpty { throw ValidationError("give the trained weights with --weights FILE (or a run folder)") }
        if observables && input != nil { throw ValidationError("--observables computes the spec's observables; leave out --input") }
        if !observables && input == nil { throw ValidationError("give the inputs with --input IN.csv (or --observables)") }
    }

    func run() throws {
        let loaded = try CLI.loadSpec(spec)
        let sources = loaded.sources
        if seed != nil {
            printError("note: --seed changes no prediction: dropout is off and nothing random is drawn; the weights decide")
        }
        do {
            let files = try Prediction.weightFiles(weights)
            let text: String
            if let input {
                let raw = try Prediction.rawInputs(spec: loaded.spec, path: input, sources: sources)
                let data = try Prediction.inputs(spec: loaded.spec, raw: raw)
                let members = try Prediction.members(spec: loaded.spec, weightFiles: files, data: data)
                let (mean, std) = Prediction.ensemble(members)
                text = Prediction.csv(
                    inputs: inputs ? raw : nil, outputs: loaded.spec.outputs.names, count: data.count, mean: mean, std: std)
            } else {
                text = try Prediction.observables(spec: loaded.spec, weightFiles: files, sources: sources)
            }
            if output == "-" {
                print(text, terminator: "")
            } else {
                try AtomicFile.write(text, to: output)
            }
        } catch let e as TrainError {
            CLI.report(e.diagnostics, sources: sources)
            let ioOnly = e.diagnostics.allSatisfy { [DiagnosticCode.runDataUnreadable, DiagnosticCode.cannotWriteOutput].contains($0.code) }
            throw CommandFailure(code: ioOnly ? Exit.usage : Exit.inputErrors)
        }
    }
}
