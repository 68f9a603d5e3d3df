import Fluent
import SQLKit

/// The supervision of officers (`OfficerSupervision`) reads the timeline by who acted and when; without this index
/// it scans every event of every dossier (67 million rows at ten million dossiers).
struct AddEventActorIndex: AsyncMigration {
    static let name = "dossier_events_actor_idx"

    func prepare(on database: Database) async throws {
        try await database.createIndex(name: Self.name, on: DossierEvent.schema, columns: ["actor_id", "at"])
    }

    func revert(on database: Database) async throws {
        guard let sql = database as? SQLDatabase else { return }
        try await sql.raw("DROP INDEX IF EXISTS \(unsafeRaw: Self.name)").run()
    }
}
