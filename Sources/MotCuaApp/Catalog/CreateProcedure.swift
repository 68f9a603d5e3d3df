import Fluent

struct CreateProcedure: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(Procedure.schema)
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("field", .string, .required)
            .field("tier", .string, .required)
            .field("agency_id", .uuid, .required, .references(Agency.schema, "id"))
            .field("level", .int, .required)
            .field("legal_days", .int, .required)
            .field("time_unit", .string, .required)
            .field("fees_json", .string, .required)
            .field("components_json", .string, .required)
            .field("steps_json", .string, .required)
            .field("result", .string, .required)
            .field("legal_basis_json", .string, .required)
            .field("search_text", .string, .required)
            .field("is_active", .bool, .required)
            .field("updated_at", .datetime)
            .unique(on: "code")
            .create()
        try await database.createIndex(name: "procedures_agency_idx", on: Procedure.schema, columns: ["agency_id"])
        try await database.createIndex(name: "procedures_field_idx", on: Procedure.schema, columns: ["field"])
    }

    func revert(on database: Database) async throws {
        try await database.schema(Procedure.schema).delete()
    }
}
