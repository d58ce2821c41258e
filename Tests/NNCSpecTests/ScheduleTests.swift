import Foundation
import NNCDiagnostics
@testable import NNCSpec
import Testing

/// `learning_rate: {exponential | cosine | step | plateau: {...}}`: decoded
/// with its defaults, written back by the resolved spec, its rates, and the
/// mistakes users make with it.
struct ScheduleTests {
    func spec(_ rate: String, optimizer: String = "adam", epochs: Int = 100) -> String {
        minimalWith("  optimizer: adam\n  epochs: 100", "  optimizer: {\(optimizer): {learning_rate: \(rate)}}\n  epochs: \(epochs)")
    }

    @Test func everyScheduleDecodesWithItsDefaults() throws {
        let exponential = try #require(decode(spec("{exponential: {decay_rate: 0.5, decay_epochs: 100}}")).spec)
        #expect(exponential.training.schedule?.value == LearningRateSchedule(
            .exponential, values: ["decay_rate": 0.5, "decay_epochs": 100], learningRate: 1e-3, trainingEpochs: 100))
        // initial defaults to the optimizer's learning rate (sgd's is 0.01), and is the optimizer's rate.
        let cosine = try #require(decode(spec("{cosine: {final: 1.0e-4}}", optimizer: "sgd", epochs: 500)).spec)
        let c = try #require(cosine.training.schedule?.value)
        #expect(c.initial == 0.01 && c.epochs == 500 && c.floor == 1e-4)
        #expect(cosine.training.optimizer.value.learningRate == 0.01)
        let step = try #require(decode(spec("{step: {initial: 0.1, factor: 0.5, every: 30}}")).spec)
        #expect(step.training.optimizer.value.learningRate == 0.1)
        #expect(step.training.schedule?.value.epochs == 30)
        let plateau = try #require(decode(spec("{plateau: {factor: 0.2, patience: 5}}")).spec)
        #expect(plateau.training.schedule?.value.floor == 0)
        // A plain number is no schedule.
        #expect(try #require(decode(spec("3.0e-3")).spec).training.schedule == nil)
    }

    @Test func theResolvedSpecWritesTheScheduleAndReadsBackEqual() throws {
        let original = try #require(decode(spec("{cosine: {initial: 1.0e-2, final: 1.0e-4}}")).spec)
        let yaml = original.resolvedYAML()
        #expect(yaml.contains("learning_rate: {cosine: {initial: 0.01, epochs: 100, final: 0.0001}}"), "\(yaml)")
        let back = decode(yaml, path: "resolved.yaml")
        let again = try #require(back.spec, "\(back.rendered())")
        #expect(again.training.schedule?.value == original.training.schedule?.value)
        #expect(again.resolvedYAML() == yaml)
        // The checkpoint identity sees the schedule's fields.
        let fields = Dictionary(uniqueKeysWithValues: original.resolvedFields())
        #expect(fields["training.optimizer.adam.learning_rate.cosine.final"] == "0.0001")
    }

    @Test func ratesFollowTheirFormulas() {
        let e = LearningRateSchedule(.exponential, values: ["initial": 0.1, "decay_rate": 0.5, "decay_epochs": 10],
                                     learningRate: 0, trainingEpochs: 1)
        #expect(e.rate(afterEpochs: 0) == 0.1 && e.rate(afterEpochs: 10) == 0.05 && e.rate(afterEpochs: 20) == 0.025)
        #expect(abs(e.rate(afterEpochs: 5) - 0.1 * 0.5.squareRoot()) < 1e-15)
        let c = LearningRateSchedule(.cosine, values: ["initial": 0.1, "final": 0.01, "epochs": 4], learningRate: 0, trainingEpochs: 1)
        #expect(c.rate(afterEpochs: 0) == 0.1 && c.rate(afterEpochs: 4) == 0.01 && c.rate(afterEpochs: 9) == 0.01)
        #expect(abs(c.rate(afterEpochs: 2) - 0.055) < 1e-15)
        let s = LearningRateSchedule(.step, values: ["initial": 0.1, "factor": 0.5, "every": 3], learningRate: 0, trainingEpochs: 1)
        #expect((0..<7).map { s.rate(afterEpochs: $0) } == [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025])
    }

    @Test func aPlateauLowersTheRateAfterPatienceEpochsWithoutABestLoss() {
        let p = LearningRateSchedule(.plateau, values: ["initial": 0.1, "factor": 0.5, "patience": 2, "minimum": 0.03],
                                     learningRate: 0, trainingEpochs: 1)
        var state = p.start
        var rates: [Double] = []
        for loss in [5.0, 4.0, 4.0, 4.5, 3.0, 3.0, .nan, 3.0, 3.0, 3.0, 3.0] {
            p.record(loss: loss, in: &state)
            rates.append(state.rate)
        }
        // Two epochs without a new best halve the rate; a new best restarts the count; never below 0.03.
        #expect(rates == [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.03, 0.03, 0.03, 0.03, 0.03])
        #expect(state.best == 3.0)
    }

    @Test func mistakesGetTheirFix() {
        let unknown = decode(spec("{cosin: {final: 0}}"))
        #expect(unknown.codes == ["E0208"], "\(unknown.rendered())")
        #expect(unknown.first?.fixIt?.replacement == "cosine")
        let missing = decode(spec("{step: {factor: 0.5}}"))
        #expect(missing.codes == ["E0101"], "\(missing.rendered())")
        #expect(missing.first?.message == "the step schedule needs 'every'")
        // Another tool's name gets its fix, and is not also reported missing.
        let gamma = decode(spec("{step: {gamma: 0.5, every: 10}}"))
        #expect(gamma.codes == ["E0207"], "\(gamma.rendered())")
        #expect(gamma.first?.fixIt?.replacement == "factor")
        let fraction = decode(spec("{step: {factor: 0.5, every: 2.5}}"))
        #expect(fraction.codes == ["E0103"], "\(fraction.rendered())")
        // A schedule's name alone: written as a mapping, with a fix where it needs no parameter.
        let bare = decode(spec("cosine"))
        #expect(bare.codes == ["E0103"], "\(bare.rendered())")
        #expect(bare.first?.message == "'cosine' is a learning-rate schedule: 'learning_rate' takes it as a mapping")
        #expect(bare.first?.fixIt?.replacement == "{cosine: {}}")
        let near = decode(spec("stepp"))
        #expect(near.codes == ["E0103"] && near.first?.fixIt == nil, "\(near.rendered())")
        #expect(near.rendered().contains("did you mean the step schedule?"))
        #expect(near.rendered().contains("learning_rate: {step: {factor: ..., every: ...}}"))
        // Any mapping is read as a schedule.
        let other = decode(spec("{a: 1}"))
        #expect(other.codes == ["E0208"], "\(other.rendered())")
        let list = decode(spec("[0.1, 0.01]"))
        #expect(!list.codes.isEmpty && list.spec == nil)
    }
}
