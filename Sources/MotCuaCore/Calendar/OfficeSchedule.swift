import Foundation

/// Office hours of a receiving unit (DOMAIN.md §4; every value is configurable).
public struct OfficeSchedule: Sendable, Codable, Equatable {
    /// Minutes after local midnight.
    public var openingMinutes: Int
    public var closingMinutes: Int
    /// Receipts after this time count as received on the next working day (Decree 61 Art. 18).
    public var cutoffMinutes: Int
    /// Weekdays that are not working days, 1 = Sunday … 7 = Saturday.
    public var weekendDays: Set<Int>

    public init(openingMinutes: Int = 7 * 60 + 30, closingMinutes: Int = 17 * 60,
                cutoffMinutes: Int = 15 * 60, weekendDays: Set<Int> = [1, 7]) {
        self.openingMinutes = openingMinutes
        self.closingMinutes = closingMinutes
        self.cutoffMinutes = cutoffMinutes
        self.weekendDays = weekendDays
    }

    public static let standard = OfficeSchedule()
}

public enum ProcessingTimeUnit: String, Codable, Sendable {
    /// "ngày làm việc"
    case workingDays = "working_day"
    /// "ngày" (calendar days, Civil Code Art. 147–148)
    case calendarDays = "day"
}
