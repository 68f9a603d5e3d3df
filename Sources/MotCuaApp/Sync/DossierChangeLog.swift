import Fluent
import Foundation
import SQLKit

/// The sync feed's log: one row per dossier, moved to a new position by every change, in the transaction of the
/// change. A position is (xid, seq): on PostgreSQL `xid` is the writing transaction's id and a reader takes only
/// rows with xid below the oldest transaction still running (`pg_snapshot_xmin`), so no row can later appear
/// before a position already handed out, however transactions commit; on SQLite writers are serialized and
/// `xid` is 0. A dossier changed again leaves its old position, so no page repeats what a later one will show.
enum DossierChangeLog {
    static func record(dossierID: UUID, at: Date, on db: Database) async throws {
        guard let sql = db as? SQLDatabase else { return }
        try await sql.raw("DELETE FROM dossier_changes WHERE dossier_id = \(bind: dossierID)").run()
        try await sql.raw("""
            INSERT INTO dossier_changes (xid, dossier_id, changed_at) VALUES (\(unsafeRaw: xidExpression(db)), \(bind: dossierID), \(bind: at))
            """).run()
    }

    /// Several new dossiers at once (intake's group commit).
    static func record(_ entries: [(id: UUID, at: Date)], on db: Database) async throws {
        guard let sql = db as? SQLDatabase, !entries.isEmpty else { return }
        var start = 0
        while start < entries.count {
            let end = min(start + 500, entries.count)
            var values = SQLQueryString("")
            for (index, entry) in entries[start..<end].enumerated() {
                values.appendInterpolation(unsafeRaw: (index == 0 ? "(" : ", (") + xidExpression(db) + ", ")
                values.appendInterpolation(bind: entry.id)
                values.appendInterpolation(unsafeRaw: ", ")
                values.appendInterpolation(bind: entry.at)
                values.appendInterpolation(unsafeRaw: ")")
            }
            try await sql.raw("INSERT INTO dossier_changes (xid, dossier_id, changed_at) VALUES \(values)").run()
            start = end
        }
    }

    /// Gives every dossier without a log row one (bulk generation, demo seed), in the order of their last change.
    static func backfill(on db: Database) async throws {
        guard let sql = db as? SQLDatabase else { return }
        try await sql.raw("""
            INSERT INTO dossier_changes (xid, dossier_id, changed_at)
            SELECT \(unsafeRaw: xidExpression(db)), d.id, d.updated_at FROM dossiers d
            WHERE NOT EXISTS (SELECT 1 FROM dossier_changes c WHERE c.dossier_id = d.id)
            ORDER BY d.updated_at, d.id
            """).run()
    }

    static func xidExpression(_ db: Database) -> String {
        db.isPostgres ? "pg_current_xact_id()::text::bigint" : "0"
    }

    /// The highest xid a reader may take: every transaction below it has ended (committed rows are visible).
    static func visibleBelow(on db: Database) async throws -> Int64 {
        guard db.isPostgres, let sql = db as? SQLDatabase else { return Int64.max }
        struct Row: Decodable { let xmin: Int64 }
        let row = try await sql.raw("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin").first(decoding: Row.self)
        return row?.xmin ?? 0
    }
}
