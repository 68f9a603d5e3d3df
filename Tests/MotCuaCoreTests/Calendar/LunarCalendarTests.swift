import Foundation
import Testing
@testable import MotCuaCore

/// Expected values come from DOMAIN.md §4 and from Hồ Ngọc Đức's published tables of the
/// Vietnamese calendar, which agree with the UTC+7 computation on every month of 1968–2053
/// (before 1968 the North used UTC+8; after 2053 a few months differ by a day because the
/// tables use finer astronomy — Tết and Hùng Kings' day never do up to 2100).
@Suite struct LunarCalendarTests {
    private func day(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

    @Test(arguments: [
        (1968, "1968-01-29"),  // Mậu Thân: one day before the UTC+8 calendar of the time
        (1985, "1985-01-21"),  // China: 1985-02-20
        (2000, "2000-02-05"),
        (2007, "2007-02-17"),  // China: 2007-02-18
        (2020, "2020-01-25"),
        (2023, "2023-01-22"),
        (2024, "2024-02-10"),
        (2025, "2025-01-29"),
        (2026, "2026-02-17"),
        (2027, "2027-02-06"),
        (2030, "2030-02-02"),  // China: 2030-02-03
        (2033, "2033-01-31"),
        (2050, "2050-01-23"),
    ])
    func tet(_ year: Int, _ iso: String) {
        #expect(LunarCalendar.tet(year: year) == day(iso))
        #expect(LunarCalendar.lunarDate(for: day(iso)) == LunarDate(year: year, month: 1, day: 1))
        #expect(LunarCalendar.solarDate(for: LunarDate(year: year, month: 1, day: 1)) == day(iso))
    }

    @Test func vietnameseAndChineseNewYearDifferIn1985And2007() {
        // The Chinese New Year days are ordinary days of the Vietnamese calendar.
        #expect(LunarCalendar.lunarDate(for: day("1985-02-20")) == LunarDate(year: 1985, month: 2, day: 1))
        #expect(LunarCalendar.lunarDate(for: day("2007-02-18")) == LunarDate(year: 2007, month: 1, day: 2))
        // The day before Vietnamese Tết 1985 is 30 tháng Chạp of 1984.
        #expect(LunarCalendar.lunarDate(for: day("1985-01-20")) == LunarDate(year: 1984, month: 12, day: 30))
    }

    @Test func hungKingsDay() {
        #expect(LunarCalendar.solarDate(for: LunarDate(year: 2026, month: 3, day: 10)) == day("2026-04-26"))
        #expect(LunarCalendar.solarDate(for: LunarDate(year: 2027, month: 3, day: 10)) == day("2027-04-16"))
        #expect(LunarCalendar.lunarDate(for: day("2027-04-16")) == LunarDate(year: 2027, month: 3, day: 10))
    }

    @Test(arguments: [
        (2020, 4, "2020-05-23"),
        (2023, 2, "2023-03-22"),
        (2025, 6, "2025-07-25"),
        (2033, 11, "2033-12-22"),
    ])
    func leapMonths(_ year: Int, _ month: Int, _ start: String) {
        #expect(LunarCalendar.leapMonth(year: year) == month)
        let leapStart = LunarDate(year: year, month: month, day: 1, leap: true)
        #expect(LunarCalendar.solarDate(for: leapStart) == day(start))
        #expect(LunarCalendar.lunarDate(for: day(start)) == leapStart)
        // The ordinary month of the same number comes first, 29 or 30 days earlier.
        let regular = LunarCalendar.solarDate(for: LunarDate(year: year, month: month, day: 1))!
        #expect([29, 30].contains(LocalDate.daysBetween(regular, day(start))))
    }

    @Test func yearsWithoutLeapMonth() {
        for year in [2021, 2022, 2024, 2026, 2027] {
            #expect(LunarCalendar.leapMonth(year: year) == nil)
        }
    }

    @Test func impossibleLunarDatesAreNil() {
        // 2023 has a leap 2nd month only.
        #expect(LunarCalendar.solarDate(for: LunarDate(year: 2023, month: 3, day: 1, leap: true)) == nil)
        #expect(LunarCalendar.solarDate(for: LunarDate(year: 2026, month: 1, day: 1, leap: true)) == nil)
        // Tết Ất Tỵ 2025 had no "30 Tết": month 12 of 2024 has 29 days.
        #expect(LunarCalendar.solarDate(for: LunarDate(year: 2024, month: 12, day: 29)) == day("2025-01-28"))
        #expect(LunarCalendar.solarDate(for: LunarDate(year: 2024, month: 12, day: 30)) == nil)
        #expect(LunarCalendar.solarDate(for: LunarDate(year: 2023, month: 12, day: 30)) == day("2024-02-09"))
        #expect(LunarCalendar.solarDate(for: LunarDate(year: 2027, month: 0, day: 1)) == nil)
        #expect(LunarCalendar.solarDate(for: LunarDate(year: 2027, month: 13, day: 1)) == nil)
        #expect(LunarCalendar.solarDate(for: LunarDate(year: 2027, month: 5, day: 31)) == nil)
        #expect(LunarCalendar.solarDate(for: LunarDate(year: 2027, month: 5, day: 0)) == nil)
    }

    @Test func boundaryYears() {
        #expect(LunarCalendar.lunarDate(for: day("1900-01-01")) == LunarDate(year: 1899, month: 12, day: 1))
        #expect(LunarCalendar.tet(year: 1900) == day("1900-01-31"))
        #expect(LunarCalendar.leapMonth(year: 1900) == 8)
        #expect(LunarCalendar.tet(year: 2100) == day("2100-02-09"))
        #expect(LunarCalendar.lunarDate(for: day("2100-12-31")) == LunarDate(year: 2100, month: 12, day: 1))
        #expect(LunarCalendar.solarDate(for: LunarDate(year: 1899, month: 12, day: 1)) == day("1900-01-01"))
    }

    /// Walks every day of 1900–2100: each lunar date converts back to its solar day, and the
    /// sequence has the shape of a lunar calendar (days count up by one, months of 29 or 30
    /// days, years of 12 or 13 months with at most one leap month, following the previous
    /// month's number).
    @Test func everyDayFrom1900To2100RoundTripsAndIsWellFormed() {
        var d = day("1900-01-01")
        let last = day("2100-12-31")
        var previous = LunarCalendar.lunarDate(for: d.adding(days: -1))
        var monthLength = 0
        var monthsInYear: Int? = nil  // unknown until the first Tết
        var leapsInYear = 0
        var failures = 0
        while d <= last {
            let lunar = LunarCalendar.lunarDate(for: d)
            if LunarCalendar.solarDate(for: lunar) != d { failures += 1 }
            if lunar.day == 1 {
                if monthLength != 0, !(29...30).contains(monthLength) { failures += 1 }
                if lunar.leap {
                    leapsInYear += 1
                    if lunar.month != previous.month || lunar.year != previous.year { failures += 1 }
                } else if lunar.month == 1 {
                    if lunar.year != previous.year + 1 || previous.month != 12 { failures += 1 }
                    if let count = monthsInYear, count != 12 + leapsInYear { failures += 1 }
                    monthsInYear = 0
                    leapsInYear = 0
                } else if lunar.month != previous.month + 1 || lunar.year != previous.year {
                    failures += 1
                }
                if leapsInYear > 1 { failures += 1 }
                monthsInYear? += 1
                monthLength = 1
            } else {
                if lunar.day != previous.day + 1 || lunar.month != previous.month
                    || lunar.leap != previous.leap || lunar.year != previous.year { failures += 1 }
                monthLength += 1
            }
            previous = lunar
            d = d.adding(days: 1)
        }
        #expect(failures == 0)
    }

    /// The tabulated fast path agrees with the literal algorithm on every day.
    @Test func tableAgreesWithDirectComputation() {
        var d = day("1900-01-01")
        var mismatches: [String] = []
        while d.year <= 2100 {
            let fast = LunarCalendar.lunarDate(for: d)
            let slow = LunarAstronomy.lunarDate(julianDay: LunarAstronomy.julianDay(d))
            if fast != slow { mismatches.append(d.iso) }
            d = d.adding(days: 1)
        }
        #expect(mismatches.isEmpty)
        for year in [1900, 1985, 2007, 2023, 2025, 2100] {
            for month in 1...12 {
                for leap in [false, true] {
                    let lunar = LunarDate(year: year, month: month, day: 30, leap: leap)
                    let direct = LunarAstronomy.julianDay(lunar: lunar).map(LunarAstronomy.localDate(julianDay:))
                    #expect(LunarCalendar.solarDate(for: lunar) == direct)
                }
            }
        }
    }

    @Test func outsideTheTableFallsBackToTheDirectComputation() {
        let d = day("2250-06-15")
        let lunar = LunarCalendar.lunarDate(for: d)
        #expect(LunarCalendar.solarDate(for: lunar) == d)
        #expect(lunar.year == 2250)
    }
}
