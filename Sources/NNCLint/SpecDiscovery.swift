import Foundation

/// Turns the paths given to `nnc lint` into the list of spec files to check.
///
/// - A file is linted as named.
/// - A folder is searched recursively for `*.yaml` / `*.yml` files that have a
///   top-level `nnc:` key (a line starting with `nnc:`), skipping hidden files
///   and folders, the resolved specs a run writes (`*.resolved.yaml`) and
///   network files made for `include:` (see `isSpec`).
/// - A glob pattern (`*`, `?`, `**`, `[...]`) is matched against the files below
///   its literal prefix; matches must have the `nnc:` key too, so a pattern
///   over a folder does not pick up network files meant for `include:`.
///
/// Files are listed in the order the paths were given, each folder's files
/// sorted; a file reached twice is listed once.
public struct SpecDiscovery {
    public struct Result: Sendable {
        /// The spec files, as paths the user would write (relative stays relative).
        public var files: [String]
        /// Paths that do not exist, patterns that matched nothing, unreadable
        /// files: usage or I/O errors, one message each.
        public var problems: [String]
    }

    public var currentDirectory: String
    /// Skip explicitly named files that have no `nnc:` key (for pre-commit,
    /// which passes every changed YAML file).
    public var specsOnly: Bool

    public init(currentDirectory: String, specsOnly: Bool = false) {
        self.currentDirectory = currentDirectory
        self.specsOnly = specsOnly
    }

    public func discover(_ paths: [String]) -> Result {
        var files: [String] = []
        var seen = Set<String>()
        var problems: [String] = []
        func add(_ path: String) {
            let clean = Self.clean(path)
            if seen.insert(PathTools.absolute(clean, in: currentDirectory)).inserted { files.append(clean) }
        }
        for path in paths.isEmpty ? ["."] : paths {
            let absolute = PathTools.absolute(path, in: currentDirectory)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory) {
                if isDirectory.boolValue {
                    for f in walk(path) where Self.hasYAMLExtension(f) && !f.hasSuffix(".resolved.yaml") {
                        if Self.isSpec(PathTools.absolute(f, in: currentDirectory)) { add(f) }
                    }
                } else if !FileManager.default.isReadableFile(atPath: absolute) {
                    problems.append("cannot read '\(path)': permission denied")
                } else if !specsOnly || Self.isSpec(absolute) {
                    add(path)
                }
            } else if GlobPattern.isPattern(path) {
                let pattern = GlobPattern(path)
                let base = pattern.literalPrefix
                let matches = walk(base.isEmpty ? "." : base).filter {
                    pattern.matches($0) && Self.isSpec(PathTools.absolute($0, in: currentDirectory))
                }
                if matches.isEmpty {
                    problems.append("no spec matches '\(path)'")
                }
                matches.forEach(add)
            } else {
                problems.append("no such file or folder: '\(path)'")
            }
        }
        return Result(files: files, problems: problems)
    }

    /// Every regular file below `folder` (not following symbolic links to
    /// folders, skipping hidden entries), as `folder/relative/path`, sorted.
    func walk(_ folder: String) -> [String] {
        let root = PathTools.absolute(folder, in: currentDirectory)
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var out: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = PathTools.name(relative)
            let type = enumerator.fileAttributes?[.type] as? FileAttributeType
            if name.hasPrefix(".") {
                if type == .typeDirectory { enumerator.skipDescendants() }
                continue
            }
            if type == .typeRegular || type == .typeSymbolicLink {
                out.append(folder == "." ? relative : PathTools.join(folder, relative))
            }
        }
        return out.sorted()
    }

    static func hasYAMLExtension(_ path: String) -> Bool {
        path.hasSuffix(".yaml") || path.hasSuffix(".yml")
    }

    /// `./a/b.yaml` → `a/b.yaml`, so paths print as users write them.
    static func clean(_ path: String) -> String {
        var p = Substring(path)
        while p.hasPrefix("./") {
            p = p.dropFirst(2)
            while p.hasPrefix("/") { p = p.dropFirst() }
        }
        return p.isEmpty ? "." : String(p)
    }

    /// Whether the file is a spec: it has a top-level `nnc:` key (a line that
    /// starts with `nnc:`) and some top-level key besides `nnc`, `network` and
    /// `include`; a file with only those is a network file for `include:`,
    /// checked through the specs that include it. A cheap line scan, no YAML
    /// parse. Unreadable files are not specs.
    public static func isSpec(_ path: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path) else { return false }
        return isSpec(text: String(decoding: data, as: UTF8.self))
    }

    static func isSpec(text: String) -> Bool {
        var hasVersion = false
        var hasOther = false
        for var line in text.split(whereSeparator: \.isNewline) {
            if line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
            guard let first = line.unicodeScalars.first, first != " ", first != "\t", first != "#", first != "-",
                let colon = line.firstIndex(of: ":")
            else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            switch key {
            case "nnc": hasVersion = true
            case "network", "include", "---", "...": break
            default: hasOther = true
            }
            if hasVersion && hasOther { return true }
        }
        return false
    }
}
