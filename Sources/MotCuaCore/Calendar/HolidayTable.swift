import Foundation

/// The default (override-free) days off for one weekend pattern, shared by every
/// `WorkingCalendar` with that pattern.
///
/// The data generator asks millions of times whether a day is worked, so 1900–2100 is
/// precomputed into a bitmap on first use (immutable afterwards, so reads take no lock);
/// other years are computed on demand under a lock.
final class HolidayTable: Sendable {
    static let firstYear = 1900
    static let lastYear = 2100

    let weekendMask: Int
    private let firstDayNumber: Int
    private let dayCount: Int
    /// Bit i set ⇔ day `firstDayNumber + i` is off (weekend, holiday or compensatory day).
    private let words: [UInt64]
    private let otherYears = OtherYears()

    private static let registryLock = NSLock()
    nonisolated(unsafe) private static var registry: [Int: HolidayTable] = [:]

    static func forWeekendMask(_ mask: Int) -> HolidayTable {
        registryLock.lock()
        defer { registryLock.unlock() }
        if let table = registry[mask] { return table }
        let table = HolidayTable(weekendMask: mask)
        registry[mask] = table
        return table
    }

    private init(weekendMask: Int) {
        self.weekendMask = weekendMask
        let first = LocalDate(year: HolidayTable.firstYear, month: 1, day: 1).dayNumber
        let end = LocalDate(year: HolidayTable.lastYear + 1, month: 1, day: 1).dayNumber
        var words = [UInt64](repeating: 0, count: (end - first + 63) / 64)
        func set(_ dayNumber: Int) {
            let i = dayNumber - first
            words[i >> 6] |= 1 << UInt64(i & 63)
        }
        for dayNumber in first..<end where weekendMask & (1 << HolidayTable.weekday(dayNumber)) != 0 {
            set(dayNumber)
        }
        let weekendDays = HolidayTable.weekendDays(weekendMask)
        for year in HolidayTable.firstYear...HolidayTable.lastYear {
            for entry in PublicHolidays.defaultEntries(year: year, weekendDays: weekendDays) where entry.date.year == year {
                set(entry.date.dayNumber)
            }
        }
        self.firstDayNumber = first
        self.dayCount = end - first
        self.words = words
    }

    func isDayOff(dayNumber: Int) -> Bool {
        let i = dayNumber - firstDayNumber
        if i >= 0 && i < dayCount {
            return words[i >> 6] & (1 << UInt64(i & 63)) != 0
        }
        if weekendMask & (1 << HolidayTable.weekday(dayNumber)) != 0 { return true }
        return otherYears.holidays(year: LocalDate(dayNumber: dayNumber).year, weekendMask: weekendMask)
            .contains(dayNumber)
    }

    /// 1 = Sunday … 7 = Saturday.
    static func weekday(_ dayNumber: Int) -> Int { LocalDate.floorMod(dayNumber + 4, 7) + 1 }

    static func weekendDays(_ mask: Int) -> Set<Int> { Set((1...7).filter { mask & (1 << $0) != 0 }) }

    /// Years outside the bitmap, cached as they are asked for.
    private final class OtherYears: @unchecked Sendable {
        private let lock = NSLock()  // guards `years`
        private var years: [Int: Set<Int>] = [:]

        func holidays(year: Int, weekendMask: Int) -> Set<Int> {
            lock.lock()
            defer { lock.unlock() }
            if let days = years[year] { return days }
            let entries = PublicHolidays.defaultEntries(year: year, weekendDays: HolidayTable.weekendDays(weekendMask))
            let days = Set(entries.map(\.date.dayNumber))
            years[year] = days
            return days
        }
    }
}
