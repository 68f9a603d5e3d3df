import Fluent

/// The place of the date line and the head (or deputy) who signs in the agency's name (slip 04).
struct AddAgencySigners: AsyncMigration {
    static let columns = ["place", "head_title", "head_name", "deputy_name"]

    func prepare(on database: Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        for column in Self.columns {
            try await database.schema(Agency.schema).field(FieldKey(stringLiteral: column), .string).update()
        }
    }

    func revert(on database: Database) async throws {
        for column in Self.columns {
            try await database.schema(Agency.schema).deleteField(FieldKey(stringLiteral: column)).update()
        }
    }
}
