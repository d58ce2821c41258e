import CSQLite
import Foundation
@testable import NNCStudy
import Testing

/// The claim protocol on a real database: SQLite always, PostgreSQL when Tests/run started one.
struct StoreTests {
    static func locations() throws -> [StoreLocation] {
        [temporarySQLite()] + (try temporaryPostgres().map { [$0] } ?? [])
    }

    /// A batch (the result of one trial and the claim of the next): on SQLite
    /// one transaction, whose failure leaves nothing of it; on PostgreSQL the
    /// statements one by one. Either way a worker reads its own writes in it,
    /// and the incremental read returns only later trials, in the order of their ids.
    @Test func aBatchCommitsTogetherOrNotAtAll() throws {
        for location in try Self.locations() {
            let store = try StudyStore(location: location)
            let id = try store.openStudy(name: "b", kind: "hyperopt", fingerprint: "f", definition: "d", target: 4)
            let first = try #require(try store.insertClaimed(study: id, number: 2, parameters: "{\"x\":2}", worker: "w"))
            let second = try store.database.batch { () throws -> StoredTrial? in
                #expect(try store.finish(trial: first.id, worker: "w", outcome: TrialOutcome(state: .complete, reward: 1, folds: [1], epochs: 3, seconds: 0)))
                #expect(try store.trialSummaries(study: id, after: 0).map(\.state) == [.complete])
                return try store.insertClaimed(study: id, number: 0, parameters: "{\"x\":0}", worker: "w")
            }
            #expect(second != nil)
            #expect(try store.trialSummaries(study: id, after: first.id).map(\.number) == [0], "\(location)")
            #expect(try store.trialSummaries(study: id).map(\.number) == [2, 0], "in the order of the ids")
            struct Failure: Error {}
            #expect(throws: Failure.self) {
                try store.database.batch {
                    _ = try store.insertClaimed(study: id, number: 1, parameters: "{\"x\":1}", worker: "w")
                    throw Failure()
                }
            }
            let numbers = try store.trialSummaries(study: id).map(\.number)
            if store.database.dialect == .sqlite {
                #expect(numbers == [2, 0], "the failed batch left nothing")
            } else {
                #expect(numbers == [2, 0, 1], "PostgreSQL runs a batch's statements one by one")
            }
        }
    }

    /// A connection opened while another holds the file (here: a new file
    /// still in its first, exclusive transaction) waits for it instead of
    /// failing with "database is locked".
    @Test func aStoreOpenedWhileAnotherHoldsTheFileWaits() throws {
        guard case .sqlite(let path) = temporarySQLite() else { return }
        SQLiteDatabase.makeFolders((path as NSString).deletingLastPathComponent)
        var opened: OpaquePointer?
        try #require(sqlite3_open_v2(path, &opened, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK)
        nonisolated(unsafe) let holder = opened
        defer { sqlite3_close(holder) }
        try #require(sqlite3_exec(holder, "BEGIN EXCLUSIVE; CREATE TABLE t (x)", nil, nil, nil) == SQLITE_OK)
        let released = Date().addingTimeInterval(0.3)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { sqlite3_exec(holder, "COMMIT", nil, nil, nil) }
        let store = try StudyStore(location: .sqlite(path: path))
        #expect(Date() >= released, "the connection waited for the commit")
        _ = try store.openStudy(name: "w", kind: "hyperopt", fingerprint: "f", definition: "d", target: 1)
        store.database.close()
    }

    /// A store an earlier nnc made (its value sets unique by their text, no
    /// `values_key`) gets the column and its index on opening, keeps its
    /// trials, and refuses a value set it holds, old or new.
    @Test func aStoreOfAnEarlierVersionIsCarriedForward() throws {
        for location in try Self.locations() {
            let database = try location.connect()
            try database.execute("""
                CREATE TABLE nnc_trials (
                    id \(database.dialect == .sqlite ? "INTEGER PRIMARY KEY" : "BIGSERIAL PRIMARY KEY"), study BIGINT NOT NULL,
                    number INTEGER NOT NULL, parameters TEXT NOT NULL, state TEXT NOT NULL, worker TEXT, heartbeat DOUBLE PRECISION,
                    attempts INTEGER NOT NULL DEFAULT 1, reward DOUBLE PRECISION, folds TEXT, epochs INTEGER, seconds DOUBLE PRECISION,
                    message TEXT, started DOUBLE PRECISION, finished DOUBLE PRECISION,
                    UNIQUE (study, number), UNIQUE (study, parameters))
                """, [])
            let store = try StudyStore(database)
            let id = try store.openStudy(name: "old", kind: "hyperopt", fingerprint: "f", definition: "d", target: 3)
            try database.execute("INSERT INTO nnc_trials (study, number, parameters, state) VALUES (?, 0, '{\"x\":0}', 'complete')", [.int(id)])
            _ = try StudyStore(database)  // opened again: nothing to add
            #expect(try store.hasValuesKey())
            #expect(try store.insertClaimed(study: id, number: 1, parameters: "{\"x\":0}", worker: "w") == nil, "an old row's values")
            #expect(try store.insertClaimed(study: id, number: 1, parameters: "{\"x\":1}", worker: "w") != nil)
            #expect(try store.insertClaimed(study: id, number: 2, parameters: "{\"x\":1}", worker: "w") == nil, "a new row's values")
            #expect(try store.trialSummaries(study: id).map(\.number) == [0, 1])
            database.close()
        }
    }

    @Test func theValuesKeyIsTheSameEverywhere() {
        // FNV-1a 64: fixed, not Swift's per-process seeded hash.
        #expect(StudyStore.valuesKey("") == Int64(bitPattern: 0xcbf2_9ce4_8422_2325))
        #expect(StudyStore.valuesKey("a") == Int64(bitPattern: 0xaf63_dc4c_8601_ec8c))
        #expect(StudyStore.valuesKey("{\"x\":1}") != StudyStore.valuesKey("{\"x\":2}"))
    }

    @Test func eachNumberAndEachValueSetIsClaimedOnce() throws {
        for location in try Self.locations() {
            let store = try StudyStore(location: location)
            let id = try store.openStudy(name: "s", kind: "hyperopt", fingerprint: "f", definition: "d", target: 3)
            let a = try store.insertClaimed(study: id, number: 0, parameters: "{\"x\":1}", worker: "a")
            #expect(a != nil)
            #expect(try store.insertClaimed(study: id, number: 0, parameters: "{\"x\":2}", worker: "b") == nil, "\(location)")
            #expect(try store.insertClaimed(study: id, number: 1, parameters: "{\"x\":1}", worker: "b") == nil, "\(location)")
            #expect(try store.claimQueued(study: id, worker: "b") == nil)
            #expect(throws: StudyMismatch.self) {
                try store.openStudy(name: "s", kind: "hyperopt", fingerprint: "other", definition: "d", target: 3)
            }
            store.database.close()
        }
    }

    @Test func aSilentWorkersTrialIsRequeuedAndItsResultRefused() throws {
        for location in try Self.locations() {
            let store = try StudyStore(location: location)
            let id = try store.openStudy(name: "s", kind: "hyperopt", fingerprint: "f", definition: "d", target: 1)
            let t = try #require(try store.insertClaimed(study: id, number: 0, parameters: "{}", worker: "dead"))
            #expect(try store.requeueStale(study: id, grace: 60) == 0)
            Thread.sleep(forTimeInterval: 0.3)
            #expect(try store.requeueStale(study: id, grace: 0.1) == 1)
            let again = try #require(try store.claimQueued(study: id, worker: "alive"))
            #expect(again.id == t.id && again.attempts == 2 && again.parameters == "{}")
            #expect(try store.heartbeat(trial: t.id, worker: "dead") == false)
            let outcome = TrialOutcome(state: .complete, reward: 1, folds: [1], epochs: 3, seconds: 0.1)
            #expect(try store.finish(trial: t.id, worker: "dead", outcome: outcome) == false)
            #expect(try store.finish(trial: t.id, worker: "alive", outcome: outcome) == true)
            #expect(try store.finish(trial: t.id, worker: "alive", outcome: outcome) == false, "a finished trial stays finished")
            let all = try store.trials(study: id)
            #expect(all.count == 1 && all[0].state == .complete && all[0].reward == 1)
            store.database.close()
        }
    }
}
