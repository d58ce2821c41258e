import Foundation
import Testing

/// `nnc report` and `nnc train --report` end to end: the figures' SVG parsed
/// as XML with their drawn data mapped back and compared with the run's files,
/// and the page rendered in headless Chromium.
@Suite struct ReportCommandTests {
    static let closure = """
        nnc: 1
        name: closure
        inputs: [x, "log(x)"]
        outputs: [y]
        network:
          layers:
            - dense: 6
              activation: tanh
            - dense: 1
              activation: linear
        data:
          generate:
            truth: "x^0.5 * (1 - x)"
            x: {logspace: [1.0e-2, 1], points: 40}
            noise: {absolute: 0.02}
            seed: 3
          validation: {fraction: 0.25, seed: 1}
        training:
          loss: mse
          optimizer: {adam: {learning_rate: 1.0e-2}}
          batch_size: full
          epochs: 40
          stopping: {patience: 15}
          seed: 5
          replicas: 3

        """

    /// A trained run of `spec` in a fresh folder, with its report: (folder, run folder).
    static func trainedRun(_ spec: String = closure, name: String = "closure", files: [String: String] = [:]) throws -> (URL, URL) {
        let dir = try NNCProcess.temporaryDirectory()
        try spec.write(to: dir.appendingPathComponent(name + ".yaml"), atomically: true, encoding: .utf8)
        for (file, text) in files { try text.write(to: dir.appendingPathComponent(file), atomically: true, encoding: .utf8) }
        let r = try NNCProcess.run(["train", name + ".yaml", "--out", "run", "--report"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        return (dir, dir.appendingPathComponent("run"))
    }

    /// One replica's metrics.csv: epoch → (train_loss, val_loss).
    static func metrics(_ url: URL) throws -> [Int: (Double, Double?)] {
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst()
        var out: [Int: (Double, Double?)] = [:]
        for line in lines {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            out[Int(f[0])!] = (Double(f[1])!, Double(f[2]))
        }
        return out
    }

    @Test func trainReportWritesThePageAndFigures() throws {
        let (dir, run) = try Self.trainedRun()
        // A figure an earlier report drew that this one does not is removed;
        // an SVG nnc did not write is left alone.
        let figures = run.appendingPathComponent("figures")
        let stale = figures.appendingPathComponent("observable-gone.svg")
        let own = figures.appendingPathComponent("sketch.svg")
        let learning = try String(contentsOf: figures.appendingPathComponent("learning-curves.svg"), encoding: .utf8)
        try learning.write(to: stale, atomically: true, encoding: .utf8)
        try "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".write(to: own, atomically: true, encoding: .utf8)
        let r = try NNCProcess.run(["report", "run"], in: dir)
        #expect(!FileManager.default.fileExists(atPath: stale.path))
        #expect(FileManager.default.fileExists(atPath: own.path))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "wrote run/report.html and 2 figures in run/figures/\n")
        #expect(r.stderr.isEmpty)
        let page = try String(contentsOf: run.appendingPathComponent("report.html"), encoding: .utf8)
        for needle in ["<h1>closure</h1>", "Learning curves", "The plan (nnc build)", "trained on", "nnc version", "dense_0", "x^0.5 * (1 - x)"] {
            #expect(page.contains(needle), "the page lacks \(needle)")
        }
        // Self-contained: nothing fetched from anywhere.
        for forbidden in ["<script", "src=", "href=\"http", "@import", "url(http", "@font-face"] {
            #expect(!page.contains(forbidden), "the page contains \(forbidden)")
        }
        #expect(page.components(separatedBy: "<svg ").count - 1 == 2)
    }

    @Test func learningCurvesDrawTheRunsMetrics() throws {
        let (_, run) = try Self.trainedRun()
        let figure = try SVGFigure(path: run.appendingPathComponent("figures/learning-curves.svg").path)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("summary.json"))) as? [String: Any])
        let fits = try #require(summary["replicas"] as? [[String: Any]])
        #expect(fits.count == 3)
        let metrics = try (0..<3).map { try Self.metrics(run.appendingPathComponent(String(format: "replica_%03d/metrics.csv", $0))) }

