import Foundation
import NNCDiagnostics
import NNCSpec

/// The run folder (`runs/<name>/` or `--out DIR`): its name, its creation,
/// and what a new training may do with what is already in it.
///
/// A folder holding a checkpoint belongs to a run: training into it again
/// continues that run (`--resume`) or replaces it (`--force`), never silently
/// overwrites it; `--resume` needs a checkpoint to continue from.
public enum RunFolder {
    /// The file each fit's state is kept in.
    public static let checkpointFile = "checkpoint.safetensors"

    /// Letters, digits, `.`, `-` and `_` of a spec name; anything else becomes `_`.
    public static func safeName(_ name: String) -> String {
        let safe = String(name.unicodeScalars.map { s -> Character in
            s.isASCII && (CharacterSet.alphanumerics.contains(s) || "-_.".unicodeScalars.contains(s)) ? Character(s) : "_"
        })
        return safe.isEmpty || safe.allSatisfy { $0 == "." } ? "run" : safe
    }

    /// Creates `path` and its parents; a failure is E0716.
    public static func create(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw TrainError(Diagnostic(
                .cannotWriteOutput, span: .wholeFile(path), message: "cannot create the run folder '\(path)': \(DataFile.reason(error))",
                notes: [DiagnosticNote("choose a writable folder with --out")]))
        }
    }

    /// The replica folders in `folder` (`replica_000`, …), sorted.
    static func replicaFolders(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasPrefix("replica_") && $0.dropFirst(8).allSatisfy(\.isNumber) }
            .sorted()
    }

    /// Every checkpoint in `folder`: the single fit's and each replica's.
    public static func checkpoints(_ folder: String) -> [String] {
        let fm = FileManager.default
        var out: [String] = []
        if fm.fileExists(atPath: folder + "/" + checkpointFile) { out.append(folder + "/" + checkpointFile) }
        for r in replicaFolders(folder) where fm.fileExists(atPath: folder + "/" + r + "/" + checkpointFile) {
            out.append(folder + "/" + r + "/" + checkpointFile)
        }
        return out
    }

    /// Checks what a new training may do with `folder` and makes it so:
    /// - `resume`: it must hold a checkpoint (E0717), and every checkpoint must
    ///   have been written for `identity` (one E0714 naming the fields that differ);
    /// - otherwise a checkpoint in it is refused (E0723) unless `force`, which
    ///   removes the earlier run's files.
    public static func prepare(_ folder: String, resume: Bool, force: Bool, identity: RunIdentity) throws {
        let found = checkpoints(folder)
        if resume {
            guard !found.isEmpty else {
                var notes = ["resume with the --out folder of the run that wrote it, or train without --resume"]
                if FileManager.default.fileExists(atPath: folder + "/summary.json") {
                    notes.insert("its summary.json is of a run that stopped before any fit wrote a checkpoint: train it again without --resume", at: 0)
                }
                throw TrainError(Diagnostic(
                    .nothingToTrain, span: .wholeFile(folder + "/" + checkpointFile),
                    message: "--resume found no checkpoint in '\(folder)'", notes: notes.map { DiagnosticNote($0) }))
            }
            try checkIdentity(found, identity: identity)
            return
        }
        guard !found.isEmpty else { return }
        guard force else {
            let epoch = (try? SafeTensors.read(path: found[0]))?.metadata["epoch"]
            let what = found.count == 1
                ? "a checkpoint" + (epoch.map { " (of epoch \($0))" } ?? "")
                : "the checkpoints of \(found.count) replicas"
            throw TrainError(Diagnostic(
                .runFolderHasCheckpoint, span: .wholeFile(found[0]),
                message: "the run folder '\(folder)' holds \(what) of an earlier run; training now would overwrite it",
                notes: [
                    DiagnosticNote("continue that run with --resume (with --epochs N to train beyond its last epoch)"),
                    DiagnosticNote("or start over with --force, which replaces the earlier run's files"),
                    DiagnosticNote("or train into another folder with --out DIR"),
                ]))
        }
        try clear(folder)
    }

    /// One E0714 for all of a run's checkpoints that differ from `identity`
    /// (they normally differ alike: the spec changed once for all replicas).
    static func checkIdentity(_ paths: [String], identity: RunIdentity) throws {
        var first: Diagnostic?
        var alike: [String] = []
        var others = 0
        for path in paths {
            let metadata = try SafeTensors.read(path: path).metadata
            guard let d = Checkpoint.mismatch(metadata, paths: [path], identity: identity) else { continue }
            if first == nil {
                first = d
                alike = [path]
            } else if d.notes == first!.notes {
                alike.append(path)
            } else {
                others += 1
            }
        }
        guard first != nil else { return }
        let metadata = try SafeTensors.read(path: alike[0]).metadata
        var d = Checkpoint.mismatch(metadata, paths: alike, identity: identity)!
        if others > 0 {
            d.notes.insert(DiagnosticNote("\(others) more checkpoint\(others == 1 ? "" : "s") in the folder differ in other ways"), at: d.notes.count - 1)
        }
        throw TrainError(d)
    }

    /// The files nnc writes into a run folder (and into each replica folder).
    static let runFiles = [
        checkpointFile, "weights.safetensors", "metrics.csv", "summary.json", "observables.csv",
        "spec.resolved.yaml", "report.html", "model.onnx",
    ]

    /// Removes an earlier run's files from `folder` (only the files nnc
    /// writes, and folders left empty by that), for `--force`.
    static func clear(_ folder: String) throws {
        let fm = FileManager.default
        func removeFiles(in dir: String) throws {
            for name in runFiles where fm.fileExists(atPath: dir + "/" + name) {
                do {
                    try fm.removeItem(atPath: dir + "/" + name)
                } catch {
                    throw TrainError(Diagnostic(
                        .cannotWriteOutput, span: .wholeFile(dir + "/" + name),
                        message: "--force cannot remove '\(dir)/\(name)' of the earlier run: \(DataFile.reason(error))",
                        notes: [DiagnosticNote("remove the folder by hand, or train into another one with --out DIR")]))
                }
            }
            let figures = dir + "/figures"
            for svg in ((try? fm.contentsOfDirectory(atPath: figures)) ?? []) where svg.hasSuffix(".svg") {
                try? fm.removeItem(atPath: figures + "/" + svg)
            }
            if (try? fm.contentsOfDirectory(atPath: figures))?.isEmpty == true { try? fm.removeItem(atPath: figures) }
        }
        try removeFiles(in: folder)
        for r in replicaFolders(folder) {
            try removeFiles(in: folder + "/" + r)
            if (try? fm.contentsOfDirectory(atPath: folder + "/" + r))?.isEmpty == true { try? fm.removeItem(atPath: folder + "/" + r) }
        }
    }
}
