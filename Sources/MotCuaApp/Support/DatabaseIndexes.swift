import Fluent
import SQLKit

extension Database {
    /// Fluent's schema builder has no index API; both SQLite and PostgreSQL accept this statement, also with a
    /// `predicate` (a partial index; a constant condition written in this code, never input).
    func createIndex(name: String, on table: String, columns: [String], unique: Bool = false, predicate: String? = nil) async throws {
        guard let sql = self as? SQLDatabase else { return }
        let cols = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        let condition = predicate.map { " WHERE \($0)" } ?? ""
        try await sql.raw(SQLQueryString("CREATE \(unsafeRaw: unique ? "UNIQUE " : "")INDEX IF NOT EXISTS \(unsafeRaw: name) ON \(unsafeRaw: table) (\(unsafeRaw: cols))\(unsafeRaw: condition)")).run()
    }

    var isPostgres: Bool { (self as? SQLDatabase)?.dialect.name == "postgresql" }
}
