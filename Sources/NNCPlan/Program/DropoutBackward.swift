/// `gradient ⊙= mask`, in place: the gradient with respect to the dropout's
/// output becomes the gradient with respect to the activation output.
///
/// mask, gradient: (B, features).
public struct DropoutBackward: Codable, Equatable, Sendable {
    public var layer: Int
    public var features: Int
    public var mask: Int
    public var gradient: Int

    public init(layer: Int, features: Int, mask: Int, gradient: Int) {
        self.layer = layer
        self.features = features
        self.mask = mask
        self.gradient = gradient
    }
}
