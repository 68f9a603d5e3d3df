import Foundation
import Testing
@testable import MotCuaCore

/// DOMAIN.md §4, "Public holidays": the default calendar computed from Labor Code Art. 112.
@Suite struct PublicHolidaysTests {
    private func day(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

    private func list(_ entries: [HolidayEntry]) -> [String] {
        entries.map { "\($0.date.iso) \($0.kind.rawValue) \($0.name)" }
    }

    @Test func year2027() {
        // Tết 2027-02-06 is a Saturday: 29 Tết (Fri 5) … Tue 9, two weekend days → Wed 10, Thu 11.
        // 1 May is a Saturday: the run Fri 30 Apr – Sun 2 May → Mon 3 May.
        // 2 Sep is a Thursday → 3 Sep.
        #expect(list(PublicHolidays.entries(year: 2027)) == [
            "2027-01-01 holiday Tết Dương lịch",
            "2027-02-05 holiday Tết Nguyên đán",
            "2027-02-06 holiday Tết Nguyên đán",
            "2027-02-07 holiday Tết Nguyên đán",
            "2027-02-08 holiday Tết Nguyên đán",
            "2027-02-09 holiday Tết Nguyên đán",
            "2027-02-10 compensatory Nghỉ bù Tết Nguyên đán",
            "2027-02-11 compensatory Nghỉ bù Tết Nguyên đán",
            "2027-04-16 holiday Giỗ Tổ Hùng Vương",
            "2027-04-30 holiday Ngày Chiến thắng",
            "2027-05-01 holiday Ngày Quốc tế Lao động",
            "2027-05-03 compensatory Nghỉ bù Ngày Quốc tế Lao động",
            "2027-09-02 holiday Quốc khánh",
            "2027-09-03 holiday Quốc khánh",
        ])
    }

    @Test func year2026HungKingsOnSundayGivesMonday() {
        // DOMAIN.md: Hùng Kings' day 2026 = Sunday 26 Apr, compensatory day off Monday 27 Apr.
        #expect(list(PublicHolidays.entries(year: 2026)) == [
            "2026-01-01 holiday Tết Dương lịch",
            "2026-02-16 holiday Tết Nguyên đán",
            "2026-02-17 holiday Tết Nguyên đán",
            "2026-02-18 holiday Tết Nguyên đán",
            "2026-02-19 holiday Tết Nguyên đán",
            "2026-02-20 holiday Tết Nguyên đán",
            "2026-04-26 holiday Giỗ Tổ Hùng Vương",
            "2026-04-27 compensatory Nghỉ bù Giỗ Tổ Hùng Vương",
            "2026-04-30 holiday Ngày Chiến thắng",
            "2026-05-01 holiday Ngày Quốc tế Lao động",
            "2026-09-02 holiday Quốc khánh",
            "2026-09-03 holiday Quốc khánh",
        ])
    }

    @Test func nationalDayOnTuesdayTakesMondayBefore() {
        // 2 Sep 2025 is a Tuesday.
        let entries = PublicHolidays.entries(year: 2025).filter { $0.name == "Quốc khánh" }
        #expect(entries.map(\.date) == [day("2025-09-01"), day("2025-09-02")])
        // Otherwise the day after: 2 Sep 2024 is a Monday.
        let entries2024 = PublicHolidays.entries(year: 2024).filter { $0.name == "Quốc khánh" }
        #expect(entries2024.map(\.date) == [day("2024-09-02"), day("2024-09-03")])
    }

    @Test func twoWeekendHolidaysInOneRunGiveTwoDaysAfterIt() {
        // 2022: 30 Apr Saturday, 1 May Sunday → Monday 2 and Tuesday 3 May;
        // Hùng Kings' day 10 Apr was a Sunday → Monday 11 Apr.
        let compensatory = PublicHolidays.entries(year: 2022)
            .filter { $0.kind == .compensatory && (4...5).contains($0.date.month) }
        #expect(list(compensatory) == [
            "2022-04-11 compensatory Nghỉ bù Giỗ Tổ Hùng Vương",
            "2022-05-02 compensatory Nghỉ bù Ngày Chiến thắng",
            "2022-05-03 compensatory Nghỉ bù Ngày Quốc tế Lao động",
        ])
    }

    @Test func newYearOnSundayAndTetRunReachingTheWeekend() {
        // 1 Jan 2023 is a Sunday → Monday 2 Jan.
        let c2023 = PublicHolidays.entries(year: 2023).filter { $0.kind == .compensatory }.map(\.date)
        #expect(c2023.contains(day("2023-01-02")))
        // Tết 2025 (Wed 29 Jan): 28 Jan – Sat 1 Feb; the run lasts to Sunday 2 Feb → Monday 3 Feb.
        let c2025 = PublicHolidays.entries(year: 2025).filter { $0.kind == .compensatory }
        #expect(list(c2025) == ["2025-02-03 compensatory Nghỉ bù Tết Nguyên đán"])
    }

    @Test func weekendPatternDecidesWhatNeedsCompensation() {
        // An office whose only weekly day off is Sunday: in 2027 Saturday 6 Feb (Tết) and
        // Saturday 1 May are ordinary holidays, only Sunday 7 Feb is compensated.
        let compensatory = PublicHolidays.entries(year: 2027, weekendDays: [1]).filter { $0.kind == .compensatory }
        #expect(compensatory.map(\.date) == [day("2027-02-10")])
    }

    @Test func overridesReplaceTheComputedEntriesOfTheirDate() {
        let overrides = [
            CalendarOverride(date: day("2027-02-10"), isDayOff: false, name: "Làm việc bù"),
            CalendarOverride(date: day("2027-02-04"), isDayOff: true, name: "Nghỉ Tết theo thông báo"),
            CalendarOverride(date: day("2028-01-03"), isDayOff: true, name: "Năm khác"),
        ]
        let entries = PublicHolidays.entries(year: 2027, overrides: overrides)
        let february = entries.filter { $0.date.month == 2 }
        #expect(list(february) == [
            "2027-02-04 override-off Nghỉ Tết theo thông báo",
            "2027-02-05 holiday Tết Nguyên đán",
            "2027-02-06 holiday Tết Nguyên đán",
            "2027-02-07 holiday Tết Nguyên đán",
            "2027-02-08 holiday Tết Nguyên đán",
            "2027-02-09 holiday Tết Nguyên đán",
            "2027-02-10 override-work Làm việc bù",
            "2027-02-11 compensatory Nghỉ bù Tết Nguyên đán",
        ])
        #expect(!entries.contains { $0.date.year != 2027 })
        #expect(entries.filter { !$0.isDayOff }.map(\.date) == [day("2027-02-10")])
    }

    @Test func laterOverrideForTheSameDateWins() {
        let d = day("2027-03-06")
        let entries = PublicHolidays.entries(year: 2027, overrides: [
            CalendarOverride(date: d, isDayOff: true, name: "Nghỉ"),
            CalendarOverride(date: d, isDayOff: false, name: "Làm việc thứ Bảy"),
        ]).filter { $0.date == d }
        #expect(list(entries) == ["2027-03-06 override-work Làm việc thứ Bảy"])
    }

    /// Properties of every default year: the 11 statutory days, sorted entries, and exactly one
    /// compensatory day per holiday date on a weekend, each on a day that is otherwise worked.
    @Test func structuralPropertiesFrom1968To2100() {
        for year in 1968...2100 {
            let entries = PublicHolidays.entries(year: year)
            let holidays = entries.filter { $0.kind == .holiday }
            let compensatory = entries.filter { $0.kind == .compensatory }
            #expect(holidays.count == 11, "\(year)")
            #expect(entries.map(\.date) == entries.map(\.date).sorted(), "\(year)")
            let holidayDates = Set(holidays.map(\.date))
            let onWeekend = holidayDates.filter { [1, 7].contains($0.weekday) }
            #expect(compensatory.count == onWeekend.count, "\(year)")
            #expect(Set(compensatory.map(\.date)).count == compensatory.count, "\(year)")
            for c in compensatory {
                #expect(![1, 7].contains(c.date.weekday) && !holidayDates.contains(c.date), "\(year) \(c.date)")
                #expect(c.date.year == year && c.name.hasPrefix("Nghỉ bù "), "\(year) \(c.date)")
            }
            let tet = LunarCalendar.tet(year: year)
            #expect(holidays.filter { $0.name == "Tết Nguyên đán" }.map(\.date)
                    == (-1...3).map { tet.adding(days: $0) }, "\(year)")
        }
    }

    @Test func kindsUseTheirStorageNames() throws {
        #expect(HolidayKind.overrideOff.rawValue == "override-off")
        #expect(HolidayKind.overrideWork.rawValue == "override-work")
        let entry = HolidayEntry(date: day("2026-04-27"), kind: .compensatory, name: "Nghỉ bù Giỗ Tổ Hùng Vương")
        let decoded = try JSONDecoder().decode(HolidayEntry.self, from: JSONEncoder().encode(entry))
        #expect(decoded == entry)
    }
}
