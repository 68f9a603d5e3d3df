import Fluent
import FluentPostgresDriver
import Foundation
import SQLiteNIO
import Vapor

extension PublicDossier {
    /// One indexed query: the dossier by its unique code, joined to its procedure and its events (one row per
    /// event). Rows rather than Fluent models keep the public hot path to the columns it shows; this endpoint
    /// is benchmarked against `/health`, and every round trip, parse or generic decode costs a visible part of its speed:
    /// SQLite rows are read straight from SQLiteNIO, and PostgreSQL runs the query as a prepared statement
    /// (parsed and planned once per connection). Both run the same SQL, `lookupSQL`.
    static func find(code: String, on db: Database) async throws -> PublicDossier? {
        if let sqlite = db as? any SQLiteDatabase {
            return try make(from: try await SQLiteLookupRow.find(code: code, on: sqlite))
        }
        if let postgres = db as? any PostgresDatabase {
            return try make(from: try await PostgresLookupStatement.find(code: code, on: postgres, logger: db.logger))
        }
        throw AppError(.internalServerError, "unsupported_database", "Cơ sở dữ liệu này không hỗ trợ tra cứu hồ sơ.")
    }
}

/// The few column reads `PublicDossier.make` needs, whichever database the row came from; NULL is nil.
protocol PublicDossierRow {
    func string(_ column: String) throws -> String?
    func int(_ column: String) throws -> Int?
    func date(_ column: String) throws -> Date?
}

/// SQLite: the rows straight from SQLiteNIO, each column converted directly (SQLKit's generic row decoder and
/// query serializer were ≈ 10 % of a lookup).
struct SQLiteLookupRow: PublicDossierRow {
    let row: SQLiteRow

    static let sql = PublicDossier.lookupSQL(parameter: "?1")

    static func find(code: String, on db: any SQLiteDatabase) async throws -> [SQLiteLookupRow] {
        try await db.query(sql, [.text(code)]).map(SQLiteLookupRow.init)
    }

    func string(_ column: String) throws -> String? { try convert(column) }
    func int(_ column: String) throws -> Int? { try convert(column) }
    func date(_ column: String) throws -> Date? { try convert(column) }

    private func convert<T: SQLiteDataConvertible>(_ column: String) throws -> T? {
        guard let data = row.column(column), !data.isNull else { return nil }
        guard let value = T(sqliteData: data) else { throw LookupColumnError(column: column) }
        return value
    }
}

/// PostgreSQL: a prepared statement, which PostgresNIO prepares once per connection; parsing and planning the
/// three-table query on every lookup cost the server more than the lookup's own work.
struct PostgresLookupStatement: PostgresPreparedStatement {
    static let name = "motcua_public_lookup"
    static let sql = PublicDossier.lookupSQL(parameter: "$1")
    typealias Row = PostgresLookupRow

    let code: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(code)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> PostgresLookupRow {
        PostgresLookupRow(row: row.makeRandomAccess())
    }

    static func find(code: String, on db: any PostgresDatabase, logger: Logger) async throws -> [PostgresLookupRow] {
        try await db.withConnection { connection in
            connection.eventLoop.makeFutureWithTask {
                var rows: [PostgresLookupRow] = []
                for try await row in try await connection.execute(PostgresLookupStatement(code: code), logger: logger) {
                    rows.append(row)
                }
                return rows
            }
        }.get()
    }
}

struct PostgresLookupRow: PublicDossierRow, Sendable {
    let row: PostgresRandomAccessRow

    func string(_ column: String) throws -> String? { try decode(column) }
    func int(_ column: String) throws -> Int? { try decode(column) }
    func date(_ column: String) throws -> Date? { try decode(column) }

    private func decode<T: PostgresDecodable>(_ column: String) throws -> T? {
        guard row.contains(column) else { throw LookupColumnError(column: column) }
        let cell = row[column]
        return cell.bytes == nil ? nil : try cell.decode(T.self)
    }
}

struct LookupColumnError: Error, CustomStringConvertible {
    let column: String
    var description: String { "Cột \(column) của truy vấn tra cứu thiếu hoặc có giá trị không đọc được." }
}
