import Fluent
import SQLKit

extension Database {
    /// Fluent's schema builder has no index API; both SQLite and PostgreSQL accept this statement.
    func createIndex(name: String, on table: String, columns: [String], unique: Bool = false) async throws {
        guard let sql = self as? SQLDatabase else { return }
        let cols = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        try await sql.raw(SQLQueryString("CREATE \(unsafeRaw: unique ? "UNIQUE " : "")INDEX IF NOT EXISTS \(unsafeRaw: name) ON \(unsafeRaw: table) (\(unsafeRaw: cols))")).run()
    }

    var isPostgres: Bool { (self as? SQLDatabase)?.dialect.name == "postgresql" }
}
