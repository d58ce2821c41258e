import Foundation
import NNCDiagnostics
import NNCSpec

/// A finished run folder read back (`nnc report`, `nnc export`): its summary,
/// its resolved spec, and where each fit's files are.
public struct TrainedRun {
    public var folder: String
    public var summary: RunSummary
    /// `spec.resolved.yaml`, decoded with data paths resolved against the folder
    /// of the spec that was trained.
    public var spec: Spec
    /// The text of `spec.resolved.yaml`.
    public var resolvedSpec: String
    /// One folder per fit that is a member of the run's results: the run
    /// folder itself for a single fit, else `replica_NNN/` of each complete
    /// replica (finished or stopped early). `summary.replicas` lists the same
    /// fits. A run with no complete fit keeps the fits that wrote weights
    /// (interrupted ones), so an interrupted run can still be looked at.
    public var fitFolders: [String]

    /// Reads `folder`; every problem is `E0731` naming the file.
    public static func load(folder: String) throws -> TrainedRun {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        guard fm.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw failure(folder, "'\(folder)' is not a folder", "give the --out folder of nnc train, such as runs/<name>/")
        }
        // One replica's folder: the run around it, restricted to that replica.
        let parent = URL(fileURLWithPath: folder).deletingLastPathComponent().path
        let base = URL(fileURLWithPath: folder).lastPathComponent
        if base.hasPrefix("replica_"), !fm.fileExists(atPath: folder + "/spec.resolved.yaml"),
           fm.fileExists(atPath: parent + "/spec.resolved.yaml") {
            var run = try load(folder: parent)
            guard let k = run.fitFolders.firstIndex(where: { URL(fileURLWithPath: $0).lastPathComponent == base }) else {
                throw failure(folder, "'\(folder)' is not one of the replicas of the run '\(parent)'", "its summary.json lists replicas 0 to \(run.fitFolders.count - 1)")
            }
            run.fitFolders = [folder]
            run.summary.replicas = [run.summary.replicas[k]]
            return run
        }
        let summaryPath = folder + "/summary.json"
        guard let data = fm.contents(atPath: summaryPath) else {
            throw failure(summaryPath, "'\(folder)' is not a finished run: it has no summary.json",
                          "nnc train writes summary.json when a run ends; finish an interrupted run with nnc train SPEC --resume")
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let summary: RunSummary
        do {
            summary = try decoder.decode(RunSummary.self, from: data)
        } catch {
            throw failure(summaryPath, "'\(summaryPath)' is not the summary of a run", "it should be the file nnc train wrote; train again to rewrite it")
        }
        let resolvedPath = folder + "/spec.resolved.yaml"
        guard let resolved = try? String(contentsOfFile: resolvedPath, encoding: .utf8) else {
            throw failure(resolvedPath, "'\(folder)' has no readable spec.resolved.yaml", "nnc train writes it when a run starts")
        }
        // Decoded as if it stood beside the trained spec, so data paths resolve as they did.
        let asIf = summary.spec ?? resolvedPath
        let decoded = SpecLoader.decode(text: resolved, path: asIf, sources: SourceManager())
        guard let spec = decoded.spec else {
            var notes = decoded.diagnostics.filter { $0.severity == .error }.prefix(3).map { DiagnosticNote("\($0.code): \($0.message)") }
            notes.append(DiagnosticNote("data paths in it are read relative to '\(URL(fileURLWithPath: asIf).deletingLastPathComponent().path)'; if the data moved, put it back or train again"))
            throw TrainError(Diagnostic(.runUnreadable, span: .wholeFile(resolvedPath), message: "cannot read the spec of the run '\(resolvedPath)'", notes: notes))
        }
        var run = summary
        let kept = Self.members(summary)
        guard !kept.isEmpty else {
            throw failure(summaryPath, "'\(folder)' has no fit with weights: " + summary.replicas.map { "\(Fit.replicaFolderName($0.replica)) \($0.status.text)" }.joined(separator: ", "),
                          summary.replicas.allSatisfy { $0.status == .failed }
                              ? "every fit failed (summary.json says why): fix the spec and train again with --force"
                              : "finish the run with nnc train SPEC --resume --out \(folder)")
        }
        run.replicas = kept
        let fits = summary.replicas.count > 1 ? kept.map { folder + "/" + Fit.replicaFolderName($0.replica) } : [folder]
        return TrainedRun(folder: folder, summary: run, spec: spec, resolvedSpec: resolved, fitFolders: fits)
    }

    /// The fits of `summary` that are members of the run's results: the
    /// complete ones, or, when none is, those that wrote weights.
    public static func members(_ summary: RunSummary) -> [FitSummary] {
        let complete = summary.complete
        return complete.isEmpty ? summary.replicas.filter { $0.weights != "none" && $0.status != .failed } : complete
    }

    /// The member replicas of the run in `folder` by its `summary.json`
    /// (`members`); nil when the folder has no readable summary.
    public static func memberReplicas(folder: String) -> [Int]? {
        RunSummary.read(RunSummary.self, path: folder + "/summary.json").map { Self.members($0).map(\.replica) }
    }

    /// Each fit's `weights.safetensors`, in replica order; a missing one is `E0717`.
    public func weightFiles() throws -> [String] {
        try Prediction.weightFiles(fitFolders)
    }

    /// Each fit's `metrics.csv`, read.
    public func metrics() throws -> [[EpochMetrics]] {
        try fitFolders.map { try MetricsLog.read(path: $0 + "/metrics.csv") }
    }

    static func failure(_ path: String, _ message: String, _ note: String) -> TrainError {
        TrainError(Diagnostic(.runUnreadable, span: .wholeFile(path), message: message, notes: [DiagnosticNote(note)]))
    }
}
