import Fluent

struct CreateWorkCalendar: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(WorkScheduleWeek.schema)
            .id()
            .field("agency_id", .uuid, .required, .references(Agency.schema, "id"))
            .field("week_start", .string, .required)
            .field("approved_at", .datetime, .required)
            .field("approved_by", .string, .required)
            // Two leaders approving at once: one row, the second approval is a no-op.
            .unique(on: "agency_id", "week_start")
            .create()
        try await database.schema(WorkScheduleEntry.schema)
            .id()
            .field("agency_id", .uuid, .required, .references(Agency.schema, "id"))
            .field("week_start", .string, .required)
            .field("starts_at", .datetime, .required)
            .field("ends_at", .datetime)
            .field("content", .string, .required)
            .field("place", .string, .required)
            .field("chair", .string, .required)
            .field("chair_username", .string)
            .field("attendees", .string, .required)
            .field("preparer", .string, .required)
            .field("participant_usernames", .string, .required)
            .field("status", .string, .required)
            .field("sequence", .int, .required)
            .field("changed_after_publication_at", .datetime)
            .field("change_note", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("updated_by", .string, .required)
            .create()
        try await database.createIndex(name: "work_schedule_entries_by_week", on: WorkScheduleEntry.schema,
                                       columns: ["agency_id", "week_start", "starts_at"])
    }

    func revert(on database: Database) async throws {
        try await database.schema(WorkScheduleEntry.schema).delete()
        try await database.schema(WorkScheduleWeek.schema).delete()
    }
}
