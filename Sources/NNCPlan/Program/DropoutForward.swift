/// Inverted dropout, training only: draw `mask` (0 with probability `rate`, else
/// 1/(1 − rate)) from the run's seeded generator and write `output = input ⊙ mask`.
///
/// input, mask, output: (B, features).
public struct DropoutForward: Codable, Equatable, Sendable {
    public var layer: Int
    public var features: Int
    public var rate: Double
    public var input: Int
    public var mask: Int
    public var output: Int

    public init(layer: Int, features: Int, rate: Double, input: Int, mask: Int, output: Int) {
        self.layer = layer
        self.features = features
        self.rate = rate
        self.input = input
        self.mask = mask
        self.output = output
    }
}
