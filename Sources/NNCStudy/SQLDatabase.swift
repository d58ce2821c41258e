import Foundation

/// A value bound to, or read from, a statement.
public enum SQLValue: Equatable, Sendable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    case blob([UInt8])

    public var int: Int? {
        switch self {
        case .int(let v): return Int(v)
        case .double(let v): return Int(v)
        case .text(let s): return Int(s)
        default: return nil
        }
    }

    public var double: Double? {
        switch self {
        case .int(let v): return Double(v)
        case .double(let v): return v
        case .text(let s): return Double(s)
        default: return nil
        }
    }

    public var text: String? {
        switch self {
        case .text(let s): return s
        case .int(let v): return String(v)
        case .double(let v): return String(v)
        default: return nil
        }
    }

    public var bytes: [UInt8]? {
        if case .blob(let b) = self { return b }
        return text.map { Array($0.utf8) }
    }
}

/// What one statement returned: its rows, and how many rows it changed.
public struct SQLResult: Sendable {
    public var rows: [[SQLValue]]
    public var changes: Int
    /// The id of the row an INSERT made, where the database tells it without
    /// a RETURNING clause (SQLite); nil otherwise.
    public var insertedID: Int64? = nil
}

/// The two SQL dialects the store speaks.
public enum SQLDialect: Sendable {
    case sqlite
    case postgres
}

/// One connection to a database. Each statement commits on its own: the
/// store's protocol is built from single atomic statements (see `StudyStore`).
/// Statements are written with `?` placeholders; a PostgreSQL connection
/// numbers them.
public protocol SQLDatabase: AnyObject {
    var dialect: SQLDialect { get }
    @discardableResult
    func execute(_ sql: String, _ parameters: [SQLValue]) throws -> SQLResult
    /// Runs `body`'s statements as one batch where that is cheaper than one
    /// commit each, and as they are where it is not. The protocol's
    /// statements are each correct on their own, so a batch only saves work:
    /// SQLite takes its locks and appends to its log once for the batch; a
    /// PostgreSQL connection runs them one by one (a transaction would add
    /// two round trips and hold row locks across them).
    func batch<T>(_ body: () throws -> T) throws -> T
    func close()
}

/// A database error with the database's own words.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// Where a study lives: `sqlite:PATH` (or a plain path) or `postgresql://user[:password]@host[:port]/db`.
public enum StoreLocation: Equatable, Sendable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(host: String, port: Int, user: String, password: String?, database: String)

    public init(url: String) throws {
        if url.hasPrefix("postgresql://") || url.hasPrefix("postgres://") {
            guard let u = URLComponents(string: url), let host = u.host, !host.isEmpty else {
                throw StoreError("cannot read the PostgreSQL URL '\(url)'; expected postgresql://user@host:port/db")
            }
            let db = u.path.hasPrefix("/") ? String(u.path.dropFirst()) : u.path
            self = .postgres(host: host, port: u.port ?? 5432, user: u.user ?? "postgres",
                             password: u.password, database: db.isEmpty ? (u.user ?? "postgres") : db)
        } else if url.hasPrefix("sqlite:") {
            var path = String(url.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            self = .sqlite(path: path)
        } else if url.contains("://") {
            throw StoreError("unknown storage URL '\(url)'; expected sqlite:PATH or postgresql://user@host:port/db")
        } else {
            self = .sqlite(path: url)
        }
    }

    /// The URL without its password, for messages.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:" + path
        case .postgres(let host, let port, let user, _, let db): return "postgresql://\(user)@\(host):\(port)/\(db)"
        }
    }

    /// A new, empty database on the same PostgreSQL server, named `prefix`
    /// and a random suffix (throw-away studies: tests, benchmarks).
    public func newPostgresDatabase(prefix: String) throws -> StoreLocation {
        guard case .postgres(let host, let port, let user, let password, _) = self else {
            throw StoreError("\(self) is not a PostgreSQL server")
        }
        let name = prefix + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let admin = try connect()
        defer { admin.close() }
        try admin.execute("CREATE DATABASE \(name)", [])
        return .postgres(host: host, port: port, user: user, password: password, database: name)
    }

    /// Opens one connection.
    public func connect() throws -> SQLDatabase {
        switch self {
        case .sqlite(let path): return try SQLiteDatabase(path: path)
        case .postgres(let host, let port, let user, let password, let db):
            return try PostgresDatabase(host: host, port: port, user: user, password: password, database: db)
        }
    }
}
