import Foundation
import NNCDiagnostics

/// Everything a run needs to continue exactly where it stopped, stored as one
/// safetensors file (`checkpoint.safetensors`):
///
/// - tensors `<layer>.weight` / `<layer>.bias`: the current weights;
///   `moment1.<…>`, `moment2.<…>`: the optimiser's moment slabs (as many as
///   the optimiser keeps); `best.<…>`: the weights of the best validation epoch;
/// - metadata: `format` (`nnc-checkpoint`), `format_version`, `plan_hash`,
///   `optimizer`, `moments`, `epoch` (epochs completed), `step` (optimiser
///   steps taken), `best_epoch`, `best_loss`, `epochs_since_best`,
///   `best_accuracy` (classifiers), `elapsed_seconds`, `replica`, and `rng.<name>` for each generator state
///   (four 64-bit words in hex, comma-separated).
///
/// Floating-point metadata is written in Swift's shortest round-trip form, so a
/// resumed run compares against exactly the same best loss.
public struct Checkpoint: Sendable, Equatable {
    public static let format = "nnc-checkpoint"
    public static let formatVersion = 1

    public var planHash: String
    public var optimizer: String
    public var epoch: Int
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

    public init(
        planHash: String, optimizer: String, epoch: Int, step: Int, parameters: [Float], moments: [[Float]],
        bestParameters: [Float]?, stopping: EarlyStopping, generators: [String: [UInt64]],
        elapsedSeconds: Double, replica: Int
    ) {
        self.planHash = planHash
        self.optimizer = optimizer
        self.epoch = epoch
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
            "plan_hash": planHash,
            "optimizer": optimizer,
            "moments": String(moments.count),
            "epoch": String(epoch),
            "step": String(step),
            "best_epoch": String(stopping.bestEpoch),
            "best_loss": "\(stopping.bestLoss)",
            "epochs_since_best": String(stopping.epochsSinceBest),
            "elapsed_seconds": "\(elapsedSeconds)",
            "replica": String(replica),
        ]
        if let a = stopping.bestAccuracy { meta["best_accuracy"] = "\(a)" }
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

    /// Reads a checkpoint and checks it belongs to this run: the same plan
    /// (hash), optimiser, moment count and tensors. `stopping` supplies the
    /// run's patience and min_delta; the file supplies the best-so-far state.
    public static func read(
        path: String, layout: ParameterLayout, planHash: String, optimizer: String, moments: Int,
        stopping: EarlyStopping
    ) throws -> Checkpoint {
        let file = try SafeTensors.read(path: path)
        return try decode(file, path: path, layout: layout, planHash: planHash, optimizer: optimizer, moments: moments, stopping: stopping)
    }

    public static func decode(
        _ file: SafeTensors, path: String, layout: ParameterLayout, planHash: String, optimizer: String,
        moments momentCount: Int, stopping: EarlyStopping
    ) throws -> Checkpoint {
        let meta = file.metadata
        func mismatch(_ message: String, _ notes: [String] = []) -> TrainError {
            TrainError(Diagnostic(
                .checkpointMismatch, span: .wholeFile(path), message: message,
                notes: notes.map { DiagnosticNote($0) } + [DiagnosticNote(
                    "resume only with the spec that wrote the checkpoint; or start over without --resume, or from its weights with --init")]))
        }
        guard meta["format"] == format else {
            throw mismatch("'\(path)' is not an nnc checkpoint (its metadata has no format '\(format)')",
                           ["a weights file can start a run with --init, not --resume"])
        }
        guard meta["format_version"] == String(formatVersion) else {
            throw mismatch("'\(path)' is a checkpoint of format version \(meta["format_version"] ?? "?"); this nnc reads version \(formatVersion)")
        }
        if meta["plan_hash"] != planHash {
            throw mismatch("'\(path)' was written for a different plan (hash \(meta["plan_hash"] ?? "none"), this run's is \(planHash))",
                           ["the network, loss, optimiser, batch size or data size changed since the checkpoint was written"])
        }
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
        return Checkpoint(
            planHash: planHash, optimizer: optimizer, epoch: try int("epoch"), step: try int("step"),
            parameters: parameters, moments: moments, bestParameters: best, stopping: stop,
            generators: generators, elapsedSeconds: try double("elapsed_seconds"), replica: try int("replica"))
    }
}
