/// A complete, valid spec used as a rule's example. Only the parts that matter
/// to the rule are written; the rest comes from a small default spec (one input
/// `x`, one output `y`, generated data, adam, early stopping). `↓` marks where
/// a finding must start; it is removed before the spec is parsed.
public struct WarningExample: Sendable {
    /// The spec text, markers included.
    public var text: String
    /// Where the example is written, so a failing example points at its source.
    public var fileID: String
    public var filePath: String
    public var line: Int

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

    /// An example built from sections; each section is the YAML under its key.
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
        self.text = "nnc: 1\nname: example\ninputs: \(inputs)\noutputs: \(outputs)\n"
            + block("network", network) + block("data", data) + block("training", training)
        self.fileID = fileID
        self.filePath = filePath
        self.line = line
    }

    /// An example written out in full.
    public init(spec: String, fileID: String = #fileID, filePath: String = #filePath, line: Int = #line) {
        self.text = spec.hasSuffix("\n") ? spec : spec + "\n"
        self.fileID = fileID
        self.filePath = filePath
        self.line = line
    }

    /// The marker that says where a finding starts.
    public static let marker: Character = "↓"

    /// The text without markers, and the 1-based line and column (in Unicode
    /// scalars) where each marker stood.
    public var unmarked: (text: String, markers: [(line: Int, column: Int)]) {
        var out = ""
        var markers: [(line: Int, column: Int)] = []
        var line = 1
        var column = 1
        for scalar in text.unicodeScalars {
            if Character(scalar) == Self.marker {
                markers.append((line, column))
                continue
            }
            out.unicodeScalars.append(scalar)
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (out, markers)
    }
}
