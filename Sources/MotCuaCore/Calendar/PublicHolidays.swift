import Foundation

public enum HolidayKind: String, Codable, Sendable {
    case holiday
    case compensatory
    case overrideOff = "override-off"
    case overrideWork = "override-work"
}

/// An administrator's decision for one date (the government's yearly notice, a swapped
/// Saturday, …). It wins over every computed rule.
public struct CalendarOverride: Hashable, Codable, Sendable {
    public let date: LocalDate
    public let isDayOff: Bool
    public let name: String

    public init(date: LocalDate, isDayOff: Bool, name: String) {
        self.date = date
        self.isDayOff = isDayOff
        self.name = name
    }
}

public struct HolidayEntry: Hashable, Codable, Sendable {
    public let date: LocalDate
    public let kind: HolidayKind
    public let name: String

    public init(date: LocalDate, kind: HolidayKind, name: String) {
        self.date = date
        self.kind = kind
        self.name = name
    }

    /// Whether this entry makes its date a day off.
    public var isDayOff: Bool { kind != .overrideWork }
}

/// Labor Code 2019 Art. 112 holidays and their compensatory days (DOMAIN.md §4).
public enum PublicHolidays {
    /// Every public holiday of the year (also those on a weekend), each compensatory day,
    /// each override; sorted by date.
    ///
    /// An override replaces the computed entries of its date, so every date's entries
    /// agree on whether it is a day off. Compensatory days are computed from the law alone;
    /// overrides are applied afterwards, never shifting them.
    public static func entries(year: Int, overrides: [CalendarOverride] = [],
                               weekendDays: Set<Int> = [1, 7]) -> [HolidayEntry] {
        var entries = defaultEntries(year: year, weekendDays: weekendDays)
        let overridden = overrides.filter { $0.date.year == year }
        if !overridden.isEmpty {
            let dates = Set(overridden.map(\.date))
            entries.removeAll { dates.contains($0.date) }
            // The last override given for a date wins, as in `WorkingCalendar`.
            var seen = Set<LocalDate>()
            for o in overridden.reversed() where seen.insert(o.date).inserted {
                entries.append(HolidayEntry(date: o.date, kind: o.isDayOff ? .overrideOff : .overrideWork,
                                            name: o.name))
            }
            entries.sort { $0.date < $1.date }
        }
        return entries
    }

    /// The holidays the law fixes for `year`, before compensation.
    static func statutoryHolidays(year: Int) -> [HolidayEntry] {
        var result: [HolidayEntry] = []
        func add(_ date: LocalDate, _ name: String) {
            result.append(HolidayEntry(date: date, kind: .holiday, name: name))
        }
        add(LocalDate(year: year, month: 1, day: 1), "Tết Dương lịch")

        // The last day of the old lunar year (29 or 30 tháng Chạp) and days 1–4 of the new one.
        let tet = LunarCalendar.tet(year: year)
        for offset in -1...3 {
            add(tet.adding(days: offset), "Tết Nguyên đán")
        }

        if let hungKings = LunarCalendar.solarDate(for: LunarDate(year: year, month: 3, day: 10)) {
            add(hungKings, "Giỗ Tổ Hùng Vương")
        }
        add(LocalDate(year: year, month: 4, day: 30), "Ngày Chiến thắng")
        add(LocalDate(year: year, month: 5, day: 1), "Ngày Quốc tế Lao động")

        let nationalDay = LocalDate(year: year, month: 9, day: 2)
        // Tuesday 2 Sep pairs with Monday 1 Sep so the break joins the weekend.
        let adjacent = nationalDay.weekday == 3 ? nationalDay.adding(days: -1) : nationalDay.adding(days: 1)
        add(nationalDay, "Quốc khánh")
        add(adjacent, "Quốc khánh")

        return result.sorted { $0.date < $1.date }
    }

    /// Statutory holidays plus compensatory days, no overrides.
    static func defaultEntries(year: Int, weekendDays: Set<Int>) -> [HolidayEntry] {
        let holidays = statutoryHolidays(year: year)
        let holidayDates = Set(holidays.map(\.date))
        func isOff(_ d: LocalDate) -> Bool { weekendDays.contains(d.weekday) || holidayDates.contains(d) }

        var result = holidays
        var taken = Set<LocalDate>()
        var handled = Set<LocalDate>()
        for holiday in holidays where !handled.contains(holiday.date) {
            // The run of consecutive days off that contains this holiday.
            var end = holiday.date
            while isOff(end.adding(days: 1)) { end = end.adding(days: 1) }
            var start = holiday.date
            while isOff(start.adding(days: -1)) { start = start.adding(days: -1) }

            // One compensatory day per holiday date in the run that fell on a weekend day,
            // named after that holiday, in order.
            var owed: [String] = []
            var day = start
            while day <= end {
                if holidayDates.contains(day) {
                    handled.insert(day)
                    if weekendDays.contains(day.weekday), let h = holidays.first(where: { $0.date == day }) {
                        owed.append(h.name)
                    }
                }
                day = day.adding(days: 1)
            }
            var candidate = end.adding(days: 1)
            for name in owed {
                while isOff(candidate) || taken.contains(candidate) { candidate = candidate.adding(days: 1) }
                taken.insert(candidate)
                result.append(HolidayEntry(date: candidate, kind: .compensatory, name: "Nghỉ bù \(name)"))
            }
        }
        return result.sorted { ($0.date, $0.kind == .holiday ? 0 : 1) < ($1.date, $1.kind == .holiday ? 0 : 1) }
    }
}
