import Foundation
import Logging
import NIOCore
import PostgresNIO

/// One PostgreSQL connection (postgres-nio) used synchronously: the training
/// threads block on each statement's future, never on Swift concurrency's
/// cooperative pool. `?` placeholders become `$1, $2, ...`.
public final class PostgresDatabase: SQLDatabase {
    public let dialect = SQLDialect.postgres
    private var connection: PostgresConnection?
    private let logger: Logger
    private var numbered: [String: String] = [:]
    private let where_: String

    public init(host: String, port: Int, user: String, password: String?, database: String) throws {
        var logger = Logger(label: "nnc.study.postgres")
        logger.logLevel = .critical
        self.logger = logger
        where_ = "postgresql://\(user)@\(host):\(port)/\(database)"
        let configuration = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: .disable)
        do {
            connection = try PostgresConnection.connect(
                on: PostgresConnection.defaultEventLoopGroup.any(), configuration: configuration,
                id: Int.random(in: 0..<Int.max), logger: logger).wait()
        } catch {
            throw StoreError("cannot connect to \(where_): \(Self.reason(error))")
        }
    }

    deinit { close() }

    /// The statements one by one, each its own commit (see `SQLDatabase.batch`).
    public func batch<T>(_ body: () throws -> T) throws -> T { try body() }

    public func close() {
        if let c = connection { try? c.close().wait() }
        connection = nil
    }

    static func reason(_ error: Error) -> String {
        if let e = error as? PSQLError {
            if let message = e.serverInfo?[.message] { return message }
            return "\(e.code)" + (e.underlying.map { ": \($0)" } ?? "")
        }
        return "\(error)"
    }

    /// `?` → `$n`, outside quotes.
    func number(_ sql: String) -> String {
        if let n = numbered[sql] { return n }
        var out = ""
        var i = 0
        var quoted = false
        for c in sql {
            if c == "'" { quoted.toggle() }
            if c == "?" && !quoted {
                i += 1
                out += "$\(i)"
            } else {
                out.append(c)
            }
        }
        numbered[sql] = out
        return out
    }

    @discardableResult
    public func execute(_ sql: String, _ parameters: [SQLValue]) throws -> SQLResult {
        guard let connection else { throw StoreError("the connection to \(where_) is closed") }
        var binds = PostgresBindings(capacity: parameters.count)
        for p in parameters {
            switch p {
            case .null: binds.appendNull()
            case .int(let v): binds.append(v)
            case .double(let v): binds.append(v)
            case .text(let s): binds.append(s)
            case .blob(let b): binds.append(ByteBuffer(bytes: b))
            }
        }
        let result: PostgresQueryResult
        do {
            result = try connection.query(PostgresQuery(unsafeSQL: number(sql), binds: binds), logger: logger).wait()
        } catch {
            throw StoreError("\(where_): \(Self.reason(error))")
        }
        var rows: [[SQLValue]] = []
        for row in result.rows {
            var values: [SQLValue] = []
            for cell in row {
                guard cell.bytes != nil else {
                    values.append(.null)
                    continue
                }
                switch cell.dataType {
                case .int2, .int4, .int8:
                    values.append(.int((try? cell.decode(Int64.self)) ?? 0))
                case .float4, .float8, .numeric:
                    values.append(.double((try? cell.decode(Double.self)) ?? .nan))
                case .bytea:
                    values.append(.blob((try? cell.decode(ByteBuffer.self)).map { Array($0.readableBytesView) } ?? []))
                default:
                    values.append(.text((try? cell.decode(String.self)) ?? ""))
                }
            }
            rows.append(values)
        }
        return SQLResult(rows: rows, changes: result.metadata.rows ?? 0)
    }
}
