import ArgumentParser
import Foundation
import NNCLowering
import NNCPlan
import NNCSpec
import NNCStudy
import NNCTrain

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Check a spec and lower it to a static plan.",
        discussion: """
            Parses and checks SPEC, lowers it to a plan for its batch size (every \
            buffer of a training step placed in one arena), prints a table of the \
            layers and totals, and writes .nnc/<name>.plan.json in the current \
            directory for `nnc train`.

            With --data, every data file the spec names (training and validation \
            CSVs, a covariance matrix) is read first, as `nnc train` reads it, so \
            a text cell or a wrong separator fails the build instead of the run.

            Exit status: 0 built, 1 the spec has errors (or the plan is over the \
            memory budget), 2 usage or I/O error.
            """)

    enum DumpStage: String, ExpressibleByArgument, CaseIterable {
        case ir, plan
    }

    @Argument(help: "The spec file (YAML).")
    var spec: String

    @Flag(help: "Print the plan as JSON to stdout instead of the table.")
    var json = false

    @Option(help: ArgumentHelp("Print an intermediate stage instead of the table.", valueName: "ir|plan"))
    var dump: DumpStage?

    @Option(name: .customLong("max-memory"),
        help: ArgumentHelp("Refuse a plan whose arena exceeds SIZE (e.g. 512MB, 2GiB, 1000000; default: 75% of physical memory).", valueName: "SIZE"))
    var maxMemory: String?

    @Option(name: .customLong("batch-size"), help: ArgumentHelp("Plan for N rows per batch instead of the spec's batch_size.", valueName: "N"))
    var batchSize: Int?

    @Flag(name: .customLong("no-write"), help: "Do not write the plan file.")
    var noWrite = false

    @Flag(help: "Also read every data file the spec names, as training does.")
    var data = false

    func validate() throws {
        if json && dump != nil { throw ValidationError("--json and --dump print different things; use one of them") }
        if let maxMemory, ByteSize.parse(maxMemory) == nil {
            throw ValidationError("--max-memory expects a size such as 512MB, 2GiB or 1000000, not '\(maxMemory)'")
        }
        if let batchSize, batchSize <= 0 { throw ValidationError("--batch-size must be a positive integer, not \(batchSize)") }
    }

    func run() throws {
        let loaded = try CLI.loadSpec(spec)
        if data {
            let problems = TrainingData.check(spec: loaded.spec, sources: loaded.sources)
            CLI.report(problems, sources: loaded.sources)
            if problems.hasErrors { throw CommandFailure(code: Exit.inputErrors) }
        }
        let options = LoweringOptions(
            mode: .training, batchSize: batchSize, memoryBudget: maxMemory.flatMap(ByteSize.parse))

        if dump == .ir {
            let (graph, diagnostics) = Lowering.graph(loaded.spec, options: options)
            CLI.report(diagnostics, sources: loaded.sources)
            guard let graph else { throw CommandFailure(code: Exit.inputErrors) }
            var text = ""
            if let resolved = CLI.resolvedSpec(loaded.spec), let data = try? PlanFileJSON.pretty(resolved) {
                text += "resolved spec:\n" + data + "\n\n"
            }
            print(text + PlanReport.ir(graph), terminator: "")
        }

        let (plan, diagnostics) = Lowering.lower(loaded.spec, options: options)
        CLI.report(diagnostics, sources: loaded.sources)
        guard let plan else { throw CommandFailure(code: Exit.inputErrors) }

        var written: String?
        if !noWrite {
            let path = PlanFile.path(forName: plan.name)
            let file = PlanFile(
                specPath: spec, sources: PlanFile.digests(of: PlanFile.sourcePaths(of: loaded.spec)),
                spec: CLI.resolvedSpec(loaded.spec), plan: plan)
            do {
                try file.write(to: path)
            } catch {
                throw CLI.ioFailure("cannot write the plan file '\(path)': \(error.localizedDescription)")
            }
            written = path
        }

        if json {
            print(String(decoding: try plan.jsonData(), as: UTF8.self))
        } else if dump == .plan {
            print(PlanReport.placed(plan), terminator: "")
        } else if dump == nil {
            print(PlanReport.table(plan), terminator: "")
            if let schedule = loaded.spec.training.schedule?.value { print("learning rate   " + schedule.summary) }
            if let estimate = StudyEstimate.make(spec: loaded.spec, plan: plan) { print(estimate.text(), terminator: "") }
            if let written { print("plan written to \(written)") }
        }
    }
}

/// Pretty JSON text of a value, for dumps.
enum PlanFileJSON {
    static func pretty(_ value: JSONValue) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try e.encode(value), as: UTF8.self)
    }
}
