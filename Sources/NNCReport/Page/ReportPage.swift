import Foundation
import NNCDiagnostics
import NNCLowering
import NNCPlan
import NNCTrain

/// The report of a run: one self-contained HTML page (inline SVG and CSS, no
/// script, font or link fetched) and the same figures as SVG files.
public struct ReportPage {
    public var run: TrainedRun
    public var figures: RunFigures
    /// `nnc build`'s plan table of the run's spec.
    public var planTable: String?
    /// When the page was made (written on it).
    public var date: Date

    public init(run: TrainedRun, figures: RunFigures, planTable: String?, date: Date = Date()) {
        self.run = run
        self.figures = figures
        self.planTable = planTable
        self.date = date
    }

    /// Reads the run, computes its figures and its plan.
    public static func make(run: TrainedRun) throws -> ReportPage {
        let figures = try RunFigures.make(run: run)
        let (plan, _) = Lowering.lower(run.spec, options: LoweringOptions(mode: .training))
        return ReportPage(run: run, figures: figures, planTable: plan.map(PlanReport.table))
    }

    /// Every figure of the page, in page order.
    public var allFigures: [Figure] {
        [figures.learningCurves] + figures.distributions + figures.observables + figures.fits + figures.classifier
    }

    /// Writes the page to `path` and each figure to `folder/<id>.svg`; returns the files written.
    public func write(page path: String, figuresFolder folder: String) throws -> [String] {
        var written: [String] = []
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw TrainError(Diagnostic(.cannotWriteOutput, span: .wholeFile(folder), message: "cannot create the figures folder '\(folder)'",
                                        notes: [DiagnosticNote("the report writes its SVG figures into RUN_DIR/figures/; make the run folder writable")]))
        }
        for figure in allFigures {
            let file = folder + "/" + figure.id + ".svg"
            try AtomicFile.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + figure.svg(), to: file)
            written.append(file)
        }
        Self.removeStaleFigures(in: folder, keeping: Set(written))
        try AtomicFile.write(html(), to: path)
        written.append(path)
        return written
    }

    /// Removes the figures an earlier report of this run drew that this one
    /// does not (a data set or output no longer in the spec would otherwise
    /// stay beside the new ones); only SVG files nnc wrote, known by their
    /// `nnc-figure` class, are touched.
    static func removeStaleFigures(in folder: String, keeping: Set<String>) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasSuffix(".svg") {
            let file = folder + "/" + name
            guard !keeping.contains(file), let handle = FileHandle(forReadingAtPath: file) else { continue }
            let head = (try? handle.read(upToCount: 1024)) ?? nil
            try? handle.close()
            guard let head, String(decoding: head, as: UTF8.self).contains("class=\"nnc-figure\"") else { continue }
            try? FileManager.default.removeItem(atPath: file)
        }
    }

    // MARK: HTML

    public func html() -> String {
        let s = run.summary
        let name = html(s.name)
        var page = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            <title>\(name) — nnc report</title>
            <style>\(Self.css)</style>
            </head>
            <body>
            <header><h1>\(name)</h1><p class="sub">nnc report of <code>\(html(run.folder))</code>, made \(html(Self.timestamp(date)))</p></header>
            <nav>\(navigation())</nav>

            """
        page += section("run", "The run", runTable())
        page += section("learning-curves", "Learning curves", figureHTML(figures.learningCurves))
        if !figures.observableStatistics.isEmpty {
            var body = figures.distributions.map(figureHTML).joined()
            body += figures.notes.filter { $0.hasPrefix("No figure of the outputs") }.map { "<p class=\"note\">\(html($0))</p>\n" }.joined()
            body += physicsTable()
            body += figures.observables.map(figureHTML).joined()
            page += section("observables", "The fit to observables", body)
        }
        if !figures.fits.isEmpty || figures.notes.contains(where: { $0.hasPrefix("No fit") }) {
            var body = figures.fits.map(figureHTML).joined()
            body += fitStatisticsTable()
            body += figures.notes.map { "<p class=\"note\">\(html($0))</p>\n" }.joined()
            page += section("fit", "The fit", body)
        }
        if !figures.classifier.isEmpty {
            page += section("classifier", "Classification", figures.classifier.map(figureHTML).joined())
        }
        if let planTable {
            page += section("plan", "The plan (nnc build)", "<pre>\(html(planTable))</pre>\n")
        }
        page += section("spec", "The resolved spec", "<pre>\(html(run.resolvedSpec))</pre>\n")
        page += "<footer>Figures as SVG files: <code>\(html(run.folder))/figures/</code>. Made by nnc \(html(s.nncVersion ?? "")).</footer>\n</body>\n</html>\n"
        return page
    }

    func navigation() -> String {
        var links = [("run", "run"), ("learning-curves", "learning curves")]
        if !figures.observableStatistics.isEmpty { links.append(("observables", "observables")) }
        if !figures.fits.isEmpty { links.append(("fit", "fit")) }
        if !figures.classifier.isEmpty { links.append(("classifier", "classification")) }
        if planTable != nil { links.append(("plan", "plan")) }
        links.append(("spec", "spec"))
        return links.map { "<a href=\"#\($0.0)\">\($0.1)</a>" }.joined(separator: " · ")
    }

    func section(_ id: String, _ title: String, _ body: String) -> String {
        "<section id=\"\(id)\">\n<h2>\(html(title))</h2>\n\(body)</section>\n"
    }

    func figureHTML(_ f: Figure) -> String {
        "<figure id=\"figure-\(f.id)\">\n\(f.svg())<figcaption>\(html(f.caption)) <span class=\"file\">(figures/\(html(f.id)).svg)</span></figcaption>\n</figure>\n"
    }

    func runTable() -> String {
        let s = run.summary
        func loss(_ v: Double?) -> String { v.map { String(format: "%.6g", $0) } ?? "–" }
        var rows: [(String, String)] = [
            ("spec", s.spec ?? "(not recorded)"),
            ("run folder", run.folder),
            ("trained on", s.machine ?? "(not recorded)"),
            ("time", String(format: s.seconds < 1 ? "%.2g s" : "%.1f s", s.seconds)),
            ("nnc version", s.nncVersion ?? "(not recorded)"),
            ("parameters", "\(s.parameters)"),
            ("points", "\(s.trainPoints) training, \(s.validationPoints) validation"),
        ]
        if s.replicas.count > 1 {
            rows.append(("replicas", "\(s.replicas.count)"))
            if let m = s.bestValidationLossMean, let sd = s.bestValidationLossStd {
                rows.append(("best validation loss", "\(loss(m)) ± \(loss(sd)) (mean ± std over replicas)"))
            }
        } else if let r = s.replicas.first {
            rows.append(("epochs", "\(r.epochsRun) (\(Self.reason(r.stopReason)))"))
            if let b = r.bestValidationLoss, let e = r.bestEpoch { rows.append(("best validation loss", "\(loss(b)) at epoch \(e)")) }
            if let a = r.bestValidationAccuracy { rows.append(("validation accuracy", String(format: "%.2f%% at the best epoch", a * 100))) }
        }
        var out = "<table class=\"facts\">\n" + rows.map { "<tr><th>\(html($0.0))</th><td>\(html($0.1))</td></tr>" }.joined(separator: "\n") + "\n</table>\n"
        if s.replicas.count > 1 {
            out += "<table class=\"numbers\">\n<tr><th>replica</th><th>epochs</th><th>best epoch</th><th>best val loss</th><th>final train loss</th><th>stop</th><th>seconds</th></tr>\n"
            for r in s.replicas {
                out += "<tr><td>\(r.replica)</td><td>\(r.epochsRun)</td><td>\(r.bestEpoch.map(String.init) ?? "–")</td><td>\(loss(r.bestValidationLoss))</td><td>\(loss(r.finalTrainLoss))</td><td>\(html(Self.reason(r.stopReason)))</td><td>\(String(format: "%.2f", r.seconds))</td></tr>\n"
            }
            out += "</table>\n"
        }
        return out
    }

    func fitStatisticsTable() -> String {
        let stats = figures.fitStatistics
        guard !stats.isEmpty else { return "" }
        let slices = stats.contains { $0.slice != nil }
        let chi2 = stats.contains { $0.trainingChi2 != nil }
        let coverage = stats.contains { $0.coverage != nil }
        var out = "<table class=\"numbers\">\n<tr><th>output</th>" + (slices ? "<th>at</th>" : "") + "<th>points (train / val)</th>"
        if chi2 { out += "<th>χ²/N training</th><th>χ²/N validation</th>" }
        if coverage { out += "<th>truth within 1σ</th><th>truth within 2σ</th>" }
        out += "</tr>\n"
        func f(_ v: Double?) -> String { v.map { String(format: "%.3f", $0) } ?? "–" }
        func pct(_ v: Double?) -> String { v.map { String(format: "%.0f%%", $0 * 100) } ?? "–" }
        for s in stats {
            out += "<tr><td>\(html(s.output))</td>" + (slices ? "<td>\(html(s.slice ?? ""))</td>" : "") + "<td>\(s.trainingPoints) / \(s.validationPoints)</td>"
            if chi2 { out += "<td>\(f(s.trainingChi2))</td><td>\(f(s.validationChi2))</td>" }
            if coverage { out += "<td>\(pct(s.coverage?.oneSigma))</td><td>\(pct(s.coverage?.twoSigma))</td>" }
            out += "</tr>\n"
        }
        out += "</table>\n"
        var notes: [String] = []
        if chi2 { notes.append("χ²/N compares the replicas' mean with the central data, point by point with the data's uncertainties (1 is the noise level).") }
        let outliers = stats.reduce(0) { $0 + $1.largePulls }
        if outliers > 0 {
            notes.append("\(outliers) point\(outliers == 1 ? " has a pull" : "s have pulls") beyond ±5 and dominate χ²/N: relative noise makes σ vanish where the data is near zero.")
        }
        if coverage { notes.append("Truth within 1σ / 2σ: the share of the fine grid where the truth lies within one / two standard deviations of the replicas' mean (68% / 95% for a faithful fit).") }
        return out + notes.map { "<p class=\"note\">\(html($0))</p>\n" }.joined()
    }

    /// χ²/N per data set, the closure statistics and the constraints' values.
    func physicsTable() -> String {
        func f(_ v: Double?) -> String { v.map { String(format: "%.3f", $0) } ?? "–" }
        var out = "<table class=\"numbers\">\n<tr><th>data set</th><th>points (train / val)</th><th>χ²/N training</th><th>χ²/N validation</th></tr>\n"
        for p in figures.observableStatistics {
            out += "<tr><td>\(html(p.name))</td><td>\(p.trainingPoints) / \(p.validationPoints)</td><td>\(f(p.chi2Training))</td><td>\(f(p.chi2Validation))</td></tr>\n"
        }
        out += "</table>\n<p class=\"note\">χ²/N compares the replicas' mean theory with the central data, with each set's full covariance (its training and validation blocks apart); 1 is the noise level.</p>\n"
        let fits = run.summary.replicas.filter { $0.failed == nil }
        let names = Set(fits.flatMap { $0.constraints?.keys.map { $0 } ?? [] }).sorted()
        if !names.isEmpty {
            out += "<table class=\"numbers\">\n<tr><th>constraint</th><th>mean over replicas</th><th>std</th><th>min</th><th>max</th></tr>\n"
            for name in names {
                let v = fits.compactMap { $0.constraints?[name] }
                let m = v.reduce(0, +) / Double(max(v.count, 1))
                let sd = v.count > 1 ? (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)).squareRoot() : nil
                out += "<tr><td>\(html(name))</td><td>\(String(format: "%.6g", m))</td><td>\(sd.map { String(format: "%.3g", $0) } ?? "–")</td><td>\(String(format: "%.6g", v.min() ?? .nan))</td><td>\(String(format: "%.6g", v.max() ?? .nan))</td></tr>\n"
            }
            out += "</table>\n<p class=\"note\">A sum rule's value is its integral at the replica's best epoch; a positivity constraint's is the smallest value of what it keeps positive.</p>\n"
        }
        if let c = run.summary.closure {
            out += "<table class=\"facts\">\n"
            out += "<tr><th>closure: points, replicas</th><td>\(c.points), \(c.replicas)</td></tr>\n"
            out += "<tr><th>bias</th><td>\(f(c.bias))</td></tr>\n<tr><th>variance</th><td>\(f(c.variance))</td></tr>\n"
            out += "<tr><th>√(bias / variance)</th><td>\(f(c.biasVarianceRatio)) (1 for a faithful fit)</td></tr>\n"
            out += "<tr><th>ξ₁σ</th><td>\(f(c.xi1Sigma)) (0.68 for a faithful fit)</td></tr>\n"
            out += "<tr><th>χ² to the truth</th><td>\(f(c.chi2ToTruth))</td></tr>\n</table>\n"
            out += "<p class=\"note\">The closure statistics of docs/physics.md, over every data point whose truth is known.</p>\n"
        }
        return out
    }

    func html(_ s: String) -> String { SVGWriter.escape(s) }

    static func reason(_ r: StopReason) -> String {
        switch r {
        case .epochs: return "all epochs"
        case .patience: return "stopped by patience"
        case .interrupted: return "interrupted"
        case .nonFiniteLoss: return "diverged"
        case .notStarted: return "not started"
        case .error: return "failed"
        }
    }

    static func timestamp(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return f.string(from: d)
    }

    static let css = """
        body{font-family:"DejaVu Sans","Liberation Sans",Arial,Helvetica,sans-serif;color:#222;background:#fff;max-width:860px;margin:0 auto;padding:16px 20px 40px;line-height:1.45}
        h1{font-size:1.6em;margin:.2em 0 0}h2{font-size:1.25em;border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
        .sub{color:#555;margin:.2em 0 .6em}nav{font-size:.95em;margin-bottom:1em}nav a{color:#0072B2}
        table{border-collapse:collapse;margin:.6em 0;font-size:.92em}th,td{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
        table.numbers td{text-align:right;font-variant-numeric:tabular-nums}table.facts th{background:#f5f5f5;font-weight:600}
        figure{margin:1em 0}figure svg{max-width:100%;height:auto;display:block}figcaption{font-size:.9em;color:#444;margin-top:.3em}
        .file{color:#777}.note{font-size:.9em;color:#444}
        pre{background:#f7f7f7;border:1px solid #e2e2e2;padding:8px 10px;overflow-x:auto;font-size:.82em;line-height:1.35}
        footer{margin-top:2em;font-size:.85em;color:#666}
        """
}
