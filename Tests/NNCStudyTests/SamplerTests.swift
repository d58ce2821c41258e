import Foundation
import NNCSpec
@testable import NNCStudy
import Testing

struct SamplerTests {
    @Test func parametersRoundTripThroughTheirStoredForm() {
        let p: Parameters = ["training.optimizer.*.learning_rate": .double(0.0005540746753536719), "network.layers[0].dense": .int(25),
                             "network.layers[:-1].activation": .choice(2), "x": .double(1.0)]
        let text = SearchSpace.encode(p)
        #expect(text == #"{"network.layers[0].dense":25,"network.layers[:-1].activation":{"choice":2},"training.optimizer.*.learning_rate":0.0005540746753536719,"x":1.0}"#)
        #expect(SearchSpace.decode(text) == p)
        // A quote in a key is escaped and read back.
        let quoted: Parameters = ["data.\"odd\"": .int(1)]
        #expect(SearchSpace.encode(quoted) == #"{"data.\"odd\"":1}"#)
        #expect(SearchSpace.decode(SearchSpace.encode(quoted)) == quoted)
    }

    @Test func gridEnumeratesEveryCombinationOnce() throws {
        let spec = try studySpec(tinySearch(sampler: "grid").replacingOccurrences(
            of: "{log_uniform: [1.0e-3, 1.0e-1]}", with: "{choice: [1.0e-3, 1.0e-2, 1.0e-1]}"))
        let study = try Study(spec: spec)
        #expect(study.space.size == 11 * 2 * 3)
        #expect(study.target == 6)
        var seen = Set<String>()
        for n in 0..<66 {
            let p = try #require(study.sampler.draw(number: n, retry: 0, history: History(space: study.space)))
            seen.insert(SearchSpace.encode(p))
        }
        #expect(seen.count == 66)
        #expect(study.sampler.draw(number: 66, retry: 0, history: History(space: study.space)) == nil)
    }

    @Test func aDrawDependsOnlyOnSeedNumberAndHistory() throws {
        let study = try Study(spec: try studySpec(tinySearch(sampler: "tpe")))
        let a = study.sampler.draw(number: 4, retry: 0, history: History(space: study.space))
        let b = study.sampler.draw(number: 4, retry: 0, history: History(space: study.space))
        #expect(a == b)
        #expect(a != study.sampler.draw(number: 5, retry: 0, history: History(space: study.space)))
        // Past the start-up trials (TPE proper): the same history, built in
        // any order, gives the same draw; another history another draw.
        var history = History(space: study.space), shuffled = History(space: study.space)
        var trials: [(Parameters, Double?)] = []
        for n in 0..<14 {
            let p = try #require(study.sampler.draw(number: n, retry: 0, history: history))
            let reward: Double? = n == 3 ? nil : Double((n * 7) % 11)
            trials.append((p, reward))
            history.append(p, reward: reward)
        }
        for t in trials.reversed() { shuffled.insert(t.0, reward: t.1, at: 0) }
        #expect(history.finite == 13 && history.rewards[3].isNaN)
        // The ranking: best first, ties in the order of the history, kept through inserts in the middle.
        func reward(_ n: Int) -> Int { (n * 7) % 11 }
        let expected = (0..<14).filter { $0 != 3 }.sorted { reward($0) != reward($1) ? reward($0) < reward($1) : $0 < $1 }
        #expect(history.ranking == expected)
        #expect(shuffled.ranking == expected)
        #expect(shuffled.rewards.elementsEqual(history.rewards) { $0 == $1 || ($0.isNaN && $1.isNaN) })
        let c = study.sampler.draw(number: 14, retry: 0, history: history)
        #expect(c == study.sampler.draw(number: 14, retry: 0, history: shuffled))
        var other = history
        other.append(trials[0].0, reward: -1)
        #expect(c != study.sampler.draw(number: 14, retry: 0, history: other))
    }

    /// TPE against random search on the same budget, on a known objective
    /// (no training: a bowl in log(learning rate) and width, plus a category).
    /// Mean best value over 20 seeds of 40 trials each.
    @Test func tpeFindsBetterTrialsThanRandomOnTheSameBudget() throws {
        let spec = try studySpec(tinySearch(sampler: "tpe"))
        let space = SearchSpace(try #require(spec.hyperopt))
        func objective(_ p: Parameters) -> Double {
            guard case .double(let lr)? = p["training.optimizer.*.learning_rate"], case .int(let w)? = p["network.layers[0].dense"],
                  case .choice(let c)? = p["network.layers[:-1].activation"] else { return .infinity }
            let d = log10(lr) + 1.7
            return d * d + 0.02 * Double((w - 9) * (w - 9)) + (c == 0 ? 0 : 0.3)
        }
        func meanBest(_ kind: SamplerKind) -> Double {
            var total = 0.0
            for seed in 0..<20 {
                let sampler = Sampler(kind: kind, space: space, seed: UInt64(seed))
                var history = History(space: space)
                for n in 0..<40 {
                    let p = sampler.draw(number: n, retry: 0, history: history)!
                    history.append(p, reward: objective(p))
                }
                total += history.rewards.min()!
            }
            return total / 20
        }
        let tpe = meanBest(.tpe), random = meanBest(.random)
        print("mean best of 40 trials over 20 seeds: tpe \(tpe), random \(random)")
        #expect(tpe < random)
    }
}
