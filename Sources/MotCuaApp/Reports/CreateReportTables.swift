import Fluent
import SQLKit

/// The report roll-ups, the sync feed's change log, and the instant of a dossier's last status move.
struct CreateReportTables: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(Dossier.schema).field("status_at", .datetime).update()
        guard let sql = database as? SQLDatabase else { return }
        // Rows written before: their last change is the best known instant of their last move.
        try await sql.raw("UPDATE dossiers SET status_at = updated_at WHERE status_at IS NULL").run()
        let postgres = database.isPostgres
        let uuid = postgres ? "UUID" : "BLOB"
        let counters = RollupColumn.original.map { "\($0.sqlName) BIGINT NOT NULL DEFAULT 0" }.joined(separator: ",\n    ")
        try await sql.raw("""
            CREATE TABLE dossier_rollups (
                bucket INTEGER NOT NULL,
                agency_id \(unsafeRaw: uuid) NOT NULL,
                procedure_id \(unsafeRaw: uuid) NOT NULL,
                \(unsafeRaw: counters),
                PRIMARY KEY (bucket, agency_id, procedure_id)
            )
            """).run()
        // One row per dossier at the position of its last change: (xid, seq) orders the feed (see DossierChangeLog).
        if postgres {
            try await sql.raw("""
                CREATE TABLE dossier_changes (
                    seq BIGSERIAL PRIMARY KEY, xid BIGINT NOT NULL, dossier_id UUID NOT NULL UNIQUE, changed_at TIMESTAMPTZ NOT NULL)
                """).run()
        } else {
            try await sql.raw("""
                CREATE TABLE dossier_changes (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT, xid BIGINT NOT NULL, dossier_id BLOB NOT NULL UNIQUE, changed_at DATETIME NOT NULL)
                """).run()
        }
        try await sql.raw("CREATE INDEX dossier_changes_position_idx ON dossier_changes (xid, seq)").run()
    }

    func revert(on database: Database) async throws {
        guard let sql = database as? SQLDatabase else { return }
        try await sql.raw("DROP TABLE IF EXISTS dossier_changes").run()
        try await sql.raw("DROP TABLE IF EXISTS dossier_rollups").run()
        try await database.schema(Dossier.schema).deleteField("status_at").update()
    }
}
