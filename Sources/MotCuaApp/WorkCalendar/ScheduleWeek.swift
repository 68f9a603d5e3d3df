import Foundation
import MotCuaCore

/// A calendar week, Monday to Sunday, as the work calendar is published.
struct ScheduleWeek: Equatable, Sendable {
    let monday: LocalDate

    init(containing day: LocalDate) {
        // weekday: 1 = Sunday … 7 = Saturday; Monday is 0 days back, Sunday 6.
        monday = day.adding(days: -((day.weekday + 5) % 7))
    }

    init(_ date: Date) { self.init(containing: LocalDate(date)) }

    var key: String { monday.iso }
    var sunday: LocalDate { monday.adding(days: 6) }
    var days: [LocalDate] { (0..<7).map { monday.adding(days: $0) } }
    var previous: ScheduleWeek { ScheduleWeek(containing: monday.adding(days: -7)) }
    var next: ScheduleWeek { ScheduleWeek(containing: monday.adding(days: 7)) }

    /// The first instant of Monday and of the following Monday, Vietnam time.
    var start: Date { monday.at(hour: 0, minute: 0) }
    var end: Date { monday.adding(days: 7).at(hour: 0, minute: 0) }

    /// ISO 8601 week number: the week that holds the year's first Thursday is week 1.
    var number: Int {
        let thursday = monday.adding(days: 3)
        let firstOfYear = LocalDate(year: thursday.year, month: 1, day: 1)
        return LocalDate.daysBetween(firstOfYear, thursday) / 7 + 1
    }

    /// "Tuần 49 (từ 30/11/2026 đến 06/12/2026)"
    var label: String {
        "Tuần \(number) (từ \(VietnameseFormat.day(monday)) đến \(VietnameseFormat.day(sunday)))"
    }
}
