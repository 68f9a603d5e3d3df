import Foundation

/// A date in the Vietnamese lunar calendar. `year` is the Gregorian year in which that
/// lunar year's Tết falls; `leap` marks the intercalary repeat of `month` ("tháng nhuận").
public struct LunarDate: Equatable, Codable, Sendable {
    public let year: Int
    public let month: Int
    public let day: Int
    public let leap: Bool

    public init(year: Int, month: Int, day: Int, leap: Bool = false) {
        self.year = year
        self.month = month
        self.day = day
        self.leap = leap
    }
}

/// Solar ↔ lunar conversion by Vietnamese (UTC+7) rules.
///
/// The astronomical computation (`LunarAstronomy`) costs dozens of trigonometric series per
/// call, and holiday computation asks for Tết of every year, so the months of 1800–2199 are
/// tabulated once on first use (a few thousand new moons, milliseconds). Dates outside that
/// span fall back to the direct computation, which is less accurate so far from the present.
public enum LunarCalendar {
    /// The lunar date of a Gregorian day.
    public static func lunarDate(for solar: LocalDate) -> LunarDate {
        let jd = LunarAstronomy.julianDay(solar)
        let table = MonthTable.shared
        guard let index = table.monthIndex(containing: jd) else {
            return LunarAstronomy.lunarDate(julianDay: jd)
        }
        let month = table.months[index]
        return LunarDate(year: month.year, month: month.number, day: jd - month.start + 1, leap: month.leap)
    }

    /// The Gregorian day of a lunar date, or nil when it does not exist (a leap month the
    /// year does not have, day 30 of a 29-day month, month or day out of range).
    public static func solarDate(for lunar: LunarDate) -> LocalDate? {
        guard (1...12).contains(lunar.month), (1...30).contains(lunar.day) else { return nil }
        let table = MonthTable.shared
        guard let range = table.monthRange(ofLunarYear: lunar.year) else {
            return LunarAstronomy.julianDay(lunar: lunar).map(LunarAstronomy.localDate(julianDay:))
        }
        for i in range where table.months[i].number == lunar.month && table.months[i].leap == lunar.leap {
            guard lunar.day <= table.months[i + 1].start - table.months[i].start else { return nil }
            return LunarAstronomy.localDate(julianDay: table.months[i].start + lunar.day - 1)
        }
        return nil
    }

    /// First day of the lunar year whose Tết falls in Gregorian `year`.
    public static func tet(year: Int) -> LocalDate {
        // Month 1 day 1 always exists.
        solarDate(for: LunarDate(year: year, month: 1, day: 1))!
    }

    /// The leap month of the lunar year `year` (1…12), or nil in a 12-month year.
    public static func leapMonth(year: Int) -> Int? {
        let table = MonthTable.shared
        if let range = table.monthRange(ofLunarYear: year) {
            return range.first { table.months[$0].leap }.map { table.months[$0].number }
        }
        return (1...12).first { LunarAstronomy.julianDay(lunar: LunarDate(year: year, month: $0, day: 1, leap: true)) != nil }
    }
}

/// Every lunar month from month 11 of 1799 to month 11 of 2200, in order.
private struct MonthTable: Sendable {
    struct Month: Sendable {
        let start: Int   // Julian day number of day 1
        let number: Int  // 1…12
        let leap: Bool
        let year: Int    // lunar year it belongs to
    }

    static let firstSui = 1799
    static let lastSui = 2199
    static let shared = MonthTable()

    let months: [Month]
    /// Index of month 1 of lunar year `firstSui + 1 + i`.
    let yearStarts: [Int]

    private init() {
        let a11s = (MonthTable.firstSui...(MonthTable.lastSui + 1)).map(LunarAstronomy.lunarMonth11)
        var months: [Month] = []
        var yearStarts: [Int] = []
        months.reserveCapacity(a11s.count * 13)
        for (i, a11) in a11s.dropLast().enumerated() {
            // A "sui" runs from one month 11 to the next; it holds 12 or 13 months.
            let sui = MonthTable.firstSui + i
            let count = a11s[i + 1] - a11 > 365 ? 13 : 12
            let leapOffset = count == 13 ? LunarAstronomy.leapMonthOffset(a11) : Int.max
            let k = Int((0.5 + (Double(a11) - LunarAstronomy.firstNewMoonJD) / LunarAstronomy.synodicMonth)
                .rounded(.down))
            for j in 0..<count {
                let raw = j < leapOffset ? j + 11 : j + 10
                let number = raw > 12 ? raw - 12 : raw
                if number == 1 && j != leapOffset { yearStarts.append(months.count) }
                months.append(Month(
                    start: j == 0 ? a11 : LunarAstronomy.newMoonDay(k + j),
                    number: number,
                    leap: j == leapOffset,
                    year: number >= 11 ? sui : sui + 1))
            }
        }
        // Sentinel so every month's length is `next.start - start`.
        months.append(Month(start: a11s.last!, number: 11, leap: false, year: MonthTable.lastSui + 1))
        self.months = months
        self.yearStarts = yearStarts
    }

    func monthIndex(containing jd: Int) -> Int? {
        guard jd >= months[0].start, jd < months[months.count - 1].start else { return nil }
        var lo = 0, hi = months.count - 1  // invariant: months[lo].start <= jd < months[hi].start
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if months[mid].start <= jd { lo = mid } else { hi = mid }
        }
        return lo
    }

    /// Indices of months 1…12 (and the leap month) of a lunar year fully inside the table.
    func monthRange(ofLunarYear year: Int) -> Range<Int>? {
        let i = year - MonthTable.firstSui - 1
        guard i >= 0, i + 1 < yearStarts.count else { return nil }
        return yearStarts[i]..<yearStarts[i + 1]
    }
}
