/// A spec that a rule's test compiles and checks. `↓` marks where a finding
/// must start (it is removed before the spec is parsed); `files` are extra
/// files (CSV data) written next to the spec. Where it is written in the
/// source is kept, so a failing example points at itself.
public struct RuleExample: Sendable {
    /// The spec text, markers included.
    public var spec: String
    public var files: [String: String]
    public var fileID: String
    public var filePath: String
    public var line: Int

    /// An example written out in full.
    public init(
        spec: String, files: [String: String] = [:],
        fileID: String = #fileID, filePath: String = #filePath, line: Int = #line
    ) {
        self.spec = spec.hasSuffix("\n") ? spec : spec + "\n"
        self.files = files
        self.fileID = fileID
        self.filePath = filePath
        self.line = line
    }

    // MARK: Built from a base spec

    /// The DESIGN §2 example with `old` replaced by `new` (which may carry `↓`).
    /// The text must occur in the base spec; a test checks every example decodes.
    public static func gluon(
        _ old: String, _ new: String, fileID: String = #fileID, filePath: String = #filePath, line: Int = #line
    ) -> RuleExample {
        gluon([(old, new)], fileID: fileID, filePath: filePath, line: line)
    }

    /// The DESIGN §2 example with several replacements applied in order.
    public static func gluon(
        _ edits: [(String, String)], files: [String: String] = [:],
        fileID: String = #fileID, filePath: String = #filePath, line: Int = #line
    ) -> RuleExample {
        var text = BaseSpecs.gluon
        for (old, new) in edits { text = text.replacingFirst(old, with: new) }
        return RuleExample(spec: text, files: files, fileID: fileID, filePath: filePath, line: line)
    }

    /// The CSV classifier base with `old` replaced by `new`, with its data files.
    public static func classifier(
        _ old: String, _ new: String, fileID: String = #fileID, filePath: String = #filePath, line: Int = #line
    ) -> RuleExample {
        classifier([(old, new)], fileID: fileID, filePath: filePath, line: line)
    }

    public static func classifier(
        _ edits: [(String, String)], fileID: String = #fileID, filePath: String = #filePath, line: Int = #line
    ) -> RuleExample {
        var text = BaseSpecs.classifier
        for (old, new) in edits { text = text.replacingFirst(old, with: new) }
        return RuleExample(spec: text, files: BaseSpecs.classifierFiles, fileID: fileID, filePath: filePath, line: line)
    }

    // MARK: Built from sections

    public static let defaultNetwork = """
        layers:
          - {dense: 16, activation: tanh}
          - {dense: 1, activation: linear}
        """

    public static let defaultData = """
        generate:
          truth: "sin(3 * x)"
          x: {linspace: [0, 1], points: 200}
          noise: {absolute: 0.05}
          seed: 1
        validation: {fraction: 0.25, seed: 2}
        """

    public static let defaultTraining = """
        loss: mse
        optimizer: {adam: {learning_rate: 1.0e-3}}
        batch_size: full
        epochs: 5000
        stopping: {patience: 500}
        """

    /// A small valid spec (one input `x`, one output `y`, generated data, adam,
    /// early stopping) with the sections given replaced; each section is the
    /// YAML under its key.
    public init(
        network: String = defaultNetwork,
        data: String = defaultData,
        training: String = defaultTraining,
        inputs: String = "[x]",
        outputs: String = "[y]",
        fileID: String = #fileID, filePath: String = #filePath, line: Int = #line
    ) {
        func block(_ key: String, _ body: String) -> String {
            let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
            return "\(key):\n" + lines.map { $0.isEmpty ? "" : "  \($0)" }.joined(separator: "\n") + "\n"
        }
        self.init(
            spec: "nnc: 1\nname: example\ninputs: \(inputs)\noutputs: \(outputs)\n"
                + block("network", network) + block("data", data) + block("training", training),
            fileID: fileID, filePath: filePath, line: line)
    }

    // MARK: Markers

    /// The marker that says where a finding starts.
    public static let marker: Character = "↓"

    /// The text without markers, and the 1-based line and column (in Unicode
    /// scalars) where each marker stood.
    public var unmarked: (text: String, markers: [(line: Int, column: Int)]) {
        var out = String.UnicodeScalarView()
        var markers: [(line: Int, column: Int)] = []
        var line = 1
        var column = 1
        for scalar in spec.unicodeScalars {
            if Character(scalar) == Self.marker {
                markers.append((line, column))
                continue
            }
            out.append(scalar)
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (String(out), markers)
    }
}

extension String {
    /// The string with the first occurrence of `old` replaced; unchanged when absent.
    func replacingFirst(_ old: String, with new: String) -> String {
        guard let r = range(of: old) else { return self }
        return replacingCharacters(in: r, with: new)
    }
}
