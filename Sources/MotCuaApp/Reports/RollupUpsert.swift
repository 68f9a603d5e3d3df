import FluentKit
import SQLKit

/// Adds counters to roll-up rows in a few statements: `INSERT … ON CONFLICT (keys) DO UPDATE SET c = c + excluded.c`
/// (both databases speak it). Shared by the report's and the officers' roll-ups.
enum RollupUpsert {
    typealias Row = (keys: [any Encodable & Sendable], counters: [Int])

    /// Replaces every row of a roll-up table by what `fill` writes, in one transaction. On PostgreSQL the table is
    /// locked first: a change that commits before the lock is in the recount, one that waits for it adds its delta after.
    static func replaceAll(in table: String, on db: Database, fill: @escaping @Sendable (Database) async throws -> Void) async throws {
        try await db.transaction { tx in
            guard let sql = tx as? SQLDatabase else { return }
            if tx.isPostgres { try await sql.raw("LOCK TABLE \(unsafeRaw: table) IN EXCLUSIVE MODE").run() }
            try await sql.raw("DELETE FROM \(unsafeRaw: table)").run()
            try await fill(tx)
        }
    }

    /// Column names are the callers' constants, never input. Rows are written in the order given.
    static func run(table: String, keyColumns: [String], counterColumns: [String], rows: [Row], on sql: SQLDatabase) async throws {
        let names = keyColumns + counterColumns
        let updates = counterColumns.map { "\($0) = \(table).\($0) + excluded.\($0)" }.joined(separator: ", ")
        // Under every driver's bind limit (SQLite 32,766).
        let perStatement = max(1, min(500, 30_000 / max(names.count, 1)))
        var start = 0
        while start < rows.count {
            let end = min(start + perStatement, rows.count)
            var values = SQLQueryString("")
            for (index, row) in rows[start..<end].enumerated() {
                values.appendInterpolation(unsafeRaw: index == 0 ? "(" : ", (")
                for (position, key) in row.keys.enumerated() {
                    if position > 0 { values.appendInterpolation(unsafeRaw: ", ") }
                    values.appendInterpolation(bind: key)
                }
                for value in row.counters {
                    values.appendInterpolation(unsafeRaw: ", ")
                    values.appendInterpolation(bind: value)
                }
                values.appendInterpolation(unsafeRaw: ")")
            }
            try await sql.raw("""
                INSERT INTO \(unsafeRaw: table) (\(unsafeRaw: names.joined(separator: ", ")))
                VALUES \(values)
                ON CONFLICT (\(unsafeRaw: keyColumns.joined(separator: ", "))) DO UPDATE SET \(unsafeRaw: updates)
                """).run()
            start = end
        }
    }
}
