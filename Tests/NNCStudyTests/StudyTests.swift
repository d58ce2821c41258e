import Foundation
import NNCSpec
@testable import NNCStudy
import NNCTrain
import Testing

struct StudyTests {
    /// Two workers in one process end with exactly the requested trials, each
    /// value set once; resuming runs nothing more; the best trial's spec
    /// retrains to its stored reward.
    @Test func aStudyEndsWithExactlyTheRequestedTrials() throws {
        let spec = try studySpec(tinySearch(trials: 6, epochs: 15))
        let study = try Study(spec: spec)
        let location = temporarySQLite()
        let summary = try study.run(options: StudyOptions(location: location, workers: 2), stop: StopRequest()) { _ in }
        #expect(summary.trialsRun == 6)
        let store = try StudyStore(location: location)
        let report = try StudyReport(study: study, store: store)
        #expect(report.trials.map(\.number) == Array(0..<6))
        #expect(report.trials.allSatisfy { $0.state == .complete })
        #expect(Set(report.trials.map(\.parameters)).count == 6)

        let again = try study.run(options: StudyOptions(location: location, workers: 1), stop: StopRequest()) { _ in }
        #expect(again.trialsRun == 0)

        let best = try #require(report.ranked.first)
        let runner = TrialRunner(spec: spec)
        let rerun = runner.run(try #require(SearchSpace.decode(best.parameters)), stop: StopRequest())
        #expect(rerun.reward == best.reward, "a trial is deterministic given its values")
        let yaml = try #require(report.bestYAML())
        let retrained = try studySpec(yaml)
        #expect(retrained.hyperopt == nil)
        let bestSpec = try #require(try? runner.spec(for: SearchSpace.decode(best.parameters)!).get())
        #expect(retrained.resolvedYAML() == bestSpec.resolvedYAML())
    }

    /// Trials that differ only in the learning rate share one engine (the
    /// rate is the interpreter's data, not its program), and each trains
    /// exactly as it does in a fresh runner.
    @Test func trialsDifferingInTheLearningRateShareAnEngine() throws {
        let spec = try studySpec(tinySearch(trials: 2, epochs: 10))
        func values(_ rate: Double) -> Parameters {
            ["network.layers[0].dense": .int(6), "network.layers[:-1].activation": .choice(1),
             "training.optimizer.*.learning_rate": .double(rate)]
        }
        let shared = TrialRunner(spec: spec)
        let first = shared.run(values(0.003), stop: StopRequest())
        let second = shared.run(values(0.05), stop: StopRequest())
        #expect(shared.compiled == 1)
        let fresh = TrialRunner(spec: spec).run(values(0.05), stop: StopRequest())
        #expect(second.state == .complete && first.state == .complete)
        #expect(second.reward == fresh.reward)
        #expect(first.reward != second.reward)
    }

    /// A trial whose values differ from an earlier one's only in the
    /// optimiser's learning rate takes it on the earlier decoded spec: the
    /// same spec as decoding its tree gives, for every optimiser.
    @Test func aLearningRateSetOnADecodedSpecIsTheDecodedSpec() throws {
        let text = tinySearch(trials: 12, epochs: 5).replacingOccurrences(
            of: "    network.layers[0].dense: {int: [2, 12]}\n",
            with: "    training.optimizer: {choice: [{adam: {}}, {rmsprop: {}}, {sgd: {momentum: 0.9}}]}\n")
        let spec = try studySpec(text)
        let study = try Study(spec: spec)
        let runner = TrialRunner(spec: spec)
        for number in 0..<12 {
            let p = try #require(study.sampler.draw(number: number, retry: 0, history: History(space: study.space)))
            let set = try runner.spec(for: p).get()
            let decoded = try TrialRunner(spec: spec).spec(for: p).get()
            #expect(set == decoded)
        }
        #expect(runner.decoded < 12, "at most one decode per optimiser and activation")
    }

    @Test func kFoldScoresEachHeldOutFold() throws {
        let spec = try studySpec(tinySearch(trials: 1, epochs: 5, extra: "  reward: {folds: 3, statistic: best_worst}\n"))
        let runner = TrialRunner(spec: spec)
        let study = try Study(spec: spec)
        let p = try #require(study.sampler.draw(number: 0, retry: 0, history: History(space: study.space)))
        let o = runner.run(p, stop: StopRequest())
        #expect(o.state == .complete)
        #expect(o.folds.count == 3)
        #expect(o.reward == o.folds.max())
        #expect(o.epochs == 15)
    }

    @Test func medianPruningStopsTrialsWorseThanTheMedian() throws {
        let spec = try studySpec(tinySearch(trials: 8, epochs: 20, extra: "  prune: {median: {after_epochs: 5, every: 5, startup_trials: 2}}\n"))
        let study = try Study(spec: spec)
        let location = temporarySQLite()
        _ = try study.run(options: StudyOptions(location: location, workers: 1), stop: StopRequest()) { _ in }
        let trials = try StudyStore(location: location).trials(study: 1)
        #expect(trials.count == 8)
        #expect(trials.allSatisfy { $0.state == .complete || $0.state == .pruned })
        #expect(trials.contains { $0.state == .pruned }, "\(trials.map { ($0.state, $0.folds ?? "") })")
    }
}

/// What `nnc build` says of a search's time: a short one in tenths of a
/// second (it said "0 s"), longer ones in seconds, minutes, hours.
@Test func studyEstimateWordsItsTime() {
    func text(epochs: Int) -> String {
        StudyEstimate(spaceSize: nil, trials: 40, fitsPerTrial: 1, totalEpochs: epochs, stepsPerEpoch: 1,
                      secondsPerStep: 5.7e-6, flopsPerStep: 823_878).text()
    }
    #expect(text(epochs: 20_000).contains("estimated 0.11 s on one core at 5.7 µs a step"), "\(text(epochs: 20_000))")
    #expect(text(epochs: 10_000_000).contains("estimated 57 s"))
    #expect(text(epochs: 100_000_000).contains("estimated 10 min"))
    #expect(text(epochs: 10_000_000_000).contains("estimated 15.8 h"))
}