        let panels = figure.panels
        #expect(panels.map(\.title) == ["training loss", "validation loss"])
        for (p, panel) in panels.enumerated() {
            #expect(panel.y.log)
            let lines = figure.series("replicas", in: panel)
            #expect(lines.count == 3, "one faint line per replica")
            for (r, line) in lines.enumerated() {
                #expect(SVGFigure.int(line, "data-points") == metrics[r].count, "every epoch of replica \(r) is behind its line")
                let drawn = SVGFigure.curvePoints(line, panel: panel)
                #expect(!drawn.isEmpty && drawn.count <= metrics[r].count)
                var worst = 0.0
                for (x, y) in drawn {
                    let epoch = Int(x.rounded())
                    #expect(abs(x - Double(epoch)) < 0.05, "a vertex at epoch \(x)")
                    let row = try #require(metrics[r][epoch])
                    let value = try #require(p == 0 ? row.0 : row.1)
                    worst = max(worst, abs(y - value) / value)
                }
                #expect(worst < 3e-3, "the drawn losses are the metrics (worst relative difference \(worst))")
            }
            #expect(figure.series("median " + panel.title, in: panel).count == 1)
        }
        // Each replica's best epoch is marked at its best validation loss.
        let best = try #require(figure.series("best epoch", in: panels[1]).first)
        let marked = SVGFigure.markerPoints(best, panel: panels[1])
        #expect(marked.count == 3)
        for (fit, (x, y)) in zip(fits, marked) {
            #expect(Int(x.rounded()) == fit["best_epoch"] as? Int)
            let loss = try #require(fit["best_val_loss"] as? Double)
            #expect(abs(y - loss) / loss < 1e-3)
        }
        // The stopping window: shaded, patience wide, ending at the last epoch.
        let spans = figure.elements("rect", where: "class", is: "span", in: panels[1].element)
        #expect(!spans.isEmpty)
    }

    @Test func fitFigureDrawsTheDataTheBandAndTheTruth() throws {
        let (_, run) = try Self.trainedRun()
        let figure = try SVGFigure(path: run.appendingPathComponent("figures/fit-y.svg").path)
        try #require(figure.panels.count == 2)
        let (main, pulls) = (figure.panels[0], figure.panels[1])
        #expect(main.x.log, "logspace data gets a log axis")
        let training = try #require(figure.series("training data", in: main).first)
        let validation = try #require(figure.series("validation data", in: main).first)
        #expect(SVGFigure.int(training, "data-points") == 30)
        #expect(SVGFigure.int(validation, "data-points") == 10)
        // The data points sit at the generated x values: 40 log-spaced from 0.01 to 1.
        let grid = (0..<40).map { pow(10, -2 + 2 * Double($0) / 39) }
        for (x, _) in SVGFigure.markerPoints(training, panel: main) {
            #expect(grid.contains { abs($0 - x) / $0 < 2e-3 }, "a training point at x = \(x)")
        }
        let mean = try #require(figure.series("replica mean", in: main).first)
        #expect(SVGFigure.int(mean, "data-points") == 400, "the fit is drawn on a fine grid")
        #expect(figure.series("68% of replicas", in: main).count == 1)
        // The truth curve is the generating expression.
        let truth = try #require(figure.series("truth", in: main).first)
        for (x, y) in SVGFigure.curvePoints(truth, panel: main) {
            #expect(abs(y - pow(x, 0.5) * (1 - x)) < 0.01)
        }
        #expect(pulls.title == "")
        #expect(figure.series("pull of training data", in: pulls).count == 1)
    }

    @Test func classifierReportHasAConfusionMatrix() throws {
        // Three well-separated classes in two inputs.
        var csv = "a,b,c0,c1,c2\n"
        for i in 0..<90 {
            let k = i % 3
            let (a, b) = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0)][k]
            csv += "\(a + 0.1 * sin(Double(i))),\(b + 0.1 * cos(Double(i))),\(k == 0 ? 1 : 0),\(k == 1 ? 1 : 0),\(k == 2 ? 1 : 0)\n"
        }
        let spec = """
            nnc: 1
            name: classes
            inputs: [a, b]
            outputs: [c0, c1, c2]
            network:
              layers:
                - dense: 8
                  activation: relu
                - dense: 3
                  activation: softmax
            data:
              train: {csv: classes.csv}
              validation: {fraction: 0.3, seed: 2}
            training:
              loss: categorical_crossentropy
              optimizer: {adam: {learning_rate: 3.0e-2}}
              batch_size: 16
              epochs: 30
              seed: 1

            """
        let (_, run) = try Self.trainedRun(spec, name: "classes", files: ["classes.csv": csv])
        let figure = try SVGFigure(path: run.appendingPathComponent("figures/confusion.svg").path)
        let cells = figure.elements("rect", where: "data-value", in: figure.series("counts", in: figure.panels[0]).first!)
        #expect(cells.count == 9)
        let total = cells.compactMap { SVGFigure.attr($0, "data-value").flatMap(Double.init) }.reduce(0, +)
        #expect(total == 27, "every validation point is counted once")
        let bars = try #require(figure.series("accuracy per class", in: figure.panels[1]).first)
        #expect(SVGFigure.int(bars, "data-points") == 3)
        let curves = try SVGFigure(path: run.appendingPathComponent("figures/learning-curves.svg").path)
        #expect(curves.panels.map(\.title).contains("accuracy"))
    }

    @Test func pageRendersInChromium() throws {
        guard let chromium = Tools.find("NNC_CHROMIUM", fallback: ["/usr/bin/chromium", "/usr/bin/chromium-browser"],
                                        what: "Chromium", install: "apt-get install chromium"),
              let python = Tools.find("NNC_PYTHON", fallback: ["/usr/bin/python3", "/usr/local/bin/python3"],
                                      what: "python3 (reads the screenshot)", install: "apt-get install python3")
        else { return }
        let (dir, run) = try Self.trainedRun()
        let shot = dir.appendingPathComponent("page.png").path
        let r = try Tools.run(chromium, [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
            "--user-data-dir=" + dir.appendingPathComponent("chromium-profile").path,
            "--window-size=1000,1800", "--screenshot=" + shot, "file://" + run.appendingPathComponent("report.html").path,
        ], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        // The page logs nothing: no script error, no blocked fetch (its CSP forbids any).
        let console = r.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }
        #expect(console.isEmpty, "the page logged: \(console.joined(separator: "\n"))")
        let stats = try Tools.run(python, [NNCProcess.packageRoot.appendingPathComponent("Tests/tools/png_stats.py").path, shot])
        #expect(stats.status == 0, "\(stats.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        #expect(json["width"] as? Int == 1000)
        let inked = try #require(json["inked"] as? Double)
        let colours = try #require(json["colours"] as? Int)
        #expect(inked > 0.03, "the screenshot is nearly blank (\(inked) of its pixels are not white)")
        #expect(colours > 50, "the screenshot has only \(colours) colours")
    }

    @Test func missingRunsAreDiagnostics() throws {
        let dir = try NNCProcess.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("empty"), withIntermediateDirectories: true)
        let r = try NNCProcess.run(["report", "empty"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("error[E0731]: 'empty' is not a finished run: it has no summary.json"))
        let e = try NNCProcess.run(["export", "nowhere"], in: dir)
        #expect(e.status == 1)
        #expect(e.stderr.contains("error[E0731]: 'nowhere' is not a folder"))
    }

    @Test func helpDocumentsTheFlags() throws {
        let r = try NNCProcess.run(["report", "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("--out <FILE>"))
        let t = try NNCProcess.run(["train", "--help"])
        #expect(t.stdout.contains("--report"))
    }
}
