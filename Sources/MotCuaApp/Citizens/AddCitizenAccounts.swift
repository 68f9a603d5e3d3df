import Fluent
import SQLKit

/// Issue 9's accounts: a citizen's CCCD, phone and e-mail verification on `users`, one account per CCCD, and the
/// single-use links sent by e-mail (verification, password reset).
struct AddCitizenAccounts: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(User.schema).field("id_number", .string).update()
        try await database.schema(User.schema).field("phone", .string).update()
        try await database.schema(User.schema).field("email_verified_at", .datetime).update()
        // NULLs never collide, so officers (no CCCD) are not constrained.
        try await database.createIndex(name: "users_id_number_key", on: User.schema, columns: ["id_number"], unique: true)
        try await database.createIndex(name: "users_email_idx", on: User.schema, columns: ["email"])
        try await database.schema(AccountToken.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("purpose", .string, .required)
            .field("token_hash", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema(AccountToken.schema).delete()
        if let sql = database as? SQLDatabase {
            try await sql.raw("DROP INDEX IF EXISTS users_id_number_key").run()
            try await sql.raw("DROP INDEX IF EXISTS users_email_idx").run()
        }
        for column in ["email_verified_at", "phone", "id_number"] {
            try await database.schema(User.schema).deleteField(FieldKey(stringLiteral: column)).update()
        }
    }
}
