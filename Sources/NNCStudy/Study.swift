import Foundation
import NNCPlan
import NNCSpec
import NNCTrain

/// How `nnc hyperopt` runs its workers.
public struct StudyOptions: Sendable {
    public var location: StoreLocation
    /// Worker threads in this process, each with its own engines and connections.
    public var workers: Int
    /// Overrides `hyperopt.trials`.
    public var trials: Int?
    /// Seconds between a worker's heartbeats.
    public var heartbeat: Double
    /// A running trial whose worker has not beaten for this long is re-queued.
    public var grace: Double
    /// Seconds between looks at the store while other workers finish the last trials.
    public var poll: Double
    /// Names this process's workers in the store (default: host:pid).
    public var workerName: String

    public init(
        location: StoreLocation, workers: Int = 1, trials: Int? = nil, heartbeat: Double = 5, grace: Double = 60,
        poll: Double = 0.5, workerName: String? = nil
    ) {
        self.location = location
        self.workers = max(1, workers)
        self.trials = trials
        self.heartbeat = heartbeat
        self.grace = max(grace, 2 * heartbeat)
        self.poll = poll
        self.workerName = workerName ?? (ProcessInfo.processInfo.hostName + ":" + String(ProcessInfo.processInfo.processIdentifier))
    }
}

/// What a worker tells the display.
public enum StudyEvent: Sendable {
    case started(number: Int, attempt: Int, worker: String)
    case finished(number: Int, outcome: TrialOutcome)
    case requeued(count: Int)
}

/// What a run of `nnc hyperopt` did in this process.
public struct StudyRunSummary: Sendable {
    public var trialsRun: Int
    public var seconds: Double
    /// Seconds inside `Fit.run`, summed over workers.
    public var trainingSeconds: Double
    /// CPU seconds of the worker threads inside `Fit.run`, and of the whole process during the run.
    public var trainingCPUSeconds: Double
    public var processCPUSeconds: Double
    public var compiled: Int
    public var interrupted: Bool
}

/// One study: the spec's search, its store, and the worker loop.
public final class Study {
    public let spec: Spec
    public let hyperopt: Hyperopt
    public let space: SearchSpace
    public let sampler: Sampler
    public let name: String
    /// The base spec as the tree trials set their values on, made once: the
    /// fingerprint and every worker's trials read it.
    public let template: SpecTemplate

    public init(spec: Spec) throws {
        guard let h = spec.hyperopt else { throw TrialFailure("the spec has no hyperopt block") }
        self.spec = spec
        hyperopt = h
        space = SearchSpace(h)
        sampler = Sampler(kind: h.sampler.value, space: space, seed: h.seed.value)
        name = spec.name.value
        template = SpecTemplate(base: spec)
    }

    /// Identifies the search: the resolved base spec, the space, the sampler,
    /// its seed and the reward (not the number of trials, which may grow).
    public var fingerprint: String {
        let text = template.file.text + "\n" + definition
        return SHA256.hex(Array(text.utf8))
    }

    /// The search as stored with the study (for reports and mismatch messages).
    public var definition: String {
        var lines = ["sampler: \(hyperopt.sampler.value.rawValue)", "seed: \(hyperopt.seed.value)",
                     "reward: \(hyperopt.reward.loss.value.rawValue), folds \(hyperopt.reward.folds.value), \(hyperopt.reward.statistic.value.rawValue)"]
        if let p = hyperopt.prune?.value { lines.append("prune: median after \(p.afterEpochs) every \(p.every), \(p.startupTrials) start-up trials") }
        for d in space.dimensions {
            let domain: String
            switch d.domain {
            case .int(let a, let b): domain = "int [\(a), \(b)]"
            case .uniform(let a, let b): domain = "uniform [\(a), \(b)]"
            case .logUniform(let a, let b): domain = "log_uniform [\(a), \(b)]"
            case .choice(let c): domain = "choice [" + c.map(\.text).joined(separator: ", ") + "]"
            }
            lines.append("\(d.name): \(domain)")
        }
        return lines.joined(separator: "\n")
    }

    /// The trials the study ends with: `trials`, or the number of distinct
    /// value sets when the space is discrete and smaller.
    public var target: Int {
        let t = hyperopt.trials.value
        if let size = space.size { return min(t, size) }
        return t
    }

