import Fluent
import SQLKit

/// Gives every outbox message a channel. Rows written before SMS existed are e-mails: the column's default says so.
struct AddOutboxChannel: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(OutboxMessage.schema)
            .field("channel", .string, .required, .sql(.default(OutboxChannel.email.rawValue)))
            .update()
        // The inbound SMS reply limit counts one number's recent replies; the administrators' lists filter by channel.
        try await database.createIndex(name: "outbox_messages_channel_recipient_idx", on: OutboxMessage.schema,
                                       columns: ["channel", "recipient", "created_at"])
        try await database.createIndex(name: "outbox_messages_channel_created_idx", on: OutboxMessage.schema,
                                       columns: ["channel", "created_at"])
    }

    func revert(on database: Database) async throws {
        if let sql = database as? SQLDatabase {
            try await sql.raw("DROP INDEX IF EXISTS outbox_messages_channel_recipient_idx").run()
            try await sql.raw("DROP INDEX IF EXISTS outbox_messages_channel_created_idx").run()
        }
        try await database.schema(OutboxMessage.schema).deleteField("channel").update()
    }
}
