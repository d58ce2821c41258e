import Foundation
import NNCDiagnostics
import NNCVocabulary

/// Everything a run needs to continue exactly where it stopped, stored as one
/// safetensors file (`checkpoint.safetensors`):
///
/// - tensors `<layer>.weight` / `<layer>.bias`: the current weights;
///   `moment1.<…>`, `moment2.<…>`: the optimiser's moment slabs (as many as
///   the optimiser keeps); `best.<…>`: the weights of the best validation epoch;
/// - metadata: `format` (`nnc-checkpoint`), `format_version`, the run's
///   identity (`spec`, `data_files`, `plan_hash`: see `RunIdentity`),
///   `optimizer`, `moments`, `epoch` (epochs completed), `batch` and
///   `partial_loss` (steps taken into the next epoch, and their summed loss,
///   for a checkpoint inside a long epoch), `step` (optimiser steps taken),
///   `best_epoch`, `best_loss`, `epochs_since_best`, `best_accuracy`
///   (classifiers), `elapsed_seconds`, `replica`, `rng.<name>` for each
///   generator state (four 64-bit words in hex, comma-separated), and for a
///   plateau learning-rate schedule `lr_rate`, `lr_best` and
///   `lr_epochs_since_best`.
///
/// Floating-point metadata is written in Swift's shortest round-trip form, so a
/// resumed run compares against exactly the same best loss.
public struct Checkpoint: Sendable, Equatable {
    public static let format = "nnc-checkpoint"
    public static let formatVersion = 2

    public var identity: RunIdentity
    public var optimizer: String
    /// Epochs completed.
    public var epoch: Int
    /// Steps taken into epoch `epoch + 1` (a checkpoint inside a long epoch; 0 at an epoch's end).
    public var batch: Int = 0
    /// Those steps' losses summed, each weighted by its batch's size.
    public var partialLoss: Double = 0
    /// Optimiser steps taken in all.
    public var step: Int
    /// The parameter slab.
    public var parameters: [Float]
    /// The optimiser's moment slabs, first then second.
    public var moments: [[Float]]
    /// The weights of the best validation epoch (nil before any validation).
    public var bestParameters: [Float]?
    public var stopping: EarlyStopping
    public var generators: [String: [UInt64]]
    public var elapsedSeconds: Double
    public var replica: Int
    /// A plateau schedule's state after `epoch` epochs; nil for other rates.
    public var schedule: LearningRateSchedule.State?

    public init(
        identity: RunIdentity, optimizer: String, epoch: Int, batch: Int = 0, partialLoss: Double = 0, step: Int,
        parameters: [Float], moments: [[Float]], bestParameters: [Float]?, stopping: EarlyStopping,
        generators: [String: [UInt64]], elapsedSeconds: Double, replica: Int
    ) {
        self.identity = identity
        self.optimizer = optimizer
        self.epoch = epoch
        self.batch = batch
        self.partialLoss = partialLoss
        self.step = step
        self.parameters = parameters
        self.moments = moments
        self.bestParameters = bestParameters
        self.stopping = stopping
        self.generators = generators
        self.elapsedSeconds = elapsedSeconds
        self.replica = replica
    }

    /// The checkpoint as a safetensors file in `layout`'s tensor names.
    public func file(layout: ParameterLayout) -> SafeTensors {
        var tensors = layout.tensors(of: parameters)
        for (i, m) in moments.enumerated() {
            tensors += layout.tensors(of: m, prefix: "moment\(i + 1).")
        }
        if let bestParameters {
            tensors += layout.tensors(of: bestParameters, prefix: "best.")
        }
        var meta: [String: String] = [
            "format": Self.format,
            "format_version": String(Self.formatVersion),
            "optimizer": optimizer,
            "moments": String(moments.count),
            "epoch": String(epoch),
            "batch": String(batch),
            "partial_loss": "\(partialLoss)",
            "step": String(step),
            "best_epoch": String(stopping.bestEpoch),
            "best_loss": "\(stopping.bestLoss)",
            "epochs_since_best": String(stopping.epochsSinceBest),
            "elapsed_seconds": "\(elapsedSeconds)",
            "replica": String(replica),
        ]
        meta.merge(identity.metadata) { a, _ in a }
        if let a = stopping.bestAccuracy { meta["best_accuracy"] = "\(a)" }
        if let schedule {
            meta["lr_rate"] = "\(schedule.rate)"
            meta["lr_best"] = "\(schedule.best)"
            meta["lr_epochs_since_best"] = String(schedule.epochsSinceBest)
        }
        for (name, words) in generators {
            meta["rng." + name] = words.map { String($0, radix: 16) }.joined(separator: ",")
        }
        return SafeTensors(tensors: tensors, metadata: meta)
    }

