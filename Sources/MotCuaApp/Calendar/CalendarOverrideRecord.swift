import Fluent
import Vapor
import MotCuaCore

/// A day the government or the administrator declared off (or declared a working day) for a given year.
final class CalendarOverrideRecord: Model, @unchecked Sendable {
    static let schema = "calendar_overrides"

    @ID(key: .id) var id: UUID?
    @Field(key: "date") var date: String          // "YYYY-MM-DD", Vietnamese calendar day
    @Field(key: "is_day_off") var isDayOff: Bool
    @Field(key: "name") var name: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    // Fluent would find these by reflection on every query, insert and row decode (a third of intake's CPU);
    // "Model property lists" tests that this list equals the reflected one.
    var properties: [any AnyProperty] {
        [$id, $date, $isDayOff, $name, $createdAt]
    }

    init(date: LocalDate, isDayOff: Bool, name: String) {
        self.date = date.iso
        self.isDayOff = isDayOff
        self.name = name
    }

    var override: CalendarOverride? {
        LocalDate(iso: date).map { CalendarOverride(date: $0, isDayOff: isDayOff, name: name) }
    }
}

struct CreateCalendarOverride: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(CalendarOverrideRecord.schema)
            .id()
            .field("date", .string, .required)
            .field("is_day_off", .bool, .required)
            .field("name", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "date")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema(CalendarOverrideRecord.schema).delete()
    }
}
