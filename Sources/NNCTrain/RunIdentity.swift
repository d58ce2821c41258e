import Foundation
import NNCLowering
import NNCPlan
import NNCSpec

/// What a checkpoint records of the training that wrote it, so `--resume` can
/// tell whether it continues the same training and, when not, name what
/// changed: the resolved spec's fields (flattened to dotted paths), a digest
/// of each data file the spec reads, and the plan's hash.
public struct RunIdentity: Sendable, Equatable {
    /// `training.optimizer.adam.learning_rate` → `0.001`: every field of the
    /// resolved spec that decides the weights an epoch ends with.
    public var fields: [String: String] {
        didSet { metadata["spec"] = Self.json(fields) }
    }
    /// Each data file the spec reads (its path as the spec names it, relative
    /// to the spec's folder) → SHA-256 of its bytes.
    public var files: [String: String] {
        didSet { metadata["data_files"] = Self.json(files) }
    }
    /// SHA-256 of the plan: the network, loss, optimiser and batch as lowered.
    public var planHash: String {
        didSet { metadata["plan_hash"] = planHash }
    }
    /// The fields' paths in the spec's order (for messages; not recorded).
    var order: [String] = []
    /// The identity as checkpoint metadata: `spec` (the fields as a JSON
    /// object), `data_files` (path → digest, JSON) and `plan_hash`. Made when
    /// a part is set, not at each checkpoint: Foundation's sorted-key JSON
    /// writer took a fifth of a short replica's CPU time, and the replicas'
    /// threads queued on it (50 replicas of one epoch: 0.93 s → 0.13 s).
    private(set) var metadata: [String: String] = [:]

    public init(fields: [String: String] = [:], files: [String: String] = [:], planHash: String) {
        self.fields = fields
        order = fields.keys.sorted()
        self.files = files
        self.planHash = planHash
        metadata = Self.metadata(fields: fields, files: files, planHash: planHash)
    }

    /// Fields that may change between a checkpoint and its resume: they decide
    /// when training ends, which weights are written or what is checked
    /// afterwards, never the weights of an epoch. A field is free when its
    /// path is one of these or lies below one.
    public static let freeFields = ["name", "training.epochs", "training.stopping.patience", "training.keep", "expect", "hyperopt"]

    /// The identity of training `spec` with the plan of hash `planHash`.
    public init(spec: Spec, planHash: String) {
        let resolved = spec.resolvedFields().filter { !Self.isFree($0.path) }
        order = resolved.map(\.path)
        fields = Dictionary(resolved.map { ($0.path, $0.value) }, uniquingKeysWith: { a, _ in a })
        let folder = spec.sources.first.map { URL(fileURLWithPath: $0).deletingLastPathComponent().standardizedFileURL.path + "/" }
        let own = Set(spec.sources)
        var files: [String: String] = [:]
        for digest in PlanFile.digests(of: PlanFile.sourcePaths(of: spec).filter { !own.contains($0) }) {
            let full = URL(fileURLWithPath: digest.path).standardizedFileURL.path
            let name = folder.map { full.hasPrefix($0) ? String(full.dropFirst($0.count)) : full } ?? full
            files[name] = digest.sha256
        }
        self.files = files
        self.planHash = planHash
        metadata = Self.metadata(fields: fields, files: files, planHash: planHash)
    }

    static func isFree(_ path: String) -> Bool {
        freeFields.contains { path == $0 || path.hasPrefix($0 + ".") || path.hasPrefix($0 + "[") }
    }

    /// One field (or data file) whose value differs.
    public struct Difference: Sendable, Equatable {
        public var field: String
        /// Nil when the checkpoint's run had no such field.
        public var old: String?
        /// Nil when this run has no such field.
        public var new: String?
    }

    /// The fields and data files of `self` (this run) that differ from
    /// `old` (the checkpoint's): fields in the spec's order (fields only the
    /// checkpoint has after them), then data files by path.
    public func differences(from old: RunIdentity) -> [Difference] {
        let known = Set(order)
        let keys = order.filter { fields[$0] != nil } + fields.keys.filter { !known.contains($0) }.sorted()
            + old.fields.keys.filter { fields[$0] == nil }.sorted()
        var out = keys.compactMap { key in
            old.fields[key] == fields[key] ? nil : Difference(field: key, old: old.fields[key], new: fields[key])
        }
        for file in Set(old.files.keys).union(files.keys).sorted() where old.files[file] != files[file] {
            out.append(Difference(field: "data file " + file, old: old.files[file].map { "sha256 " + $0.prefix(12) },
                                  new: files[file].map { "sha256 " + $0.prefix(12) }))
        }
        return out
    }

    public static func == (a: RunIdentity, b: RunIdentity) -> Bool {
        a.fields == b.fields && a.files == b.files && a.planHash == b.planHash
    }

    // MARK: checkpoint metadata

    static func metadata(fields: [String: String], files: [String: String], planHash: String) -> [String: String] {
        ["spec": json(fields), "data_files": json(files), "plan_hash": planHash]
    }

    /// The identity a checkpoint recorded; a checkpoint of format 1 recorded
    /// only the plan hash.
    init(metadata: [String: String]) {
        fields = metadata["spec"].flatMap(Self.decode) ?? [:]
        order = fields.keys.sorted()
        files = metadata["data_files"].flatMap(Self.decode) ?? [:]
        planHash = metadata["plan_hash"] ?? ""
        self.metadata = Self.metadata(fields: fields, files: files, planHash: planHash)
    }

    static func json(_ map: [String: String]) -> String {
        // The identity of a fit without a run folder (a search's trial) has no fields.
        if map.isEmpty { return "{}" }
        let data = (try? JSONSerialization.data(withJSONObject: map, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ text: String) -> [String: String]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: String]
    }
}
