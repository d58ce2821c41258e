import Foundation

/// A trial (or a replica of a distributed fit) as stored.
public struct StoredTrial: Sendable, Equatable {
    public var id: Int64
    public var number: Int
    /// `SearchSpace.encode`'s form; for a replica queue `{"replica":r}`.
    public var parameters: String
    public var state: TrialState
    public var worker: String?
    /// How many times a worker claimed it (more than 1: it was re-queued).
    public var attempts: Int
    public var reward: Double?
    /// The loss of each fold (and replica), comma-separated.
    public var folds: String?
    public var epochs: Int?
    public var seconds: Double?
    public var message: String?
}

public enum TrialState: String, Sendable {
    /// Waiting for a worker (a trial whose worker died is put back here).
    case queued
    case running
    case complete
    /// Stopped by median pruning.
    case pruned
    /// The trial's spec was rejected or its training diverged; rerunning gives the same.
    case failed

    public var isFinished: Bool { self == .complete || self == .pruned || self == .failed }
}

/// A trial's outcome as a worker reports it.
public struct TrialOutcome: Sendable {
    public var state: TrialState
    public var reward: Double?
    public var folds: [Double]
    public var epochs: Int
    public var seconds: Double
    public var message: String?

    public init(state: TrialState, reward: Double?, folds: [Double], epochs: Int, seconds: Double, message: String? = nil) {
        self.state = state
        self.reward = reward
        self.folds = folds
        self.epochs = epochs
        self.seconds = seconds
        self.message = message
    }
}

/// The study protocol on one SQL connection. Every operation is one atomic
/// statement, so workers on any number of machines can share a study with no
/// lock held across statements:
///
/// - trials are numbered 0..<target, and `UNIQUE(study, number)` makes each
///   number exist once: a worker draws the values of the lowest free number and
///   inserts it already claimed; when two race, one insert wins and the other
///   draws again (a unique index on the study and a 64-bit digest of the
///   values, `valuesKey`, also keeps each value set once: a small key, where
///   an index of the values' text split a page at every few trials);
/// - a queued trial is claimed by one `UPDATE ... WHERE state = 'queued'`:
///   the database lets exactly one worker change it;
/// - a running trial carries its worker's heartbeat (the database's clock); a
///   trial whose heartbeat is older than the grace period is put back in the
///   queue with the same values, and its old worker's heartbeats and result are
///   refused (they name a worker that no longer owns it);
/// - a study is done when all `target` numbers exist and are finished.
public final class StudyStore {
    public let database: SQLDatabase
    let now: String

    public init(_ database: SQLDatabase) throws {
        self.database = database
        now = database.dialect == .sqlite
            ? "((julianday('now') - 2440587.5) * 86400.0)"
            : "extract(epoch from clock_timestamp())::float8"
        try createSchema()
    }

    public convenience init(location: StoreLocation) throws {
        try self.init(try location.connect())
    }

