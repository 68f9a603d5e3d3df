import Fluent
import Vapor
import MotCuaCore

/// The working calendar every deadline uses: the default holidays, the office schedule from
/// configuration and the overrides stored in the database (read fresh, so every node sees an edit at once).
enum CalendarService {
    static func overrides(on db: Database) async throws -> [CalendarOverride] {
        try await CalendarOverrideRecord.query(on: db).sort(\.$date).all().compactMap(\.override)
    }

    static func workingCalendar(on db: Database, schedule: OfficeSchedule) async throws -> WorkingCalendar {
        WorkingCalendar(schedule: schedule, overrides: try await overrides(on: db))
    }
}

extension Request {
    func workingCalendar() async throws -> WorkingCalendar {
        try await CalendarService.workingCalendar(on: db, schedule: application.settings.schedule)
    }
}
