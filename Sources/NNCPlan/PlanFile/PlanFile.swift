import Foundation

/// `.nnc/<name>.plan.json`: the plan, the resolved spec and a hash of every
/// file it was built from, so `nnc train` can run it and tell when it is stale.
public struct PlanFile: Codable, Equatable, Sendable {
    public var formatVersion: Int
    /// The spec file as named on the command line.
    public var specPath: String
    /// The spec, every file it includes and every data file it names, with their hashes.
    public var sources: [SourceDigest]
    /// The resolved spec (every default filled in), as the front end renders it; nil if it was not available.
    public var spec: JSONValue?
    public var plan: Plan

    public init(specPath: String, sources: [SourceDigest], spec: JSONValue?, plan: Plan) {
        self.formatVersion = Plan.currentFormatVersion
        self.specPath = specPath
        self.sources = sources
        self.spec = spec
        self.plan = plan
    }

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", specPath = "spec_path", sources, spec, plan
    }

    /// Where `nnc build` writes the plan of a spec named `name`: `<directory>/<name>.plan.json`,
    /// with characters other than letters, digits, `.`, `-` and `_` replaced by `_`.
    public static func path(forName name: String, directory: String = ".nnc") -> String {
        var safe = String(name.unicodeScalars.map { s -> Character in
            let ok = (s.value < 128) && (CharacterSet.alphanumerics.contains(s) || "-_.".unicodeScalars.contains(s))
            return ok ? Character(s) : "_"
        })
        if safe.isEmpty || safe.allSatisfy({ $0 == "." }) { safe = "plan" }
        return (directory as NSString).appendingPathComponent("\(safe).plan.json")
    }

    /// The plan file in `directory` written most recently (for `nnc train` with no
    /// spec), or nil when there is none. Ties in modification time go to the name
    /// that sorts first, so the answer is deterministic.
    public static func latest(directory: String = ".nnc") -> String? {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: directory) else { return nil }
        var best: (path: String, date: Date)?
        for name in names.sorted() where name.hasSuffix(".plan.json") {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let date = (try? fm.attributesOfItem(atPath: path))?[.modificationDate] as? Date else { continue }
            if let b = best, b.date >= date { continue }
            best = (path, date)
        }
        return best?.path
    }

    /// Hashes each file; a file that cannot be read is recorded with an empty hash (always stale).
    public static func digests(of paths: [String]) -> [SourceDigest] {
        paths.map { path in
            guard let data = FileManager.default.contents(atPath: path) else {
                return SourceDigest(path: path, sha256: "", bytes: 0)
            }
            return SourceDigest(path: path, sha256: SHA256.hex(data), bytes: data.count)
        }
    }

    /// The file's JSON: sorted keys, so the same build writes the same bytes.
    public func jsonData() throws -> Data {
        var data = try PlanJSON.encoder(pretty: true).encode(self)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// Writes the file atomically, creating its folder.
    public func write(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try jsonData().write(to: url, options: .atomic)
    }

    public static func load(path: String) throws -> PlanFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PlanFileError.unreadable(path)
        }
        // The header first: a file of another format is told apart from a broken one.
        struct Header: Decodable {
            var formatVersion: Int
            var specPath: String
            enum CodingKeys: String, CodingKey { case formatVersion = "format_version", specPath = "spec_path" }
        }
        if let header = try? PlanJSON.decoder().decode(Header.self, from: data),
           header.formatVersion != Plan.currentFormatVersion {
            throw PlanFileError.version(path, header.formatVersion, specPath: header.specPath)
        }
        do {
            return try PlanJSON.decoder().decode(PlanFile.self, from: data)
        } catch {
            throw PlanFileError.malformed(path, String(describing: error))
        }
    }

    /// The sources whose bytes changed (or that vanished) since the plan was built.
    public func changedSources() -> [String] {
        let now = PlanFile.digests(of: sources.map(\.path))
        return zip(sources, now).filter { $0.0.sha256.isEmpty || $0.0 != $0.1 }.map(\.0.path)
    }

    /// True when any source changed since the plan was built, or the plan's format is old.
    public func isStale() -> Bool {
        formatVersion != Plan.currentFormatVersion || plan.formatVersion != Plan.currentFormatVersion
            || !changedSources().isEmpty
    }
}

/// One file a plan was built from.
public struct SourceDigest: Codable, Equatable, Sendable {
    public var path: String
    /// Lowercase hex SHA-256 of the file's bytes; empty when it could not be read.
    public var sha256: String
    public var bytes: Int

    public init(path: String, sha256: String, bytes: Int) {
        self.path = path
        self.sha256 = sha256
        self.bytes = bytes
    }
}

/// Why a plan file could not be loaded.
public enum PlanFileError: Error, Equatable, CustomStringConvertible {
    case unreadable(String)
    case malformed(String, String)
    /// Another format version; the spec it was built from, to rebuild it.
    case version(String, Int, specPath: String)

    public var description: String {
        switch self {
        case .unreadable(let p): return "cannot read the plan file '\(p)'; run `nnc build SPEC` to write it"
        case .malformed(let p, let why): return "the plan file '\(p)' is not a valid plan (\(why)); run `nnc build SPEC` again"
        case .version(let p, let v, let spec):
            return "the plan file '\(p)' has format \(v), this nnc reads format \(Plan.currentFormatVersion); run `nnc build \(spec)` again"
        }
    }
}
