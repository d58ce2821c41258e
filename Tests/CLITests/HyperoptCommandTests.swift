import Foundation
import NNCStudy
import Testing

/// `nnc hyperopt` and `nnc train --worker` as users run them: several worker
/// processes of the real binary share one store, one is killed in mid-trial,
/// and the study still ends with exactly the requested trials, each value set
/// once. On SQLite always, on PostgreSQL when Tests/run started one.
@Suite(.serialized)
struct HyperoptCommandTests {
    static func spec(name: String, trials: Int, epochs: Int, replicas: Int = 1, search: Bool = true) -> String {
        var text = """
            nnc: 1
            name: \(name)
            inputs: [x]
            outputs: [y]
            network:
              layers:
                - {dense: 12, activation: tanh}
                - {dense: 1, activation: linear}
            data:
              generate:
                truth: "x^-0.1 * (1 - x)^5"
                x: {logspace: [1.0e-3, 1.0], points: 64}
                noise: {relative: 0.05}
                seed: 7
              validation: {fraction: 0.25, seed: 1}
            training:
              loss: mse
              optimizer: {adam: {learning_rate: 1.0e-2}}
              batch_size: full
              epochs: \(epochs)
              replicas: \(replicas)
              seed: 42

            """
        if search {
            text += """
                hyperopt:
                  trials: \(trials)
                  sampler: tpe
                  space:
                    network.layers[0].dense: {int: [2, 20]}
                    training.optimizer.*.learning_rate: {log_uniform: [1.0e-3, 1.0e-1]}

                """
        }
        return text
    }

