import Fluent

struct CreateOutboxMessages: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(OutboxMessage.schema)
            .id()
            .field("recipient", .string, .required)
            .field("recipient_name", .string)
            .field("subject", .string, .required)
            .field("text_body", .string, .required)
            .field("html_body", .string, .required)
            .field("kind", .string, .required)
            .field("dossier_id", .uuid)
            .field("message_id", .string, .required)
            .field("state", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("last_error", .string)
            .field("created_at", .datetime, .required)
            .field("sent_at", .datetime)
            .field("claimed_until", .datetime)
            .unique(on: "message_id")
            .create()
        // The worker's claim: due rows of the open states, oldest due first.
        try await database.createIndex(name: "outbox_messages_due_idx", on: OutboxMessage.schema, columns: ["state", "next_attempt_at"])
        // The dossier page's list and the administrator's newest-first list.
        try await database.createIndex(name: "outbox_messages_dossier_idx", on: OutboxMessage.schema, columns: ["dossier_id", "created_at"])
        try await database.createIndex(name: "outbox_messages_created_idx", on: OutboxMessage.schema, columns: ["created_at"])
    }

    func revert(on database: Database) async throws {
        try await database.schema(OutboxMessage.schema).delete()
    }
}
