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

    @Test func kFoldScoresEachHeldOutFold() throws {
        let spec = try studySpec(tinySearch(trials: 1, epochs: 5, extra: "  reward: {folds: 3, statistic: best_worst}\n"))
        let runner = TrialRunner(spec: spec)
        let p = try #require(Study(spec: spec).sampler.draw(number: 0, retry: 0, history: []))
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