    /// Writes the checkpoint atomically: a reader (or a crash) sees the old
    /// file or the new one, never a torn one.
    public func write(to path: String, layout: ParameterLayout) throws {
        try file(layout: layout).write(to: path)
    }

    /// Reads a checkpoint and checks it belongs to this run: the same spec
    /// fields, data files and plan (`identity`), optimiser, moment count and
    /// tensors. `stopping` supplies the run's patience and min_delta; the file
    /// supplies the best-so-far state.
    public static func read(
        path: String, layout: ParameterLayout, identity: RunIdentity, optimizer: String, moments: Int,
        stopping: EarlyStopping
    ) throws -> Checkpoint {
        let file = try SafeTensors.read(path: path)
        return try decode(file, path: path, layout: layout, identity: identity, optimizer: optimizer, moments: moments, stopping: stopping)
    }

    static let resumeHelp = "resume only with the spec and data that wrote the checkpoint; or start over with --force, or from its weights with --init"

    /// Why the checkpoint(s) at `paths`, whose metadata is `metadata`, cannot
    /// continue a run of `identity`; nil when they can. One diagnostic for
    /// all of a run's checkpoints: the fields that differ, old and new.
    public static func mismatch(_ metadata: [String: String], paths: [String], identity: RunIdentity) -> Diagnostic? {
        let path = paths.first ?? "checkpoint.safetensors"
        // RUN/replica_NNN/checkpoint.safetensors: the run is the path less its last two parts.
        let run = path.split(separator: "/", omittingEmptySubsequences: false).dropLast(2).joined(separator: "/")
        let which = paths.count > 1 ? "the \(paths.count) checkpoints of '\(run.isEmpty ? "." : run)'" : "'\(path)'"
        func failure(_ message: String, _ notes: [String]) -> Diagnostic {
            Diagnostic(.checkpointMismatch, span: .wholeFile(path), message: message,
                       notes: (notes + [resumeHelp]).map { DiagnosticNote($0) })
        }
        guard metadata["format"] == format else {
            return failure("\(which) is not an nnc checkpoint (its metadata has no format '\(format)')",
                           ["a weights file can start a run with --init, not --resume"])
        }
        guard let version = metadata["format_version"].flatMap(Int.init), (1...formatVersion).contains(version) else {
            return failure("\(which) is a checkpoint of format version \(metadata["format_version"] ?? "?"); this nnc reads versions 1 to \(formatVersion)", [])
        }
        let recorded = RunIdentity(metadata: metadata)
        if version == 1 || recorded.fields.isEmpty {
            // Format 1 recorded the plan's hash alone.
            guard recorded.planHash == identity.planHash else {
                return failure("\(which) was written for a different plan (by an older nnc, which recorded no spec fields to compare)",
                               ["the network, loss, optimiser, batch size or data size changed since the checkpoint was written"])
            }
            return nil
        }
        let differences = identity.differences(from: recorded)
        if !differences.isEmpty {
            let files = differences.filter { $0.field.hasPrefix("data file ") }.count
            let fields = differences.count - files
            let what = [fields > 0 ? "\(fields) field\(fields == 1 ? "" : "s")" : nil,
                        files > 0 ? "\(files) data file\(files == 1 ? "" : "s")" : nil].compactMap { $0 }.joined(separator: " and ")
            return failure(
                "\(which) \(paths.count > 1 ? "were" : "was") written for a different spec: \(what) differ\(differences.count == 1 ? "s" : "")",
                differences.map { d in
                    "\(d.field): \(d.old ?? "(absent)") in the checkpoint, \(d.new ?? "(absent)") now"
                })
        }
        guard recorded.planHash == identity.planHash else {
            return failure("\(which) was written for a different plan, though every spec field and data file agrees",
                           ["the checkpoint was written by another version of nnc, which lowers this spec differently"])
        }
        return nil
    }

