import Fluent
import SQLKit

/// The evaluation's scores become roll-up columns (`DossierScores`): the dossier row learns how often a supplement
/// was requested and received and how it was rated (filled here from the timeline and the ratings), the roll-ups
/// get the score columns, and are rebuilt so that every dossier already resolved is counted in them.
struct AddEvaluationRollups: AsyncMigration {
    func prepare(on database: Database) async throws {
        guard let sql = database as? SQLDatabase else { return }
        // One column per statement: SQLite adds one at a time.
        for column in ["supplement_requests INTEGER", "supplements_received INTEGER", "rating_overall TEXT"] {
            try await sql.raw("ALTER TABLE dossiers ADD COLUMN \(unsafeRaw: column)").run()
        }
        for column in RollupColumn.evaluation {
            try await sql.raw("ALTER TABLE dossier_rollups ADD COLUMN \(unsafeRaw: column.sqlName) BIGINT NOT NULL DEFAULT 0").run()
        }
        try await Self.fill(on: database)
    }

    /// The counters from the timelines and the ratings, then the roll-ups from the rows.
    static func fill(on database: Database) async throws {
        guard let sql = database as? SQLDatabase else { return }
        for (column, action) in [("supplement_requests", "request-supplement"), ("supplements_received", "supplement")] {
            try await sql.raw("""
                UPDATE dossiers SET \(unsafeRaw: column) = (
                  SELECT COUNT(*) FROM dossier_events e WHERE e.dossier_id = dossiers.id AND e.action = \(bind: action))
                WHERE id IN (SELECT dossier_id FROM dossier_events WHERE action = \(bind: action))
                """).run()
        }
        try await sql.raw("""
            UPDATE dossiers SET rating_overall = (
              SELECT r.overall FROM ratings r WHERE r.dossier_id = dossiers.id ORDER BY r.created_at DESC LIMIT 1)
            WHERE id IN (SELECT dossier_id FROM ratings)
            """).run()
        try await DossierRollups.rebuild(on: database)
    }

    func revert(on database: Database) async throws {
        guard let sql = database as? SQLDatabase else { return }
        for column in RollupColumn.evaluation {
            try await sql.raw("ALTER TABLE dossier_rollups DROP COLUMN \(unsafeRaw: column.sqlName)").run()
        }
        for column in ["supplement_requests", "supplements_received", "rating_overall"] {
            try await sql.raw("ALTER TABLE dossiers DROP COLUMN \(unsafeRaw: column)").run()
        }
    }
}
