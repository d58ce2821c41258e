import ArgumentParser
import Foundation
import NNCDiagnostics
import NNCReport
import NNCTrain

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a run's report: one HTML page with its figures, and the figures as SVG files.",
        discussion: """
            Reads the run folder that nnc train wrote and writes RUN_DIR/report.html \
            (or --out FILE): one self-contained page (inline SVG and CSS; no script, \
            font or file is fetched, so it opens offline) with the run's facts \
            (spec, machine, time, nnc version), the learning curves of every replica \
            with the median, the best epochs and the stopping window, the fit on a \
            fine grid with the replica band, the data, the truth of generated data \
            and the pulls (one-input fits, or fits along the first input when the \
            others take few values), the confusion matrix of a classifier, the plan \
            table of nnc build and the resolved spec. The same figures are written \
            as RUN_DIR/figures/<name>.svg for papers.

            The network is evaluated on the data as nnc predict does, with the \
            weights of every replica; the data is read (or generated) again from \
            the spec the run recorded.

            Exit status: 0 written, 1 the run's files, spec or data have errors, \
            2 usage or I/O error.
            """)

    @Argument(help: ArgumentHelp("The run folder (the --out folder of nnc train, default runs/<name>/).", valueName: "RUN_DIR"))
    var folder: String

    @Option(name: .customLong("out"), help: ArgumentHelp("Where to write the page (default: RUN_DIR/report.html).", valueName: "FILE"))
    var out: String?

    func run() throws {
        do {
            let written = try Self.write(run: folder, page: out)
            print(Self.summary(written, folder: folder))
        } catch let e as TrainError {
            CLI.report(e.diagnostics, sources: SourceManager())
            throw CommandFailure(code: e.diagnostics.allSatisfy { $0.code == .cannotWriteOutput } ? Exit.usage : Exit.inputErrors)
        }
    }

    /// Reads the run, makes the page and writes it and the figures; the files written.
    static func write(run folder: String, page: String?) throws -> [String] {
        let run = try TrainedRun.load(folder: folder)
        let report = try ReportPage.make(run: run)
        return try report.write(page: page ?? folder + "/report.html", figuresFolder: folder + "/figures")
    }

    /// "wrote runs/x/report.html and 3 figures in runs/x/figures/".
    static func summary(_ written: [String], folder: String) -> String {
        let figures = written.filter { $0.hasSuffix(".svg") }.count
        return "wrote \(written.last ?? "") and \(figures) figure\(figures == 1 ? "" : "s") in \(folder)/figures/"
    }
}