    public static func decode(
        _ file: SafeTensors, path: String, layout: ParameterLayout, identity: RunIdentity, optimizer: String,
        moments momentCount: Int, stopping: EarlyStopping
    ) throws -> Checkpoint {
        let meta = file.metadata
        func mismatch(_ message: String, _ notes: [String] = []) -> TrainError {
            TrainError(Diagnostic(
                .checkpointMismatch, span: .wholeFile(path), message: message,
                notes: (notes + [resumeHelp]).map { DiagnosticNote($0) }))
        }
        if let problem = Self.mismatch(meta, paths: [path], identity: identity) { throw TrainError(problem) }
        if meta["optimizer"] != optimizer || meta["moments"] != String(momentCount) {
            throw mismatch("'\(path)' holds the state of optimizer '\(meta["optimizer"] ?? "?")' with \(meta["moments"] ?? "?") moment slabs; this run uses '\(optimizer)' with \(momentCount)")
        }
        func int(_ key: String) throws -> Int {
            guard let s = meta[key], let v = Int(s), v >= 0 else {
                throw mismatch("'\(path)' has no valid '\(key)' in its metadata", ["the file may have been edited or written by another tool"])
            }
            return v
        }
        func double(_ key: String) throws -> Double {
            guard let s = meta[key], let v = Double(s) else {
                throw mismatch("'\(path)' has no valid '\(key)' in its metadata", ["the file may have been edited or written by another tool"])
            }
            return v
        }
        var generators: [String: [UInt64]] = [:]
        for (key, value) in meta where key.hasPrefix("rng.") {
            let words = value.split(separator: ",").compactMap { UInt64($0, radix: 16) }
            guard words.count == 4, words.contains(where: { $0 != 0 }) else {
                throw mismatch("'\(path)' has an unreadable generator state '\(key)'")
            }
            generators[String(key.dropFirst(4))] = words
        }

        // Every tensor is either a weight, a moment or a best weight: check each group.
        let known = ["moment1.", "moment2.", "best."]
        let plain = SafeTensors(tensors: file.tensors.filter { t in !known.contains { t.name.hasPrefix($0) } })
        let parameters = try layout.load(from: plain, path: path)
        var moments: [[Float]] = []
        for i in 0..<momentCount {
            moments.append(try layout.load(from: file, path: path, prefix: "moment\(i + 1)."))
        }
        let extra = file.tensors.filter { t in
            (momentCount < 2 && t.name.hasPrefix("moment2.")) || (momentCount < 1 && t.name.hasPrefix("moment1."))
        }
        if let t = extra.first {
            throw mismatch("'\(path)' has optimiser state '\(t.name)' that this run's optimizer does not keep")
        }
        var best: [Float]?
        if file.tensors.contains(where: { $0.name.hasPrefix("best.") }) {
            best = try layout.load(from: file, path: path, prefix: "best.")
        }
        var stop = stopping
        stop.bestEpoch = try int("best_epoch")
        stop.bestLoss = try double("best_loss")
        stop.epochsSinceBest = try int("epochs_since_best")
        stop.bestAccuracy = meta["best_accuracy"] == nil ? nil : try double("best_accuracy")
        var c = Checkpoint(
            identity: identity, optimizer: optimizer, epoch: try int("epoch"),
            batch: meta["batch"] == nil ? 0 : try int("batch"), partialLoss: meta["partial_loss"] == nil ? 0 : try double("partial_loss"),
            step: try int("step"),
            parameters: parameters, moments: moments, bestParameters: best, stopping: stop,
            generators: generators, elapsedSeconds: try double("elapsed_seconds"), replica: try int("replica"))
        if meta["lr_rate"] != nil {
            c.schedule = LearningRateSchedule.State(
                rate: try double("lr_rate"), best: try double("lr_best"), epochsSinceBest: try int("lr_epochs_since_best"))
        }
        return c
    }
}