    func createSchema() throws {
        let id = database.dialect == .sqlite ? "INTEGER PRIMARY KEY" : "BIGSERIAL PRIMARY KEY"
        let real = database.dialect == .sqlite ? "REAL" : "DOUBLE PRECISION"
        let blob = database.dialect == .sqlite ? "BLOB" : "BYTEA"
        let statements = [
            """
            CREATE TABLE IF NOT EXISTS nnc_studies (
                id \(id), name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, fingerprint TEXT NOT NULL,
                definition TEXT NOT NULL, target INTEGER NOT NULL, created \(real) NOT NULL)
            """,
            """
            CREATE TABLE IF NOT EXISTS nnc_trials (
                id \(id), study BIGINT NOT NULL, number INTEGER NOT NULL, parameters TEXT NOT NULL,
                state TEXT NOT NULL, worker TEXT, heartbeat \(real), attempts INTEGER NOT NULL DEFAULT 1,
                reward \(real), folds TEXT, epochs INTEGER, seconds \(real), message TEXT,
                started \(real), finished \(real), values_key BIGINT,
                UNIQUE (study, number))
            """,
            """
            CREATE TABLE IF NOT EXISTS nnc_intermediate (
                trial BIGINT NOT NULL, epoch INTEGER NOT NULL, value \(real) NOT NULL, PRIMARY KEY (trial, epoch))
            """,
            """
            CREATE TABLE IF NOT EXISTS nnc_artifacts (
                trial BIGINT NOT NULL, name TEXT NOT NULL, data \(blob) NOT NULL, PRIMARY KEY (trial, name))
            """,
        ]
        for sql in statements {
            // Two workers creating the tables at once on PostgreSQL: one may
            // lose the race on the catalogue; the tables then exist.
            do {
                try database.execute(sql, [])
            } catch {
                try database.execute(sql, [])
            }
        }
        // A store made by an earlier nnc has no values_key (its table keeps
        // UNIQUE (study, parameters), which still holds for its old rows).
        if try !hasValuesKey() {
            do {
                try database.execute("ALTER TABLE nnc_trials ADD COLUMN values_key BIGINT", [])
            } catch {
                if try !hasValuesKey() { throw error }
            }
        }
        let index = "CREATE UNIQUE INDEX IF NOT EXISTS nnc_trials_values ON nnc_trials (study, values_key)"
        do {
            try database.execute(index, [])
        } catch {
            try database.execute(index, [])
        }
    }

    func hasValuesKey() throws -> Bool {
        let sql = database.dialect == .sqlite
            ? "SELECT 1 FROM pragma_table_info('nnc_trials') WHERE name = 'values_key'"
            : "SELECT 1 FROM information_schema.columns WHERE table_name = 'nnc_trials' AND column_name = 'values_key' AND table_schema = current_schema()"
        return try !database.execute(sql, []).rows.isEmpty
    }