    /// Opens (or creates) the study in the store.
    public func open(_ store: StudyStore, trials: Int?) throws -> Int64 {
        var t = trials ?? target
        if let size = space.size { t = min(t, size) }
        return try store.openStudy(name: name, kind: "hyperopt", fingerprint: fingerprint, definition: definition, target: t)
    }

    /// Runs workers until every trial of the study is finished (or `stop`).
    public func run(options: StudyOptions, stop: StopRequest, events: @escaping @Sendable (StudyEvent) -> Void) throws -> StudyRunSummary {
        let clock = Date()
        let cpu = Self.processCPUSeconds()
        let setup = try StudyStore(location: options.location)
        let id = try open(setup, trials: options.trials)
        setup.database.close()
        let totals = Totals()
        let group = DispatchGroup()
        for w in 0..<options.workers {
            group.enter()
            let worker = options.workers == 1 ? options.workerName : options.workerName + "/\(w)"
            Thread.detachNewThread { [self] in
                defer { group.leave() }
                // A lost connection (a database restart, a network cut) is retried
                // with new connections after 1, 2, 4, 8 s; the trial in flight goes
                // back to the queue after the grace period.
                for attempt in 0..<5 {
                    do {
                        try self.work(study: id, worker: worker, options: options, stop: stop, totals: totals, events: events)
                        return
                    } catch {
                        if attempt == 4 || stop.isRequested || error is StudyMismatch {
                            totals.fail(error)
                            stop.request()
                            return
                        }
                        Thread.sleep(forTimeInterval: Double(1 << attempt))
                    }
                }
            }
        }
        group.wait()
        if let e = totals.error { throw e }
        return StudyRunSummary(trialsRun: totals.trials, seconds: Date().timeIntervalSince(clock),
                               trainingSeconds: totals.training, trainingCPUSeconds: totals.trainingCPU,
                               processCPUSeconds: Self.processCPUSeconds() - cpu, compiled: totals.compiled, interrupted: stop.isRequested)
    }

    /// User and system CPU seconds of this process so far.
    public static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    /// One worker: claim, train, report, until the study is done.
    func work(study: Int64, worker: String, options: StudyOptions, stop: StopRequest, totals: Totals,
              events: @escaping @Sendable (StudyEvent) -> Void) throws {
        let store = try StudyStore(location: options.location)
        defer { store.database.close() }
        let beat = try Heartbeat(location: options.location, every: options.heartbeat, worker: worker, processStop: stop)
        defer { beat.close() }
        let runner = TrialRunner(spec: spec, template: template)
        defer { totals.add(training: runner.trainingSeconds, cpu: runner.trainingCPUSeconds, compiled: runner.compiled) }
        let view = TrialView(sampler: sampler)
        var lastRequeue = Date.distantPast
        // A finished trial's outcome is recorded in the batch that claims the
        // next trial (SQLite: one transaction a trial instead of four), and
        // alone when the loop ends or that batch fails.
        var done: (trial: StoredTrial, outcome: TrialOutcome)?
        func record(_ recorded: Bool) {
            if let d = done, recorded {
                totals.count()
                events(.finished(number: d.trial.number, outcome: d.outcome))
            }
            done = nil
        }
        defer {
            if let d = done { record((try? store.finish(trial: d.trial.id, worker: worker, outcome: d.outcome)) ?? false) }
        }
        while !stop.isRequested {
            // A trial can go stale only after `grace` seconds: looking every heartbeat is enough.
            if Date().timeIntervalSince(lastRequeue) >= options.heartbeat {
                let requeued = try store.requeueStale(study: study, grace: options.grace)
                if requeued > 0 { events(.requeued(count: requeued)) }
                lastRequeue = Date()
            }
            let (recorded, claimed) = try store.database.batch { () throws -> (Bool, StoredTrial?) in
                let recorded = try done.map { try store.finish(trial: $0.trial.id, worker: worker, outcome: $0.outcome) } ?? false
                return (recorded, try claim(store: store, study: study, worker: worker, view: view))
            }
            record(recorded)
            guard let trial = claimed else {
                let all = try store.trialSummaries(study: study)
                let target = try store.target(study: study)
                let finished = all.filter { $0.number < target && $0.state.isFinished }.count
                if finished >= target { return }
                Thread.sleep(forTimeInterval: options.poll)
                lastRequeue = .distantPast
                continue
            }
            guard let parameters = view.parameters(trial.parameters) else {
                _ = try store.finish(trial: trial.id, worker: worker, outcome: TrialOutcome(
                    state: .failed, reward: nil, folds: [], epochs: 0, seconds: 0, message: "unreadable parameters in the store"))
                continue
            }
            events(.started(number: trial.number, attempt: trial.attempts, worker: worker))
            let trialStop = StopRequest()
            beat.start(trial: trial.id, stop: trialStop)
            let outcome = runner.run(parameters, stop: trialStop, prune: pruneCheck(store: store, study: study, trial: trial.id))
            let owned = beat.stop()
            if outcome.state == .queued || !owned {
                // Interrupted here, or re-queued by another worker during a silence: not ours to report.
                if owned { try store.release(trial: trial.id, worker: worker) }
                continue
            }
            done = (trial, outcome)
        }
    }

