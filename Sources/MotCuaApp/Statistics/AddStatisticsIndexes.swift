import Fluent
import SQLKit

/// Indexes on (handling agency, date) for the queries that count or list the dossiers of a period (the counter's
/// day, the evaluation); the statistics' period figures now come from the report roll-ups instead.
/// (Open dossiers use dossiers_handling_status_idx, which already covers them.)
struct AddStatisticsIndexes: AsyncMigration {
    static let indexes: [(name: String, columns: [String])] = [
        ("dossiers_stats_received_idx", ["handling_agency_id", "received_at", "channel"]),
        ("dossiers_stats_resolved_idx", ["handling_agency_id", "resolved_at", "timeliness"]),
        ("dossiers_stats_returned_idx", ["handling_agency_id", "returned_at"]),
    ]

    func prepare(on database: Database) async throws {
        for index in Self.indexes {
            try await database.createIndex(name: index.name, on: Dossier.schema, columns: index.columns)
        }
    }

    func revert(on database: Database) async throws {
        guard let sql = database as? SQLDatabase else { return }
        for index in Self.indexes {
            try await sql.raw("DROP INDEX IF EXISTS \(unsafeRaw: index.name)").run()
        }
    }
}
