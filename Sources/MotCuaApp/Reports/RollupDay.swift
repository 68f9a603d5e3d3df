import Foundation
import MotCuaCore

/// Roll-up buckets are integers: a day is yyyymmdd, a month yyyymm00, a year yyyy0000 (Vietnam dates), so that
/// one column and one index hold the three grains, and any range of days is a short list of whole years,
/// whole months and days.
enum RollupDay {
    static func of(_ date: Date) -> Int { key(LocalDate(date)) }
    static func key(_ d: LocalDate) -> Int { d.year * 10_000 + d.month * 100 + d.day }
    static func date(_ key: Int) -> LocalDate { LocalDate(year: key / 10_000, month: key / 100 % 100, day: key % 100) }
    static func month(of day: Int) -> Int { day / 100 * 100 }
    static func year(of day: Int) -> Int { day / 10_000 * 10_000 }

    /// The three buckets a day's delta is added to.
    static func buckets(of day: Int) -> [Int] { [day, month(of: day), year(of: day)] }

    /// The earliest year any prefix sum starts from.
    static let firstYear = 1970

    /// The fewest buckets that cover the days from `a` to `b`, both included: at most ~30 days and 11 months at each end.
    static func cover(from a: LocalDate, to b: LocalDate) -> [Int] {
        var out: [Int] = []
        var cur = a
        while cur <= b {
            if cur.month == 1, cur.day == 1, LocalDate(year: cur.year, month: 12, day: 31) <= b {
                out.append(cur.year * 10_000)
                cur = LocalDate(year: cur.year + 1, month: 1, day: 1)
            } else if cur.day == 1, LocalDate(year: cur.year, month: cur.month, day: LocalDate.daysInMonth(year: cur.year, month: cur.month)) <= b {
                out.append(cur.year * 10_000 + cur.month * 100)
                cur = cur.month == 12 ? LocalDate(year: cur.year + 1, month: 1, day: 1) : LocalDate(year: cur.year, month: cur.month + 1, day: 1)
            } else {
                out.append(key(cur))
                cur = cur.adding(days: 1)
            }
        }
        return out
    }

    /// Everything up to the end of `d`.
    static func prefix(through d: LocalDate) -> [Int] {
        cover(from: LocalDate(year: firstYear, month: 1, day: 1), to: d)
    }
}