    /// A queued trial, else a new one with the lowest free number; nil when
    /// every number exists.
    func claim(store: StudyStore, study: Int64, worker: String, view: TrialView) throws -> StoredTrial? {
        let target = try store.target(study: study)
        // The view is read incrementally; after a lost race, or before saying
        // there is nothing to claim, the whole study is read again (a trial
        // another worker inserted may have committed after a later one).
        var full = false
        for _ in 0..<50 {
            try view.refresh(store: store, study: study, full: full)
            if let queued = view.firstQueued {
                if let t = try store.claimQueued(trial: queued.id, worker: worker) { return t }
                continue
            }
            guard let number = view.lowestFreeNumber(below: target) else {
                if full { return nil }
                full = true
                continue
            }
            // A draw that repeats an earlier trial's values is drawn again.
            let history = view.history
            var drawn: (text: String, values: Parameters)?
            for retry in 0..<100 {
                guard let p = sampler.draw(number: number, retry: retry, history: history) else { break }
                let text = SearchSpace.encode(p)
                if !view.holds(parameters: text) {
                    drawn = (text, p)
                    break
                }
            }
            guard let drawn else {
                // Every value set is taken: the space is smaller than the target.
                return nil
            }
            if let t = try store.insertClaimed(study: study, number: number, parameters: drawn.text, worker: worker) {
                view.remember(drawn.values, for: drawn.text)
                return t
            }
            full = true
        }
        return nil
    }

    func pruneCheck(store: StudyStore, study: Int64, trial: Int64) -> TrialRunner.PruneCheck? {
        guard let p = hyperopt.prune?.value else { return nil }
        return { epoch, best in
            try? store.report(trial: trial, epoch: epoch, value: best)
            guard epoch >= p.afterEpochs, let values = try? store.intermediateValues(study: study, epoch: epoch),
                  values.count >= max(p.startupTrials, 1)
            else { return false }
            let sorted = values.sorted()
            let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
            return best > median
        }
    }
}

/// A worker's view of the study's trials, read incrementally: a finished
/// trial never changes again (only running trials are finished, re-queued or
/// released), so a refresh reads only the trials after the last id up to
/// which every trial the view holds is finished — in a study run by one
/// worker, none but the ones it inserted. Each stored value set is parsed once.
final class TrialView {
    let sampler: Sampler
    private var trials: [Int64: StoredTrial] = [:]
    private var numbers = Set<Int>()
    private var texts = Set<String>()
    private var decoded: [String: Parameters] = [:]
    /// Finished trials as the sampler sees them, in the order of their
    /// numbers (kept in order as they come: usually at the end).
    private var finishedNumbers = Set<Int>()
    private var orderedNumbers: [Int] = []
    private(set) var history: History
    /// Every trial the view holds with an id up to this one is finished.
    private var bound: Int64 = 0

    init(sampler: Sampler) {
        self.sampler = sampler
        history = History(space: sampler.space)
    }

