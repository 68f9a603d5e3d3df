import Fluent

struct CreateAgency: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(Agency.schema)
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("tier", .string, .required)
            .field("kind", .string, .required)
            .field("parent_id", .uuid, .references(Agency.schema, "id"))
            .field("path", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "code")
            .create()
        try await database.createIndex(name: "agencies_path_idx", on: Agency.schema, columns: ["path"])
    }

    func revert(on database: Database) async throws {
        try await database.schema(Agency.schema).delete()
    }
}
