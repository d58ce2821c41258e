import Foundation
import Testing

/// `nnc train` under the signals batch systems send, with the real binary:
/// SIGTERM and process-group SIGINT (`timeout -s INT`, which signals the
/// process and then its group) at random moments, again and again, each run
/// resumed from what the last one left — nothing is lost and the weights end
/// equal to an uninterrupted run's. A single fit, replicas, and a fit with
/// observables; then the forced quit, SIGUSR1, and the run folder's rules.
@Suite(.serialized) struct InterruptTests {
    static let tiny = TrainCommandTests.tiny

    /// A fresh folder holding `name` with `text`.
    func folder(_ name: String, _ text: String) throws -> URL {
        let dir = try NNCProcess.temporaryDirectory()
        try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        return dir
    }

    /// A safetensors file's metadata, read here from its header.
    static func metadata(_ url: URL) -> [String: String]? {
        guard let data = try? Data(contentsOf: url), data.count >= 8 else { return nil }
        let bytes = [UInt8](data)
        var n = 0
        for k in 0..<8 { n |= Int(bytes[k]) << (8 * k) }
        guard 8 + n <= bytes.count,
              let header = (try? JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + n)]))) as? [String: Any]
        else { return nil }
        return header["__metadata__"] as? [String: String]
    }

    /// The tensors' bytes of a safetensors file (the header's metadata includes times, which differ).
    static func tensorBytes(_ url: URL) throws -> Data {
        let data = try Data(contentsOf: url)
        var n = 0
        for k in 0..<8 { n |= Int(data[k]) << (8 * k) }
        return data.subdata(in: (8 + n)..<data.count)
    }

    static func json(_ url: URL) -> [String: Any]? {
        (try? Data(contentsOf: url)).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
    }

    enum Delivery: CaseIterable {
        /// `timeout -s INT`: SIGINT to the process, then to its process group.
        case groupInterrupt
        /// `timeout -s TERM`: SIGTERM to the process, then to its process group.
        case groupTerminate
        /// `kill -TERM` twice, 2 ms apart (a scheduler that repeats itself).
        case terminateTwice

        var status: Int32 { self == .groupInterrupt ? 130 : 143 }
    }

    struct Round {
        var delivery: Delivery
        var delay: Double
        var status: Int32
        var stderr: String
    }

    /// Runs nnc with `arguments`, signalled `delay` seconds after it starts.
    func signalled(_ arguments: [String], in dir: URL, _ delivery: Delivery, after delay: Double, timeout: String) throws -> Round {
        let errURL = dir.appendingPathComponent(".stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errURL) }
        let p = Process()
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        p.environment = environment
        p.currentDirectoryURL = dir
        p.standardOutput = FileHandle.nullDevice
        p.standardError = try FileHandle(forWritingTo: errURL)
        let seconds = String(format: "%.3f", delay)
        switch delivery {
        case .groupInterrupt, .groupTerminate:
            // --preserve-status: nnc's own exit status; -k: a safety net if it never exits.
            p.executableURL = URL(fileURLWithPath: timeout)
            p.arguments = ["-s", delivery == .groupInterrupt ? "INT" : "TERM", "--preserve-status", "-k", "120", seconds,
                           NNCProcess.binary.path] + arguments
            try p.run()
        case .terminateTwice:
            p.executableURL = NNCProcess.binary
            p.arguments = arguments
            try p.run()
            let moment = Date().addingTimeInterval(delay)
            while p.isRunning && Date() < moment { usleep(2_000) }
            if p.isRunning {
                kill(p.processIdentifier, SIGTERM)
                usleep(2_000)
                kill(p.processIdentifier, SIGTERM)
            }
        }
        p.waitUntilExit()
        let status = p.terminationReason == .exit ? p.terminationStatus : 128 + p.terminationStatus
        return Round(delivery: delivery, delay: delay, status: status,
                     stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }

    /// Trains `spec` into `run` again and again, each time stopped by a signal
    /// at a random moment within `window` seconds and resumed by the next
    /// (fresh when nothing was written), until a run finishes; after every
    /// round, checks that what is on disk is whole and consistent: each fit's
    /// summary says where it stands and its checkpoint holds exactly that.
    /// Returns the rounds; the number of rounds that advanced some fit is `advanced`.
    func trainThroughSignals(
        spec: String, run: String, in dir: URL, fits: [String], window: ClosedRange<Double>, extra: [String] = []
    ) throws -> (rounds: [Round], advanced: Int) {
        guard let timeout = Tools.find("NNC_TIMEOUT", fallback: ["/usr/bin/timeout", "/bin/timeout"],
                                       what: "timeout (coreutils)", install: "coreutils") else { return ([], 0) }
        var rounds: [Round] = []
        var advanced = 0
        var last: [String: Int] = [:]
        for k in 0..<14 {
            let runURL = dir.appendingPathComponent(run)
            let resumable = fits.contains { FileManager.default.fileExists(atPath: runURL.appendingPathComponent($0 + "/checkpoint.safetensors").path) }
            let arguments = ["train", spec, "--out", run] + extra + (resumable ? ["--resume"] : [])
            let delivery = Delivery.allCases[k % 3]
            // After many rounds, let one finish.
            let delay = k < 12 ? Double.random(in: window) : 1000
            let round = try signalled(arguments, in: dir, delivery, after: delay, timeout: timeout)
            rounds.append(round)
            let context = "round \(k) (\(delivery), \(String(format: "%.3f", delay)) s): status \(round.status)\n\(round.stderr)"
            if round.status == 0 { break }
            #expect(round.status == delivery.status, "\(context)")
            guard round.status == delivery.status else { break }

            // Nothing lost: every fit that began says where it stopped, and its checkpoint holds exactly that.
            guard let summary = Self.json(runURL.appendingPathComponent("summary.json")) else {
                #expect(round.stderr.contains("before training began: nothing was written"), "\(context)")
                continue
            }
            let replicas = summary["replicas"] as? [[String: Any]] ?? []
            #expect(replicas.count == fits.count, "\(context)")
            var moved = false
            for (fit, r) in zip(fits, replicas) {
                let status = r["status"] as? String ?? "?"
                let checkpoint = Self.metadata(runURL.appendingPathComponent(fit + "/checkpoint.safetensors"))
                switch status {
                case "not_started":
                    #expect(checkpoint == nil, "\(fit) \(context)")
                case "interrupted", "finished", "stopped_early":
                    let epoch = try #require(checkpoint?["epoch"].flatMap(Int.init), "\(fit) has no checkpoint: \(context)")
                    let steps = checkpoint?["batch"].flatMap(Int.init) ?? 0
                    #expect(r["epochs_run"] as? Int == epoch, "\(fit) \(context)")
                    #expect((r["steps_into_next_epoch"] as? Int ?? 0) == steps, "\(fit) \(context)")
                    #expect(FileManager.default.fileExists(atPath: runURL.appendingPathComponent(fit + "/weights.safetensors").path), "\(fit) \(context)")
                    let rows = try String(contentsOf: runURL.appendingPathComponent(fit + "/metrics.csv"), encoding: .utf8)
                        .split(separator: "\n").count
                    #expect(rows == epoch + 1, "\(fit): metrics.csv has \(rows - 1) epochs, the checkpoint \(epoch): \(context)")
                    let position = epoch * 1_000_000 + steps
                    #expect(position >= last[fit] ?? 0, "\(fit) went back: \(context)")
                    if position > last[fit] ?? 0 { moved = true }
                    last[fit] = position
                default:
                    Issue.record("\(fit) is \(status): \(context)")
                }
            }
            if moved { advanced += 1 }
        }
        #expect(rounds.last?.status == 0, "the run never finished: \(rounds.map(\.status))")
        return (rounds, advanced)
    }

    /// An uninterrupted run of `arguments` (into `run`): its wall-clock
    /// seconds, and when training began (its first metrics.csv appeared).
    func reference(_ arguments: [String], run: String, metrics: String, in dir: URL) throws -> (seconds: Double, startup: Double) {
        let p = Process()
        p.executableURL = NNCProcess.binary
        p.arguments = arguments
        p.currentDirectoryURL = dir
        let errURL = dir.appendingPathComponent(".reference-stderr")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        p.standardOutput = FileHandle.nullDevice
        p.standardError = try FileHandle(forWritingTo: errURL)
        let start = Date()
        try p.run()
        var startup: Double?
        let first = dir.appendingPathComponent(run + "/" + metrics)
        while p.isRunning {
            if startup == nil && FileManager.default.fileExists(atPath: first.path) { startup = Date().timeIntervalSince(start) }
            usleep(5_000)
        }
        p.waitUntilExit()
        let seconds = Date().timeIntervalSince(start)
        #expect(p.terminationStatus == 0, "\((try? String(contentsOf: errURL, encoding: .utf8)) ?? "")")
        return (seconds, startup ?? seconds)
    }

    /// Random moments from half the start-up (some runs stop before training
    /// begins) to a third of the way through the training.
    static func window(_ r: (seconds: Double, startup: Double)) -> ClosedRange<Double> {
        (0.5 * r.startup)...(r.startup + max(0.2, 0.3 * (r.seconds - r.startup)))
    }

    @Test func aSingleFitSurvivesSignalsAtRandomMoments() throws {
        let dir = try folder("tiny.yaml", Self.tiny.replacingOccurrences(of: "epochs: 60", with: "epochs: 80000"))
        let whole = try reference(["train", "tiny.yaml", "--out", "whole", "--quiet"], run: "whole", metrics: "metrics.csv", in: dir)
        let seconds = whole.seconds

        let (rounds, advanced) = try trainThroughSignals(
            spec: "tiny.yaml", run: "cut", in: dir, fits: ["."], window: Self.window(whole))
        guard !rounds.isEmpty else { return }
        #expect(advanced >= 2, "no round was stopped while training: \(rounds.map { ($0.delay, $0.status) })")
        print("◇ single fit: \(rounds.count) runs, \(advanced) stopped while training (an uninterrupted run: \(String(format: "%.2f", seconds)) s, training from \(String(format: "%.2f", whole.startup)) s)")
        let cut = dir.appendingPathComponent("cut"), uncut = dir.appendingPathComponent("whole")
        #expect(try Data(contentsOf: cut.appendingPathComponent("weights.safetensors")) == Data(contentsOf: uncut.appendingPathComponent("weights.safetensors")))
        #expect(try Self.tensorBytes(cut.appendingPathComponent("checkpoint.safetensors")) == Self.tensorBytes(uncut.appendingPathComponent("checkpoint.safetensors")))
        let summary = try #require(Self.json(cut.appendingPathComponent("summary.json")))
        #expect((summary["replicas"] as? [[String: Any]])?.first?["status"] as? String == "finished")
    }

    @Test func replicasSurviveSignalsAtRandomMoments() throws {
        let text = Self.tiny.replacingOccurrences(of: "seed: 5\n", with: "seed: 5\n  replicas: 3\n")
            .replacingOccurrences(of: "epochs: 60", with: "epochs: 25000")
        let dir = try folder("rep.yaml", text)
        let whole = try reference(["train", "rep.yaml", "--out", "whole", "--threads", "2", "--quiet"], run: "whole",
                                  metrics: "replica_000/metrics.csv", in: dir)
        let seconds = whole.seconds

        let fits = (0..<3).map { "replica_00\($0)" }
        let (rounds, advanced) = try trainThroughSignals(
            spec: "rep.yaml", run: "cut", in: dir, fits: fits, window: Self.window(whole), extra: ["--threads", "2"])
        guard !rounds.isEmpty else { return }
        #expect(advanced >= 2, "no round was stopped while training: \(rounds.map { ($0.delay, $0.status) })")
        print("◇ replicas: \(rounds.count) runs, \(advanced) stopped while training (an uninterrupted run: \(String(format: "%.2f", seconds)) s, training from \(String(format: "%.2f", whole.startup)) s)")
        for fit in fits {
            let a = dir.appendingPathComponent("cut/" + fit), b = dir.appendingPathComponent("whole/" + fit)
            #expect(try Data(contentsOf: a.appendingPathComponent("weights.safetensors")) == Data(contentsOf: b.appendingPathComponent("weights.safetensors")), "\(fit)")
        }
        let summary = try #require(Self.json(dir.appendingPathComponent("cut/summary.json")))
        #expect(summary["complete_replicas"] as? Int == 3)
        #expect((summary["replicas"] as? [[String: Any]])?.compactMap { $0["status"] as? String } == ["finished", "finished", "finished"])
    }

    /// The closure example (observables through FK tables, a sum rule,
    /// positivity), made small: two replicas, 12,000 epochs (a few seconds).
    @Test func aFitWithObservablesSurvivesSignalsAtRandomMoments() throws {
        let example = NNCProcess.packageRoot.appendingPathComponent("Examples/dis-closure")
        let dir = try NNCProcess.temporaryDirectory()
        for name in try FileManager.default.contentsOfDirectory(atPath: example.path) {
            try FileManager.default.copyItem(at: example.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        let specURL = dir.appendingPathComponent("dis-closure.yaml")
        var text = try String(contentsOf: specURL, encoding: .utf8)
        text = text.replacingOccurrences(of: "epochs: 20000", with: "epochs: 12000")
            .replacingOccurrences(of: "replicas: 50", with: "replicas: 2")
            .replacingOccurrences(of: "patience: 2000", with: "patience: 5000")
        // Bounds for the full example, not for 120 epochs.
        text = String(text[..<text.range(of: "\nexpect:")!.lowerBound]) + "\n"
        try text.write(to: specURL, atomically: true, encoding: .utf8)
        let whole = try reference(["train", "dis-closure.yaml", "--out", "whole", "--quiet"], run: "whole",
                                  metrics: "replica_000/metrics.csv", in: dir)
        let seconds = whole.seconds

        let fits = ["replica_000", "replica_001"]
        let (rounds, advanced) = try trainThroughSignals(
            spec: "dis-closure.yaml", run: "cut", in: dir, fits: fits, window: Self.window(whole))
        guard !rounds.isEmpty else { return }
        #expect(advanced >= 2, "no round was stopped while training: \(rounds.map { ($0.delay, $0.status) })")
        print("◇ observables: \(rounds.count) runs, \(advanced) stopped while training (an uninterrupted run: \(String(format: "%.2f", seconds)) s, training from \(String(format: "%.2f", whole.startup)) s)")
        for fit in fits {
            let a = dir.appendingPathComponent("cut/" + fit), b = dir.appendingPathComponent("whole/" + fit)
            for file in ["weights.safetensors", "observables.csv"] {
                #expect(try Data(contentsOf: a.appendingPathComponent(file)) == Data(contentsOf: b.appendingPathComponent(file)), "\(fit)/\(file)")
            }
        }
        let closure = { (run: String) in (Self.json(dir.appendingPathComponent(run + "/summary.json"))?["closure"] as? [String: Any])?["bias"] as? Double }
        #expect(closure("cut") != nil && closure("cut") == closure("whole"))
    }

    /// A full-batch spec of a wide network whose one step takes about a
    /// second per thousand points on this machine's kernels.
    static func wide(points: Int) -> String {
        """
        nnc: 1
        name: wide
        inputs: [x]
        outputs: [y]
        network:
          layers:
            - {dense: 1024, activation: tanh}
            - {dense: 1024, activation: tanh}
            - {dense: 1, activation: linear}
        data:
          generate:
            truth: "x^2"
            x: {linspace: [-1, 1], points: \(points)}
          validation: {fraction: 0.2, seed: 1}
        training:
          loss: mse
          optimizer: {adam: {learning_rate: 1.0e-3}}
          batch_size: full
          epochs: 3
          seed: 5

        """
    }

    /// A second Ctrl-C more than a second after the first quits at once, inside
    /// a long step, and says what is on disk: here the checkpoint of epoch 1.
    /// The run resumes from it. The step is made long enough on this machine
    /// (about 2.5 s on one thread) from a measured one.
    @Test func aDeliberateSecondInterruptQuitsAtOnce() throws {
        let dir = try folder("wide.yaml", Self.wide(points: 2000))
        var r = try NNCProcess.run(["train", "wide.yaml", "--out", "probe", "--epochs", "1", "--threads", "1", "--quiet"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let row = try String(contentsOf: dir.appendingPathComponent("probe/metrics.csv"), encoding: .utf8).split(separator: "\n")[1]
        let step = max(Double(row.split(separator: ",").last ?? "") ?? 1, 1e-3)
        let points = min(24_000, max(2000, Int(2000 * 2.5 / step)))
        try Self.wide(points: points).write(to: dir.appendingPathComponent("wide.yaml"), atomically: true, encoding: .utf8)

        let errURL = dir.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let p = Process()
        p.executableURL = NNCProcess.binary
        p.arguments = ["train", "wide.yaml", "--out", "run", "--checkpoint-every", "1", "--threads", "1"]
        p.currentDirectoryURL = dir
        p.standardOutput = FileHandle.nullDevice
        p.standardError = try FileHandle(forWritingTo: errURL)
        try p.run()
        let checkpoint = dir.appendingPathComponent("run/checkpoint.safetensors")
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline && Self.metadata(checkpoint)?["epoch"] != "1" { usleep(20_000) }
        let started = Date()
        kill(p.processIdentifier, SIGINT)
        usleep(1_200_000)
        kill(p.processIdentifier, SIGINT)
        p.waitUntilExit()
        let waited = Date().timeIntervalSince(started)
        let stderr = try String(contentsOf: errURL, encoding: .utf8)
        #expect(p.terminationReason == .exit && p.terminationStatus == 130, "\(stderr)")
        if stderr.contains("quitting at once") {
            // Quit inside epoch 2's step: its checkpoint of epoch 1 is on disk, whole, and said so.
            #expect(stderr.contains("run: checkpoint of epoch 1 kept (resume with --resume); weights and summary not written"), "\(stderr)")
            #expect(Self.metadata(checkpoint)?["epoch"] == "1")
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("run/summary.json").path))
            #expect(waited < 2.5, "the second SIGINT took \(waited) s to act")
        } else {
            // The step ended within 1.2 s after all (a busy probe, a faster second step): a graceful stop instead.
            print("◇ the step (\(points) points, probe \(String(format: "%.2f", step)) s for 2000) ended before the second SIGINT: graceful stop checked instead")
            #expect(Self.json(dir.appendingPathComponent("run/summary.json")) != nil)
        }
        r = try NNCProcess.run(["train", "wide.yaml", "--out", "run", "--resume", "--epochs", "2", "--quiet"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.metadata(checkpoint)?["epoch"] == "2")
    }

    /// `nnc train --out run --quiet` of a tiny spec with endless epochs, in a
    /// fresh folder, once it trains (its metrics.csv exists).
    func endlessRun() throws -> (URL, Process) {
        let dir = try folder("tiny.yaml", Self.tiny.replacingOccurrences(of: "epochs: 60", with: "epochs: 100000000"))
        let p = Process()
        p.executableURL = NNCProcess.binary
        p.arguments = ["train", "tiny.yaml", "--out", "run", "--quiet"]
        p.currentDirectoryURL = dir
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        let metrics = dir.appendingPathComponent("run/metrics.csv")
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline && !FileManager.default.fileExists(atPath: metrics.path) { usleep(10_000) }
        return (dir, p)
    }

    /// SIGUSR1 writes a checkpoint and training goes on.
    @Test func sigusr1WritesACheckpointAndGoesOn() throws {
        let (dir, p) = try endlessRun()
        let checkpoint = dir.appendingPathComponent("run/checkpoint.safetensors")
        var deadline: Date
        usleep(300_000)
        #expect(!FileManager.default.fileExists(atPath: checkpoint.path), "no timed checkpoint yet (every 10 s)")
        var epochs: [Int] = []
        for _ in 0..<2 {
            kill(p.processIdentifier, SIGUSR1)
            deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                if let e = Self.metadata(checkpoint)?["epoch"].flatMap(Int.init), e > (epochs.last ?? 0) {
                    epochs.append(e)
                    break
                }
                usleep(5_000)
            }
            usleep(200_000)
        }
        #expect(p.isRunning, "SIGUSR1 does not stop training")
        #expect(epochs.count == 2 && epochs[0] < epochs[1], "\(epochs)")
        kill(p.processIdentifier, SIGTERM)
        p.waitUntilExit()
        #expect(p.terminationStatus == 143)
    }

    @Test func aFolderHoldingARunIsResumedReplacedOrLeftAlone() throws {
        let dir = try folder("tiny.yaml", Self.tiny.replacingOccurrences(of: "epochs: 60", with: "epochs: 8"))
        #expect(try NNCProcess.run(["train", "tiny.yaml", "--quiet"], in: dir).status == 0)
        let before = try Data(contentsOf: dir.appendingPathComponent("runs/tiny/checkpoint.safetensors"))
        var r = try NNCProcess.run(["train", "tiny.yaml", "--epochs", "2"], in: dir)
        #expect(r.status == 2 && r.stderr.contains("error[E0723]"), "\(r.stderr)")
        #expect(r.stderr.contains("--resume") && r.stderr.contains("--force") && r.stderr.contains("of epoch 8"))
        #expect(try Data(contentsOf: dir.appendingPathComponent("runs/tiny/checkpoint.safetensors")) == before, "left alone")
        r = try NNCProcess.run(["train", "tiny.yaml", "--epochs", "2", "--force", "--quiet"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.metadata(dir.appendingPathComponent("runs/tiny/checkpoint.safetensors"))?["epoch"] == "2")
        #expect(try NNCProcess.run(["train", "tiny.yaml", "--resume", "--force"], in: dir).status == 2)

        // --resume with nothing to resume is an error for replicas too.
        let rep = try folder("rep.yaml", Self.tiny.replacingOccurrences(of: "seed: 5\n", with: "seed: 5\n  replicas: 3\n"))
        r = try NNCProcess.run(["train", "rep.yaml", "--out", "r", "--resume"], in: rep)
        #expect(r.status == 1 && r.stderr.contains("error[E0717]") && r.stderr.contains("no checkpoint in 'r'"), "\(r.stderr)")
    }

    @Test func aSecondProcessIsToldWhoUsesTheFolder() throws {
        let (dir, p) = try endlessRun()
        let r = try NNCProcess.run(["train", "tiny.yaml", "--out", "run", "--resume"], in: dir)
        #expect(r.status == 2 && r.stderr.contains("error[E0722]"), "\(r.stderr)")
        #expect(r.stderr.contains("in use by another nnc: process \(p.processIdentifier) on "), "\(r.stderr)")
        #expect(r.stderr.contains("(nnc train tiny.yaml --out run --quiet)"), "\(r.stderr)")
        #expect(p.isRunning, "the first run goes on")
        kill(p.processIdentifier, SIGTERM)
        p.waitUntilExit()
        #expect(p.terminationStatus == 143)
        // Once it has ended the folder is free again.
        let again = try NNCProcess.run(["train", "tiny.yaml", "--out", "run", "--resume", "--epochs", "1", "--quiet"], in: dir)
        #expect(again.status == 0, "\(again.stderr)")
    }

    /// A changed spec is one E0714 for all the replicas' checkpoints, naming each field.
    @Test func aChangedSpecIsOneDiagnosticNamingTheFields() throws {
        let text = Self.tiny.replacingOccurrences(of: "seed: 5\n", with: "seed: 5\n  replicas: 3\n")
            .replacingOccurrences(of: "epochs: 60", with: "epochs: 4")
        let dir = try folder("rep.yaml", text)
        #expect(try NNCProcess.run(["train", "rep.yaml", "--out", "r", "--quiet"], in: dir).status == 0)
        try text.replacingOccurrences(of: "learning_rate: 1.0e-2", with: "learning_rate: 3.0e-2")
            .replacingOccurrences(of: "epochs: 4", with: "epochs: 9")
            .write(to: dir.appendingPathComponent("rep.yaml"), atomically: true, encoding: .utf8)
        let r = try NNCProcess.run(["train", "rep.yaml", "--out", "r", "--resume"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.components(separatedBy: "error[E0714]").count == 2, "one diagnostic: \(r.stderr)")
        #expect(r.stderr.contains("the 3 checkpoints of 'r' were written for a different spec: 1 field differs"), "\(r.stderr)")
        #expect(r.stderr.contains("training.optimizer.adam.learning_rate: 0.01 in the checkpoint, 0.03 now"), "\(r.stderr)")
        #expect(!r.stderr.contains("training.epochs"), "epochs may change")
    }

    /// `--seed` seeds the run (and is recorded, so the resume must repeat it);
    /// each replica lists its own seeds; `keep: last` prints and writes the last epoch.
    @Test func seedAndKeep() throws {
        let text = Self.tiny.replacingOccurrences(of: "epochs: 60", with: "epochs: 6")
            .replacingOccurrences(of: "seed: 5\n", with: "seed: 5\n  keep: last\n")
        let dir = try folder("tiny.yaml", text)
        var r = try NNCProcess.run(["train", "tiny.yaml", "--out", "s9", "--seed", "9"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("at the last epoch, 6 (the weights written)"), "\(r.stdout)")
        #expect(Self.metadata(dir.appendingPathComponent("s9/weights.safetensors"))?["nnc_weights"] == "last")
        let resolved = try String(contentsOf: dir.appendingPathComponent("s9/spec.resolved.yaml"), encoding: .utf8)
        #expect(resolved.contains("  keep: last\n  seed: 9\n"))
        let fit = try #require((Self.json(dir.appendingPathComponent("s9/summary.json"))?["replicas"] as? [[String: Any]])?.first)
        #expect(fit["seed"] as? Int == 9 && fit["weights"] as? String == "last" && fit["weights_epoch"] as? Int == 6)
        #expect(fit["weights_val_loss"] as? Double == fit["final_val_loss"] as? Double)
        #expect((fit["seeds"] as? [String: Any])?.count == 4)
        r = try NNCProcess.run(["train", "tiny.yaml", "--out", "s9", "--resume", "--epochs", "8"], in: dir)
        #expect(r.status == 1 && r.stderr.contains("training.seed: 9 in the checkpoint, 5 now"), "\(r.stderr)")
        r = try NNCProcess.run(["train", "tiny.yaml", "--out", "s9", "--resume", "--epochs", "8", "--seed", "9", "--quiet"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        r = try NNCProcess.run(["train", "tiny.yaml", "--out", "s5", "--quiet"], in: dir)
        #expect(try Data(contentsOf: dir.appendingPathComponent("s5/weights.safetensors")) != Data(contentsOf: dir.appendingPathComponent("s9/weights.safetensors")))

        // predict takes --seed as train does, and says it changes nothing.
        try "x\n0.25\n-0.5\n".write(to: dir.appendingPathComponent("in.csv"), atomically: true, encoding: .utf8)
        let plain = try NNCProcess.run(["predict", "tiny.yaml", "--weights", "s9", "--input", "in.csv", "--output", "-"], in: dir)
        let seeded = try NNCProcess.run(["predict", "tiny.yaml", "--weights", "s9", "--input", "in.csv", "--output", "-", "--seed", "9"], in: dir)
        #expect(plain.status == 0 && seeded.status == 0 && plain.stdout == seeded.stdout && plain.stdout.hasPrefix("x,y\n"))
        #expect(seeded.stderr.contains("note: --seed changes no prediction"))
    }
}
