import NNCDiagnostics
import NNCSyntax

/// `network.preprocessing: {input: x, small_x: [0.0, 0.5], large_x: [2.0, 5.0], trainable: true}`.
extension SpecDecoder {
    static let preprocessingKeys = ["input", "small_x", "large_x", "trainable"]
    static let preprocessingExample = "{input: x, small_x: [0.0, 0.5], large_x: [2.0, 5.0]}"

    /// The preprocessing factors; nil (and `network.preprocessing` poisoned)
    /// when any part of it fails. Whether `input` is a raw input and whether
    /// the ranges are ordered is the checker's business (E1002, E1001).
    mutating func decodePreprocessing(_ f: Field) -> Preprocessing? {
        let required = ["input", "small_x", "large_x"]
        let before = errorCount
        defer { poisonIfFailed("network.preprocessing", since: before, at: f.entrySpan) }
        guard let p = fields(f, context: "in 'preprocessing'", known: Self.preprocessingKeys, required: required,
                             example: Self.preprocessingExample)
        else { return nil }
        let input = p["input"].flatMap { string($0, expected: "the name of a raw input such as x") }
        let small = p["small_x"].flatMap { interval($0) }
        let large = p["large_x"].flatMap { interval($0) }
        let trainable = p["trainable"].flatMap { bool($0) } ?? Located(false, span: f.node.span)
        guard errorCount == before, let input, let small, let large else { return nil }
        return Preprocessing(input: input, smallX: small, largeX: large, trainable: trainable, span: f.node.span)
    }

    /// `[lower, upper]`: a list of two numbers, kept as written (the checker
    /// reports lower > upper).
    mutating func interval(_ f: Field) -> Located<ClosedInterval>? {
        guard let items = f.node.sequence, items.count == 2 else {
            wrongOrMissing(f, expected: "a list of two numbers [lower, upper]", notes: ["for example: \(f.name): [0.0, 0.5]"])
            return nil
        }
        let bounds = items.compactMap { number(Field(name: f.name, keySpan: nil, node: $0)) }
        guard bounds.count == 2 else { return nil }
        return Located(ClosedInterval(bounds[0].value, bounds[1].value), span: f.node.reportSpan)
    }
}
