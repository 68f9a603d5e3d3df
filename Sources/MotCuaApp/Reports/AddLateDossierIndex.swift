import Fluent
import SQLKit

/// The public statement lists the latest dossiers resolved late (`PublicStatistics.late`), for anyone, without login.
/// Through the (agency, resolved_at, timeliness) index that list read every dossier resolved in the period (2.6 s for
/// the province's history at ten million); this partial index holds only the late ones, newest last, so the list
/// stops after its 200 rows.
struct AddLateDossierIndex: AsyncMigration {
    static let name = "dossiers_resolved_late_idx"
    /// Also written, as a constant, in the query that must match it.
    static let predicate = "timeliness = 'late'"

    func prepare(on database: Database) async throws {
        try await database.createIndex(name: Self.name, on: Dossier.schema, columns: ["resolved_at", "handling_agency_id"], predicate: Self.predicate)
    }

    func revert(on database: Database) async throws {
        guard let sql = database as? SQLDatabase else { return }
        try await sql.raw("DROP INDEX IF EXISTS \(unsafeRaw: Self.name)").run()
    }
}
