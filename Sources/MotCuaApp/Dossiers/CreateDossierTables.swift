import Fluent
import SQLKit

struct CreateDossierTables: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(Dossier.schema)
            .id()
            .field("code", .string, .required)
            .field("procedure_id", .uuid, .required, .references(Procedure.schema, "id"))
            .field("receiving_agency_id", .uuid, .required, .references(Agency.schema, "id"))
            .field("receiving_agency_path", .string, .required)
            .field("handling_agency_id", .uuid, .required, .references(Agency.schema, "id"))
            .field("handling_agency_path", .string, .required)
            .field("status", .int, .required)
            .field("channel", .string, .required)
            .field("applicant_name", .string, .required)
            .field("applicant_id_number", .string)
            .field("applicant_phone", .string)
            .field("applicant_email", .string)
            .field("applicant_address", .string)
            .field("components_json", .string, .required)
            .field("received_at", .datetime, .required)
            .field("appointment_at", .datetime)
            .field("original_appointment_at", .datetime)
            .field("resolved_at", .datetime)
            .field("returned_at", .datetime)
            .field("was_accepted", .bool, .required)
            .field("rescheduled", .bool, .required)
            .field("step_index", .int, .required)
            .field("current_unit", .string)
            .field("timeliness", .string)
            .field("delivery", .string)
            .field("postal_tracking", .string)
            .field("idempotency_key", .string)
            .field("created_by_id", .uuid, .references(User.schema, "id"))
            .field("updated_at", .datetime, .required)
            .unique(on: "code")
            .unique(on: "idempotency_key")
            .create()
        // The queries that the inbox, the counters, the statistics and the overdue scan run.
        try await database.createIndex(name: "dossiers_handling_status_idx", on: Dossier.schema, columns: ["handling_agency_id", "status", "appointment_at"])
        try await database.createIndex(name: "dossiers_receiving_received_idx", on: Dossier.schema, columns: ["receiving_agency_id", "received_at"])
        try await database.createIndex(name: "dossiers_handling_path_idx", on: Dossier.schema, columns: ["handling_agency_path", "received_at"])
        try await database.createIndex(name: "dossiers_receiving_path_idx", on: Dossier.schema, columns: ["receiving_agency_path", "received_at"])
        try await database.createIndex(name: "dossiers_status_appointment_idx", on: Dossier.schema, columns: ["status", "appointment_at"])

        try await database.schema(DossierEvent.schema)
            .id()
            .field("dossier_id", .uuid, .required, .references(Dossier.schema, "id", onDelete: .cascade))
            .field("at", .datetime, .required)
            .field("actor_id", .uuid, .references(User.schema, "id"))
            .field("actor_name", .string, .required)
            .field("action", .string, .required)
            .field("from_status", .int)
            .field("to_status", .int, .required)
            .field("note", .string)
            .field("from_unit", .string)
            .field("to_unit", .string)
            .create()
        try await database.createIndex(name: "dossier_events_dossier_idx", on: DossierEvent.schema, columns: ["dossier_id", "at"])

        try await database.schema(DossierAttachment.schema)
            .id()
            .field("dossier_id", .uuid, .required, .references(Dossier.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("filename", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int, .required)
            .field("sha256", .string, .required)
            .field("data", .data, .required)
            .field("uploaded_at", .datetime, .required)
            .field("uploaded_by_id", .uuid, .references(User.schema, "id"))
            .create()
        try await database.createIndex(name: "dossier_attachments_dossier_idx", on: DossierAttachment.schema, columns: ["dossier_id"])

        // One counter per receiving agency and day; the composite key is what makes codes unique under concurrency.
        guard let sql = database as? SQLDatabase else { return }
        try await sql.raw("""
            CREATE TABLE dossier_sequences (
                agency_code VARCHAR(13) NOT NULL,
                day CHAR(6) NOT NULL,
                last_value INTEGER NOT NULL,
                PRIMARY KEY (agency_code, day)
            )
            """).run()
    }

    func revert(on database: Database) async throws {
        if let sql = database as? SQLDatabase { try await sql.raw("DROP TABLE IF EXISTS dossier_sequences").run() }
        try await database.schema(DossierAttachment.schema).delete()
        try await database.schema(DossierEvent.schema).delete()
        try await database.schema(Dossier.schema).delete()
    }
}