    /// Starts the binary in `dir` without waiting.
    static func start(_ arguments: [String], in dir: URL) throws -> Process {
        let p = Process()
        p.executableURL = NNCProcess.binary
        p.arguments = arguments
        p.currentDirectoryURL = dir
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// Starts three workers with `args`, worker 0 alone first: once it holds a
    /// running trial of `study` in the store (so, however loaded the machine,
    /// it is the one in mid-trial) the other two start, and worker 0 is killed
    /// (SIGKILL: no goodbye). Returns the survivors and the id of the trial
    /// the victim still held after the kill (it must then be re-queued and
    /// rerun), 0 when it held none by then, nil when it never held one.
    static func threeWorkersOneKilled(
        _ args: [String], in dir: URL, store location: StoreLocation, study: String
    ) throws -> (survivors: [Process], killed: Int64?) {
        let victim = try start(args, in: dir)
        var started = false
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, victim.isRunning {
            if let store = try? StudyStore(location: location) {
                defer { store.database.close() }
                if let s = try? store.findStudy(name: study), let trials = try? store.trials(study: s.id),
                   trials.contains(where: { $0.state == .running && ($0.worker ?? "").contains(":\(victim.processIdentifier)") }) {
                    started = true
                    break
                }
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        let survivors = try (0..<2).map { _ in try start(args, in: dir) }
        kill(victim.processIdentifier, SIGKILL)
        victim.waitUntilExit()
        guard started else { return (survivors, nil) }
        let store = try StudyStore(location: location)
        defer { store.database.close() }
        let s = try #require(try store.findStudy(name: study))
        let held = try store.trials(study: s.id).first {
            $0.state == .running && ($0.worker ?? "").contains(":\(victim.processIdentifier)")
        }
        return (survivors, held?.id ?? 0)
    }

    static func locations(_ dir: URL) throws -> [StoreLocation] {
        var out: [StoreLocation] = [.sqlite(path: dir.appendingPathComponent("store.sqlite").path)]
        if let pg = try temporaryPostgres() { out.append(pg) }
        return out
    }

    static func url(_ l: StoreLocation) -> String {
        switch l {
        case .sqlite(let path): return "sqlite:" + path
        case .postgres(let host, let port, let user, _, let db): return "postgresql://\(user)@\(host):\(port)/\(db)"
        }
    }

    @Test func threeWorkersOneKilledEndWithExactlyTheRequestedTrials() throws {
        let dir = try NNCProcess.temporaryDirectory()
        let trials = 9
        try Self.spec(name: "killed", trials: trials, epochs: 300).write(to: dir.appendingPathComponent("spec.yaml"), atomically: true, encoding: .utf8)
        for location in try Self.locations(dir) {
            let args = ["hyperopt", "spec.yaml", "--storage", Self.url(location), "--heartbeat", "0.2", "--grace", "1.5", "--quiet"]
            let (survivors, killed) = try Self.threeWorkersOneKilled(args, in: dir, store: location, study: "killed")
            #expect(killed != nil, "worker 0 never held a trial")
            for w in survivors { w.waitUntilExit() }
            #expect(survivors.allSatisfy { $0.terminationStatus == 0 })

            let store = try StudyStore(location: location)
            let study = try #require(try store.findStudy(name: "killed"))
            let all = try store.trials(study: study.id)
            store.database.close()
            #expect(all.map(\.number) == Array(0..<trials), "\(location)")
            #expect(all.allSatisfy { $0.state == .complete }, "\(all.map(\.state))")
            #expect(Set(all.map(\.parameters)).count == trials, "each value set once")
            if let id = killed, id != 0 {
                #expect(all.first { $0.id == id }.map { $0.attempts >= 2 && $0.state == .complete } == true,
                        "the killed worker's trial was re-queued and rerun")
            }

            let report = try NNCProcess.run(["hyperopt", "report", "spec.yaml", "--storage", Self.url(location)], in: dir)
            #expect(report.status == 0, "\(report.stderr)")
            #expect(report.stdout.hasPrefix("\(trials) of \(trials) trials finished (\(trials) complete)"), "\(report.stdout)")
            let csv = try String(contentsOf: dir.appendingPathComponent("runs/killed/hyperopt/trials.csv"), encoding: .utf8)
            #expect(csv.split(separator: "\n").count == trials + 1)
            // best.yaml builds and trains as it is.
            let build = try NNCProcess.run(["build", "runs/killed/hyperopt/best.yaml", "--no-write"], in: dir)
            #expect(build.status == 0, "\(build.stderr)")
        }
    }

    @Test func distributedReplicasMatchAOneMachineRunBitForBit() throws {
        let dir = try NNCProcess.temporaryDirectory()
        try Self.spec(name: "reps", trials: 1, epochs: 300, replicas: 6, search: false)
            .write(to: dir.appendingPathComponent("spec.yaml"), atomically: true, encoding: .utf8)
        let local = try NNCProcess.run(["train", "spec.yaml", "--out", "local", "--quiet"], in: dir)
        #expect(local.status == 0, "\(local.stderr)")
        for (i, location) in try Self.locations(dir).enumerated() {
            let args = ["train", "spec.yaml", "--storage", Self.url(location), "--worker", "--heartbeat", "0.2", "--grace", "1.5", "--quiet"]
            let (survivors, killed) = try Self.threeWorkersOneKilled(args, in: dir, store: location, study: "reps/replicas")
            #expect(killed != nil)
            for w in survivors { w.waitUntilExit() }
            let collected = try NNCProcess.run(["train", "spec.yaml", "--storage", Self.url(location), "--collect", "--out", "queued\(i)"], in: dir)
            #expect(collected.status == 0, "\(collected.stderr)")

            let store = try StudyStore(location: location)
            let all = try store.trials(study: try #require(try store.findStudy(name: "reps/replicas")).id)
            store.database.close()
            #expect(all.map(\.number) == Array(0..<6) && all.allSatisfy { $0.state == .complete })
            if let id = killed, id != 0 { #expect(all.first { $0.id == id }.map { $0.attempts >= 2 } == true) }
            for r in 0..<6 {
                let name = String(format: "replica_%03d/weights.safetensors", r)
                let a = try Data(contentsOf: dir.appendingPathComponent("local/" + name))
                let b = try Data(contentsOf: dir.appendingPathComponent("queued\(i)/" + name))
                #expect(a == b, "replica \(r) differs from the one-machine run (\(location))")
            }
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("queued\(i)/summary.json").path))
        }
    }
}

/// The PostgreSQL server of Tests/run, with a new database; nil (skipped
/// visibly) without one, a failure when NNC_REQUIRE_TOOLS=1.
func temporaryPostgres() throws -> StoreLocation? {
    let env = ProcessInfo.processInfo.environment
    guard let url = env["NNC_TEST_POSTGRES_URL"] else {
        if env["NNC_REQUIRE_TOOLS"] == "1" {
            Issue.record("NNC_TEST_POSTGRES_URL is not set but NNC_REQUIRE_TOOLS=1: Tests/run starts PostgreSQL")
        } else {
            print("skipped: the PostgreSQL half (set NNC_TEST_POSTGRES_URL, as Tests/run does)")
        }
        return nil
    }
    return try StoreLocation(url: url).newPostgresDatabase(prefix: "nnc_cli_")
}
