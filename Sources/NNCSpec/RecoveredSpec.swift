/// A spec decoded as far as it would go, for the checker only.
///
/// The parts that failed to decode hold stand-ins and are named in `poison`;
/// checks that read them are skipped. Never lower, build or train a recovered
/// spec: only `SpecLoader.Result.spec`, which is nil whenever there was an
/// error, is fit for that.
public struct RecoveredSpec: Sendable {
    public var spec: Spec
    /// The parts of `spec` that are stand-ins; empty when the spec decoded cleanly.
    public var poison: SpecPoison

    public init(spec: Spec, poison: SpecPoison) {
        self.spec = spec
        self.poison = poison
    }
}
