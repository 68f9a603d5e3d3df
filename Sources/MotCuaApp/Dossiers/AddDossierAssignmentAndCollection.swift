import Foundation
import Fluent
import SQLKit

/// Issue 8's dossier columns: the folded applicant name (diacritic-insensitive inbox search), the assigned officer
/// ("Của tôi"), and who collected the result. Existing rows get their folded name here, in batches.
struct AddDossierAssignmentAndCollection: AsyncMigration {
    func prepare(on database: Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        try await database.schema(Dossier.schema).field("applicant_search", .string).update()
        try await database.schema(Dossier.schema).field("assignee_id", .uuid, .references(User.schema, "id")).update()
        try await database.schema(Dossier.schema).field("collector_name", .string).update()
        try await database.schema(Dossier.schema).field("collector_id_number", .string).update()
        try await database.schema(Dossier.schema).field("collected_by_proxy", .bool).update()
        try await database.createIndex(name: "dossiers_assignee_idx", on: Dossier.schema, columns: ["assignee_id", "status"])
        // "Received" leaves out intakes refused at the counter: the statistics' covering index carries the status too.
        try await database.createIndex(name: "dossiers_stats_received_status_idx", on: Dossier.schema,
                                       columns: ["handling_agency_id", "received_at", "channel", "status"])
        if let sql = database as? SQLDatabase { try await sql.raw("DROP INDEX IF EXISTS dossiers_stats_received_idx").run() }
        try await backfillApplicantSearch(on: database)
    }

    private func backfillApplicantSearch(on database: Database) async throws {
        guard let sql = database as? SQLDatabase else { return }
        while true {
            let rows = try await sql.raw("SELECT id, applicant_name FROM dossiers WHERE applicant_search IS NULL LIMIT 1000").all()
            if rows.isEmpty { return }
            try await database.transaction { db in
                guard let tx = db as? SQLDatabase else { return }
                for row in rows {
                    let id = try row.decode(column: "id", as: UUID.self)
                    let name = try row.decode(column: "applicant_name", as: String.self)
                    try await tx.raw("UPDATE dossiers SET applicant_search = \(bind: TextSearch.fold(name)) WHERE id = \(bind: id)").run()
                }
            }
        }
    }

    func revert(on database: Database) async throws {
        for column in ["collected_by_proxy", "collector_id_number", "collector_name", "assignee_id", "applicant_search"] {
            try await database.schema(Dossier.schema).deleteField(FieldKey(stringLiteral: column)).update()
        }
    }
}