    /// The key that keeps a study's value sets unique: FNV-1a of their
    /// canonical text (`SearchSpace.encode`), the same on every machine. Two
    /// different sets with one key (about one chance in 10¹⁹ a pair) cost a
    /// draw: the second is refused and its worker draws again.
    public static func valuesKey(_ parameters: String) -> Int64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in parameters.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01B3
        }
        return Int64(bitPattern: h)
    }

    /// The study `name`, created when new. Throws `StudyMismatch` when it
    /// exists with another fingerprint. The target is updated to `target`.
    public func openStudy(name: String, kind: String, fingerprint: String, definition: String, target: Int) throws -> Int64 {
        try database.execute(
            "INSERT INTO nnc_studies (name, kind, fingerprint, definition, target, created) VALUES (?, ?, ?, ?, ?, \(now)) ON CONFLICT (name) DO NOTHING",
            [.text(name), .text(kind), .text(fingerprint), .text(definition), .int(Int64(target))])
        let rows = try database.execute("SELECT id, fingerprint, kind FROM nnc_studies WHERE name = ?", [.text(name)]).rows
        guard let row = rows.first, let id = row[0].int else { throw StoreError("the study '\(name)' could not be created") }
        if row[1].text != fingerprint || row[2].text != kind {
            throw StudyMismatch(name: name)
        }
        try database.execute("UPDATE nnc_studies SET target = ? WHERE id = ?", [.int(Int64(target)), .int(Int64(id))])
        return Int64(id)
    }

    /// The study `name` as stored: its id, target and definition; nil when absent.
    public func findStudy(name: String) throws -> (id: Int64, target: Int, definition: String, kind: String)? {
        let rows = try database.execute("SELECT id, target, definition, kind FROM nnc_studies WHERE name = ?", [.text(name)]).rows
        guard let r = rows.first, let id = r[0].int, let target = r[1].int else { return nil }
        return (Int64(id), target, r[2].text ?? "", r[3].text ?? "")
    }

    public func target(study: Int64) throws -> Int {
        try database.execute("SELECT target FROM nnc_studies WHERE id = ?", [.int(study)]).rows.first?[0].int ?? 0
    }

    /// Puts back in the queue every running trial whose worker has not beaten
    /// for `grace` seconds. Returns how many.
    @discardableResult
    public func requeueStale(study: Int64, grace: Double) throws -> Int {
        try database.execute(
            "UPDATE nnc_trials SET state = 'queued', worker = NULL WHERE study = ? AND state = 'running' AND heartbeat < \(now) - ?",
            [.int(study), .double(grace)]).changes
    }

    static let columns = "id, number, parameters, state, worker, attempts, reward, folds, epochs, seconds, message"

    static func trial(_ r: [SQLValue]) -> StoredTrial {
        StoredTrial(
            id: Int64(r[0].int ?? 0), number: r[1].int ?? 0, parameters: r[2].text ?? "{}",
            state: TrialState(rawValue: r[3].text ?? "") ?? .queued, worker: r[4].text, attempts: r[5].int ?? 1,
            reward: r[6].double, folds: r[7].text, epochs: r[8].int, seconds: r[9].double, message: r[10].text)
    }

    /// Claims the queued trial with the lowest number, if any.
    public func claimQueued(study: Int64, worker: String) throws -> StoredTrial? {
        let rows = try database.execute("""
            UPDATE nnc_trials SET state = 'running', worker = ?, heartbeat = \(now), started = \(now), attempts = attempts + 1
            WHERE id = (SELECT id FROM nnc_trials WHERE study = ? AND state = 'queued' ORDER BY number LIMIT 1) AND state = 'queued'
            RETURNING \(Self.columns)
            """, [.text(worker), .int(study)]).rows
        return rows.first.map(Self.trial)
    }

    /// Claims the queued trial `id`; nil when another worker was first.
    public func claimQueued(trial id: Int64, worker: String) throws -> StoredTrial? {
        let rows = try database.execute("""
            UPDATE nnc_trials SET state = 'running', worker = ?, heartbeat = \(now), started = \(now), attempts = attempts + 1
            WHERE id = ? AND state = 'queued'
            RETURNING \(Self.columns)
            """, [.text(worker), .int(id)]).rows
        return rows.first.map(Self.trial)
    }

    /// Inserts trial `number` with `parameters`, claimed by `worker`; nil when
    /// the number or the parameters already exist (another worker was first).
    public func insertClaimed(study: Int64, number: Int, parameters: String, worker: String) throws -> StoredTrial? {
        let insert = """
            INSERT INTO nnc_trials (study, number, parameters, values_key, state, worker, heartbeat, started, attempts)
            VALUES (?, ?, ?, ?, 'running', ?, \(now), \(now), 1) ON CONFLICT DO NOTHING
            """
        let values: [SQLValue] = [.int(study), .int(Int64(number)), .text(parameters), .int(Self.valuesKey(parameters)), .text(worker)]
        if database.dialect == .sqlite {
            // The row is what was inserted: SQLite gives its id, and no RETURNING row is made and read back.
            let r = try database.execute(insert, values)
            guard r.changes == 1, let id = r.insertedID else { return nil }
            return StoredTrial(id: id, number: number, parameters: parameters, state: .running, worker: worker, attempts: 1,
                               reward: nil, folds: nil, epochs: nil, seconds: nil, message: nil)
        }
        return try database.execute(insert + " RETURNING \(Self.columns)", values).rows.first.map(Self.trial)
    }

    /// The study's trials with only what claiming needs (number, values, state,
    /// reward), in the order of their ids; the text columns a report reads are
    /// left out. With `after`, only the trials whose id is larger (a worker's
    /// view read incrementally).
    public func trialSummaries(study: Int64, after: Int64 = 0) throws -> [StoredTrial] {
        // SQLite, without statistics, would walk the (study, number) index over
        // every trial of the study; `+study` makes it seek the id range.
        let column = database.dialect == .sqlite ? "+study" : "study"
        return try database.execute("SELECT id, number, parameters, state, attempts, reward FROM nnc_trials WHERE \(column) = ? AND id > ? ORDER BY id",
                                    [.int(study), .int(after)]).rows.map { r in
            StoredTrial(id: Int64(r[0].int ?? 0), number: r[1].int ?? 0, parameters: r[2].text ?? "{}",
                        state: TrialState(rawValue: r[3].text ?? "") ?? .queued, worker: nil, attempts: r[4].int ?? 1,
                        reward: r[5].double, folds: nil, epochs: nil, seconds: nil, message: nil)
        }
    }

    public func trials(study: Int64) throws -> [StoredTrial] {
        try database.execute("SELECT \(Self.columns) FROM nnc_trials WHERE study = ? ORDER BY number", [.int(study)]).rows.map(Self.trial)
    }

    /// Renews the worker's claim; false when the trial is no longer its own
    /// (it was re-queued after a silence longer than the grace period).
    public func heartbeat(trial: Int64, worker: String) throws -> Bool {
        try database.execute("UPDATE nnc_trials SET heartbeat = \(now) WHERE id = ? AND worker = ? AND state = 'running'",
                             [.int(trial), .text(worker)]).changes == 1
    }

    /// Records the outcome; false (and nothing written) when the trial is no
    /// longer this worker's.
    public func finish(trial: Int64, worker: String, outcome: TrialOutcome) throws -> Bool {
        let folds = outcome.folds.map { "\($0)" }.joined(separator: ",")
        return try database.execute("""
            UPDATE nnc_trials SET state = ?, reward = ?, folds = ?, epochs = ?, seconds = ?, message = ?, finished = \(now)
            WHERE id = ? AND worker = ? AND state = 'running'
            """, [.text(outcome.state.rawValue), outcome.reward.map { $0.isFinite ? .double($0) : .null } ?? .null, .text(folds),
                  .int(Int64(outcome.epochs)), .double(outcome.seconds), outcome.message.map { .text($0) } ?? .null,
                  .int(trial), .text(worker)]).changes == 1
    }

    /// A running trial's intermediate value (its best validation loss at `epoch`).
    public func report(trial: Int64, epoch: Int, value: Double) throws {
        try database.execute("INSERT INTO nnc_intermediate (trial, epoch, value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                             [.int(trial), .int(Int64(epoch)), .double(value.isFinite ? value : Double.greatestFiniteMagnitude)])
    }

    /// The values finished trials of the study reported at `epoch`.
    public func intermediateValues(study: Int64, epoch: Int) throws -> [Double] {
        try database.execute("""
            SELECT i.value FROM nnc_intermediate i JOIN nnc_trials t ON t.id = i.trial
            WHERE t.study = ? AND i.epoch = ? AND t.state IN ('complete', 'pruned')
            """, [.int(study), .int(Int64(epoch))]).rows.compactMap { $0[0].double }
    }

    /// Stores a file a worker produced (a replica's weights), replacing an older copy.
    public func putArtifact(trial: Int64, name: String, data: [UInt8]) throws {
        try database.execute("DELETE FROM nnc_artifacts WHERE trial = ? AND name = ?", [.int(trial), .text(name)])
        try database.execute("INSERT INTO nnc_artifacts (trial, name, data) VALUES (?, ?, ?)", [.int(trial), .text(name), .blob(data)])
    }

    public func artifacts(trial: Int64) throws -> [(name: String, data: [UInt8])] {
        try database.execute("SELECT name, data FROM nnc_artifacts WHERE trial = ? ORDER BY name", [.int(trial)]).rows
            .map { ($0[0].text ?? "", $0[1].bytes ?? []) }
    }
}

/// A stored study was created from another search.
public struct StudyMismatch: Error, CustomStringConvertible {
    public var name: String
    public var description: String {
        "the store already holds a study '\(name)' made from a different spec or search"
    }
}

extension StudyStore {
    /// Puts a trial this worker gives up (Ctrl-C) back in the queue at once.
    public func release(trial: Int64, worker: String) throws {
        try database.execute("UPDATE nnc_trials SET state = 'queued', worker = NULL WHERE id = ? AND worker = ? AND state = 'running'",
                             [.int(trial), .text(worker)])
    }
}
