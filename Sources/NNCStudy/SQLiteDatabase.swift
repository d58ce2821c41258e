import CSQLite
import Foundation

/// An SQLite connection set up for several processes writing one file: WAL
/// journal (readers never block the writer), a 30 s busy timeout (a writer
/// waits for the lock instead of failing with "database is locked"), and
/// `BEGIN IMMEDIATE` for a batch (`batch`).
public final class SQLiteDatabase: SQLDatabase {
    public let dialect = SQLDialect.sqlite
    private var db: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]
    let path: String

    public init(path: String, busyTimeoutMilliseconds: Int32 = 30_000) throws {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { Self.makeFolders(folder) }
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        guard sqlite3_open_v2(path, &db, flags, nil) == SQLITE_OK else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(db)
            db = nil
            throw StoreError("cannot open the SQLite file '\(path)': \(message)")
        }
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
        // Small pages (set before the first table; an existing file keeps its
        // own): a trial's commits write a few rows of a few hundred bytes, and
        // each changed page is a frame appended to the WAL.
        try setUp("PRAGMA page_size=1024", waiting: busyTimeoutMilliseconds)
        try setUp("PRAGMA journal_mode=WAL", waiting: busyTimeoutMilliseconds)
        // NORMAL is safe with WAL (a power loss may drop the last commits, never corrupt).
        try setUp("PRAGMA synchronous=NORMAL", waiting: busyTimeoutMilliseconds)
    }

    /// Runs a set-up statement, trying again while the file is busy: a
    /// connection opened while another process turns a new file to WAL (or
    /// ends its last connection, which checkpoints and removes the log) can be
    /// told "database is locked" at once, without the busy timeout's wait.
    /// Seen once in many starts of 4 processes on one new store.
    private func setUp(_ sql: String, waiting milliseconds: Int32) throws {
        let deadline = Date().addingTimeInterval(Double(milliseconds) / 1000)
        while true {
            do {
                try execute(sql, [])
                return
            } catch {
                // The connection keeps the failed statement's code (prepare or step).
                let code = db.map { sqlite3_errcode($0) & 0xFF } ?? SQLITE_ERROR
                guard code == SQLITE_BUSY || code == SQLITE_LOCKED, Date() < deadline else { throw error }
                usleep(5_000)
            }
        }
    }

    deinit { close() }

    /// `mkdir -p` (FileManager's took a third of a millisecond, a connection;
    /// a failure shows as sqlite3_open's "unable to open database file").
    static func makeFolders(_ path: String) {
        if access(path, F_OK) == 0 { return }
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            prefix += part
            if mkdir(prefix, 0o777) != 0 && errno != EEXIST { return }
            prefix += "/"
        }
    }

    /// One `BEGIN IMMEDIATE` transaction: the write lock is taken at the start
    /// (a reader that turned writer could meet a busy lock it cannot wait
    /// for); a failure rolls the batch back and is thrown.
    public func batch<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE", [])
        do {
            let result = try body()
            try execute("COMMIT", [])
            return result
        } catch {
            _ = try? execute("ROLLBACK", [])
            throw error
        }
    }

    public func close() {
        for (_, s) in statements { sqlite3_finalize(s) }
        statements = [:]
        if let db { sqlite3_close(db) }
        db = nil
    }

    private func error(_ what: String) -> StoreError {
        StoreError("\(what) in '\(path)': " + (db.map { String(cString: sqlite3_errmsg($0)) } ?? "closed"))
    }

    @discardableResult
    public func execute(_ sql: String, _ parameters: [SQLValue]) throws -> SQLResult {
        guard let db else { throw StoreError("the SQLite file '\(path)' is closed") }
        let statement: OpaquePointer
        if let s = statements[sql] {
            statement = s
        } else {
            var s: OpaquePointer?
            guard sqlite3_prepare_v2(db, sql, -1, &s, nil) == SQLITE_OK, let s else { throw error("cannot prepare '\(sql)'") }
            statements[sql] = s
            statement = s
        }
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (i, p) in parameters.enumerated() {
            let index = Int32(i + 1)
            switch p {
            case .null: sqlite3_bind_null(statement, index)
            case .int(let v): sqlite3_bind_int64(statement, index, v)
            case .double(let v): sqlite3_bind_double(statement, index, v)
            case .text(let s): sqlite3_bind_text(statement, index, s, -1, transient)
            case .blob(let b): b.withUnsafeBytes { _ = sqlite3_bind_blob(statement, index, $0.baseAddress, Int32(b.count), transient) }
            }
        }
        var rows: [[SQLValue]] = []
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw error("cannot run '\(sql.prefix(60))'") }
            var row: [SQLValue] = []
            for c in 0..<sqlite3_column_count(statement) {
                switch sqlite3_column_type(statement, c) {
                case SQLITE_INTEGER: row.append(.int(sqlite3_column_int64(statement, c)))
                case SQLITE_FLOAT: row.append(.double(sqlite3_column_double(statement, c)))
                case SQLITE_TEXT: row.append(.text(String(cString: sqlite3_column_text(statement, c))))
                case SQLITE_BLOB:
                    let n = Int(sqlite3_column_bytes(statement, c))
                    if let p = sqlite3_column_blob(statement, c), n > 0 {
                        row.append(.blob(Array(UnsafeRawBufferPointer(start: p, count: n))))
                    } else {
                        row.append(.blob([]))
                    }
                default: row.append(.null)
                }
            }
            rows.append(row)
        }
        let changes = Int(sqlite3_changes(db))
        // Only an INSERT's: after another statement the connection's last rowid is an earlier INSERT's.
        let inserted = changes > 0 && sql.utf8.starts(with: "INSERT".utf8)
        return SQLResult(rows: rows, changes: changes, insertedID: inserted ? sqlite3_last_insert_rowid(db) : nil)
    }
}