    func refresh(store: StudyStore, study: Int64, full: Bool) throws {
        if full {
            trials = [:]
            numbers = []
            firstFree = 0
            texts = []
            finishedNumbers = []
            orderedNumbers = []
            history = History(space: sampler.space)
            bound = 0
        }
        for t in try store.trialSummaries(study: study, after: bound) {
            trials[t.id] = t
            numbers.insert(t.number)
            texts.insert(t.parameters)
            if t.state.isFinished, !finishedNumbers.contains(t.number), let p = parameters(t.parameters) {
                finishedNumbers.insert(t.number)
                var i = orderedNumbers.count
                while i > 0 && orderedNumbers[i - 1] > t.number { i -= 1 }
                orderedNumbers.insert(t.number, at: i)
                history.insert(p, reward: t.state == .complete ? t.reward : nil, at: i)
            }
        }
        var unfinished = Int64.max
        var last: Int64 = bound
        for (id, t) in trials {
            last = max(last, id)
            if !t.state.isFinished { unfinished = min(unfinished, id) }
        }
        bound = unfinished == .max ? last : unfinished - 1
        // Finished trials below the bound are never read again: only their numbers, values and observations are kept.
        // (With one worker, all of them: the storage is kept, not made anew at every claim.)
        if trials.keys.allSatisfy({ $0 <= bound }) {
            trials.removeAll(keepingCapacity: true)
        } else {
            trials = trials.filter { $0.key > bound }
        }
    }

    /// The queued trial with the lowest number.
    var firstQueued: StoredTrial? {
        trials.values.filter { $0.state == .queued }.min { $0.number < $1.number }
    }

    /// Numbers below this one all exist (trials are never deleted, so it only
    /// grows; a full read starts it again): finding the lowest free number
    /// does not walk the whole study at every claim.
    private var firstFree = 0

    func lowestFreeNumber(below target: Int) -> Int? {
        while numbers.contains(firstFree) { firstFree += 1 }
        return firstFree < target ? firstFree : nil
    }

    func holds(parameters text: String) -> Bool { texts.contains(text) }

    /// A stored value set, parsed once.
    func parameters(_ text: String) -> Parameters? {
        if let p = decoded[text] { return p }
        let p = SearchSpace.decode(text)
        decoded[text] = p
        return p
    }

    /// The values a worker drew for a trial it inserted (the same as parsing their text).
    func remember(_ p: Parameters, for text: String) {
        decoded[text] = p
    }
}

/// A worker's heartbeat: its own connection and thread, renewing the claim
/// on the running trial; when the store says the trial is no longer this
/// worker's, the trial is stopped. It also passes a process-wide stop
/// (Ctrl-C) on to the running trial, within a quarter of a second.
final class Heartbeat: @unchecked Sendable {
    private let store: StudyStore
    private let every: Double
    private let worker: String
    private let lock = NSCondition()
    private var trial: Int64?
    private var trialStop: StopRequest?
    private var owned = true
    private var closed = false
    private let processStop: StopRequest?

    init(location: StoreLocation, every: Double, worker: String, processStop: StopRequest? = nil) throws {
        store = try StudyStore(location: location)
        self.every = every
        self.worker = worker
        self.processStop = processStop
        Thread.detachNewThread { [self] in loop() }
    }

    /// Beats for `trial` from now on. The beating thread is not woken: the
    /// claim wrote the trial's first beat, and the thread looks again within
    /// a quarter second (a wake-up a trial was a context switch each few
    /// milliseconds in a study of short trials).
    func start(trial: Int64, stop: StopRequest) {
        lock.lock()
        self.trial = trial
        trialStop = stop
        owned = true
        lock.unlock()
    }

    /// Ends the beats of the current trial; false when the claim was lost.
    func stop() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        trial = nil
        trialStop = nil
        return owned
    }

    func close() {
        lock.lock()
        closed = true
        lock.signal()
        lock.unlock()
    }

    private func loop() {
        lock.lock()
        var last = Date()
        while !closed {
            _ = lock.wait(until: Date().addingTimeInterval(min(every, 0.25)))
            if processStop?.isRequested == true { trialStop?.request() }
            guard !closed, let t = trial, Date().timeIntervalSince(last) >= every else { continue }
            last = Date()
            lock.unlock()
            let ok = (try? store.heartbeat(trial: t, worker: worker)) ?? true
            lock.lock()
            if !ok && trial == t {
                owned = false
                trialStop?.request()
            }
        }
        lock.unlock()
        store.database.close()
    }
}

/// Counts shared by the workers of one process.
final class Totals: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var trials = 0
    private(set) var training = 0.0
    private(set) var trainingCPU = 0.0
    private(set) var compiled = 0
    private(set) var error: Error?

    func count() { lock.lock(); trials += 1; lock.unlock() }
    func add(training t: Double, cpu: Double, compiled c: Int) {
        lock.lock()
        training += t
        trainingCPU += cpu
        compiled += c
        lock.unlock()
    }
    func fail(_ e: Error) { lock.lock(); if error == nil { error = e }; lock.unlock() }
}

