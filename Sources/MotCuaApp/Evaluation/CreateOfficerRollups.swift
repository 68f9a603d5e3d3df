import Fluent
import SQLKit

/// The officers' roll-ups (`OfficerRollups`), filled from the timelines written so far.
struct CreateOfficerRollups: AsyncMigration {
    func prepare(on database: Database) async throws {
        guard let sql = database as? SQLDatabase else { return }
        let uuid = database.isPostgres ? "UUID" : "BLOB"
        let counters = OfficerRollups.Column.allCases.map { "\($0.sqlName) BIGINT NOT NULL DEFAULT 0" }.joined(separator: ",\n    ")
        try await sql.raw("""
            CREATE TABLE officer_rollups (
                bucket INTEGER NOT NULL,
                officer_id \(unsafeRaw: uuid) NOT NULL,
                \(unsafeRaw: counters),
                PRIMARY KEY (bucket, officer_id)
            )
            """).run()
        try await OfficerRollups.rebuild(on: database)
    }

    func revert(on database: Database) async throws {
        guard let sql = database as? SQLDatabase else { return }
        try await sql.raw("DROP TABLE IF EXISTS officer_rollups").run()
    }
}
