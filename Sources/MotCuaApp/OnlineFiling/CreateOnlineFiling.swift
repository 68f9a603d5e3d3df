import Fluent
import SQLKit

/// Issue 9's filing: citizens' drafts and their files, and on the dossier who owns it (the citizen who filed it
/// online) and how they asked for the result.
struct CreateOnlineFiling: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(Draft.schema)
            .id()
            .field("owner_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("procedure_id", .uuid, .required, .references(Procedure.schema, "id"))
            .field("applicant_json", .string, .required)
            .field("components_json", .string, .required)
            .field("delivery_method", .string, .required)
            .field("delivery_address", .string)
            .field("submitted_code", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.createIndex(name: "drafts_owner_idx", on: Draft.schema, columns: ["owner_id", "updated_at"])
        try await database.schema(DraftFile.schema)
            .id()
            .field("draft_id", .uuid, .required, .references(Draft.schema, "id", onDelete: .cascade))
            .field("component", .string, .required)
            .field("filename", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int, .required)
            .field("sha256", .string, .required)
            .field("data", .data, .required)
            .field("uploaded_at", .datetime, .required)
            .create()
        try await database.createIndex(name: "draft_files_draft_idx", on: DraftFile.schema, columns: ["draft_id"])
        try await database.schema(Dossier.schema).field("owner_id", .uuid, .references(User.schema, "id")).update()
        try await database.schema(Dossier.schema).field("requested_delivery", .string).update()
        try await database.schema(Dossier.schema).field("delivery_address", .string).update()
        try await database.createIndex(name: "dossiers_owner_idx", on: Dossier.schema, columns: ["owner_id", "received_at"])
    }

    func revert(on database: Database) async throws {
        if let sql = database as? SQLDatabase { try await sql.raw("DROP INDEX IF EXISTS dossiers_owner_idx").run() }
        for column in ["delivery_address", "requested_delivery", "owner_id"] {
            try await database.schema(Dossier.schema).deleteField(FieldKey(stringLiteral: column)).update()
        }
        try await database.schema(DraftFile.schema).delete()
        try await database.schema(Draft.schema).delete()
    }
}
