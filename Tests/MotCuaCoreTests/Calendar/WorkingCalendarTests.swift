import Foundation
import Testing
@testable import MotCuaCore

/// DOMAIN.md §4, "Appointment", with the default calendar of 2027:
/// Fri 16 Apr is Hùng Kings' day, 17–18 Apr a weekend.
@Suite struct WorkingCalendarTests {
    let calendar = WorkingCalendar()

    private func day(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }
    private func at(_ text: String) -> Date { VietnamTime.parse(text)! }
    private func appointment(_ received: String, _ days: Int, _ unit: ProcessingTimeUnit = .workingDays,
                             in calendar: WorkingCalendar? = nil) -> String {
        VietnamTime.format((calendar ?? self.calendar).appointment(receivedAt: at(received), days: days, unit: unit))
    }

    @Test func workingDays() {
        #expect(calendar.isWorkingDay(day("2027-04-15")))       // Thursday
        #expect(!calendar.isWorkingDay(day("2027-04-16")))      // Hùng Kings' day
        #expect(!calendar.isWorkingDay(day("2027-04-17")))      // Saturday
        #expect(!calendar.isWorkingDay(day("2027-04-18")))      // Sunday
        #expect(!calendar.isWorkingDay(day("2026-04-27")))      // compensatory Monday
        #expect(calendar.isWorkingDay(day("2026-04-28")))
        #expect(!calendar.isWorkingDay(day("2027-02-11")))      // compensatory for Tết
        #expect(calendar.nextWorkingDay(after: day("2027-04-15")) == day("2027-04-19"))
        #expect(calendar.nextWorkingDay(after: day("2027-02-04")) == day("2027-02-12"))
    }

    @Test func domainExampleThreeWorkingDaysOverHungKingsDay() {
        // Received Wednesday 2027-04-14 10:00, N = 3: Thu 15, (Fri 16 skipped), Mon 19, Tue 20.
        #expect(appointment("2027-04-14T10:00", 3) == "2027-04-20T17:00:00+07:00")
    }

    @Test func domainExampleSameDayProcedureAfterCutoff() {
        // Received Friday 2027-04-09 15:30, N = 0 → Monday 2027-04-12 17:00.
        #expect(appointment("2027-04-09T15:30", 0) == "2027-04-12T17:00:00+07:00")
        // Before the cut-off a same-day procedure is due at the close of that day.
        #expect(appointment("2027-04-09T09:00", 0) == "2027-04-09T17:00:00+07:00")
    }

    @Test func afterCutoffOnTheDayBeforeAHoliday() {
        // Thu 2027-04-15 16:00 counts as received Mon 19 (16 holiday, 17–18 weekend); N = 1 → Tue 20.
        #expect(calendar.effectiveReceiptDay(for: at("2027-04-15T16:00")) == day("2027-04-19"))
        #expect(appointment("2027-04-15T16:00", 1) == "2027-04-20T17:00:00+07:00")
        // The same receipt before the cut-off: counting starts Monday 19 → N = 1 is Monday.
        #expect(appointment("2027-04-15T14:59", 1) == "2027-04-19T17:00:00+07:00")
    }

    @Test func cutoffBoundary() {
        #expect(calendar.effectiveReceiptDay(for: at("2027-04-14T15:00:00")) == day("2027-04-14"))
        #expect(calendar.effectiveReceiptDay(for: at("2027-04-14T15:00:01")) == day("2027-04-15"))
        // Early-morning online receipt still counts that day.
        #expect(calendar.effectiveReceiptDay(for: at("2027-04-14T06:00")) == day("2027-04-14"))
        // Time zones: 08:30 UTC is 15:30 in Vietnam, after the cut-off.
        #expect(calendar.effectiveReceiptDay(for: at("2027-04-14T08:30:00Z")) == day("2027-04-15"))
    }

    @Test func receivedOnlineOnSaturday() {
        // Saturday 2027-04-10 09:00 counts as received Monday 12; N = 2 → Wed 14.
        #expect(calendar.effectiveReceiptDay(for: at("2027-04-10T09:00")) == day("2027-04-12"))
        #expect(appointment("2027-04-10T09:00", 2) == "2027-04-14T17:00:00+07:00")
        // Same-day procedure submitted on Sunday: due at the close of Monday.
        #expect(appointment("2027-04-11T20:00", 0) == "2027-04-12T17:00:00+07:00")
    }

    @Test func calendarDaysCountEveryDayAndMoveOffADayOff() {
        // Received Mon 2027-04-12 09:00: day 3 is Thu 15, a working day.
        #expect(appointment("2027-04-12T09:00", 3, .calendarDays) == "2027-04-15T17:00:00+07:00")
        // Day 4 is Fri 16 (Hùng Kings' day) and day 5 Sat 17: both move to Mon 19 (Civil Code Art. 148).
        #expect(appointment("2027-04-12T09:00", 4, .calendarDays) == "2027-04-19T17:00:00+07:00")
        #expect(appointment("2027-04-12T09:00", 5, .calendarDays) == "2027-04-19T17:00:00+07:00")
        // Calendar days run through the Tết break: received Mon 2027-02-01, 7 days → Mon 8 (Tết) → Fri 12.
        #expect(appointment("2027-02-01T10:00", 7, .calendarDays) == "2027-02-12T17:00:00+07:00")
        // …whereas 7 working days go much further: 2, 3, 4, 12, 15, 16, 17 Feb.
        #expect(appointment("2027-02-01T10:00", 7) == "2027-02-17T17:00:00+07:00")
    }

    @Test func extraDayOffOverrideMovesTheDeadline() {
        let closedThursday = WorkingCalendar(overrides: [
            CalendarOverride(date: day("2027-04-15"), isDayOff: true, name: "Nghỉ theo quyết định của UBND tỉnh"),
        ])
        #expect(!closedThursday.isWorkingDay(day("2027-04-15")))
        // Mon 19, Tue 20, Wed 21.
        #expect(appointment("2027-04-14T10:00", 3, in: closedThursday) == "2027-04-21T17:00:00+07:00")
    }

    @Test func extraWorkingSaturdayCounts() {
        let workingSaturday = WorkingCalendar(overrides: [
            CalendarOverride(date: day("2027-04-17"), isDayOff: false, name: "Làm việc bù"),
        ])
        #expect(workingSaturday.isWorkingDay(day("2027-04-17")))
        // Thu 15, Sat 17, Mon 19.
        #expect(appointment("2027-04-14T10:00", 3, in: workingSaturday) == "2027-04-19T17:00:00+07:00")
        // A receipt on that Saturday before the cut-off counts that day.
        #expect(workingSaturday.effectiveReceiptDay(for: at("2027-04-17T09:00")) == day("2027-04-17"))
    }

    @Test func overrideCanCancelAHoliday() {
        let workOnHungKings = WorkingCalendar(overrides: [
            CalendarOverride(date: day("2027-04-16"), isDayOff: false, name: "Hoán đổi ngày làm việc"),
        ])
        #expect(appointment("2027-04-14T10:00", 3, in: workOnHungKings) == "2027-04-19T17:00:00+07:00")
    }

    @Test func configurableSchedule() {
        var schedule = OfficeSchedule.standard
        schedule.weekendDays = [1]          // open Saturday
        schedule.closingMinutes = 16 * 60 + 30
        schedule.cutoffMinutes = 16 * 60
        let office = WorkingCalendar(schedule: schedule)
        #expect(office.isWorkingDay(day("2027-04-17")))
        // 15:30 is before this office's cut-off. Thu 15, Sat 17, Mon 19 (16 is still a holiday).
        #expect(appointment("2027-04-14T15:30", 3, in: office) == "2027-04-19T16:30:00+07:00")
    }

    @Test func standardSchedule() {
        let s = OfficeSchedule.standard
        #expect(s.openingMinutes == 450 && s.closingMinutes == 1020 && s.cutoffMinutes == 900)
        #expect(s.weekendDays == [1, 7])
        #expect(ProcessingTimeUnit(rawValue: "working_day") == .workingDays)
        #expect(ProcessingTimeUnit(rawValue: "day") == .calendarDays)
    }

    @Test func addingAndCountingWorkingDays() {
        let thu = day("2027-04-15")
        #expect(calendar.addingWorkingDays(0, to: thu) == thu)
        #expect(calendar.addingWorkingDays(1, to: thu) == day("2027-04-19"))
        #expect(calendar.addingWorkingDays(-1, to: day("2027-04-19")) == thu)
        #expect(calendar.addingWorkingDays(-2, to: day("2027-04-19")) == day("2027-04-14"))
        #expect(calendar.workingDays(from: day("2027-04-14"), to: day("2027-04-20")) == 3)
        #expect(calendar.workingDays(from: day("2027-04-14"), to: day("2027-04-14")) == 0)
        #expect(calendar.workingDays(from: day("2027-04-20"), to: day("2027-04-14")) == -3)
        // 2027: 365 days − 104 weekend days − 8 holidays on weekdays (3 fall on a weekend) − 3 compensatory.
        #expect(calendar.workingDays(from: day("2026-12-31"), to: day("2027-12-31")) == 365 - 104 - 8 - 3)
    }

    /// `addingWorkingDays` and `workingDays` are inverse on every working day of 2020–2030.
    @Test func addingAndCountingAreConsistent() {
        var d = day("2020-01-01")
        while d.year <= 2030 {
            for n in [1, 5, 15] {
                let later = calendar.addingWorkingDays(n, to: d)
                #expect(calendar.workingDays(from: d, to: later) == n)
                #expect(calendar.isWorkingDay(later))
            }
            d = d.adding(days: 3)
        }
    }

    /// Outside the precomputed 1900–2100 span the same rules are computed on demand.
    @Test func yearsOutsideThePrecomputedSpan() {
        for year in [1899, 2101, 2150] {
            let offDays = Set(PublicHolidays.entries(year: year).map(\.date))
            var d = LocalDate(year: year, month: 1, day: 1)
            var mismatches = 0
            while d.year == year {
                let expected = !offDays.contains(d) && ![1, 7].contains(d.weekday)
                if calendar.isWorkingDay(d) != expected { mismatches += 1 }
                d = d.adding(days: 1)
            }
            #expect(mismatches == 0, "\(year)")
            #expect(!calendar.isWorkingDay(LocalDate(year: year, month: 1, day: 1)))
        }
    }

    @Test func concurrentUseGivesTheSameAnswers() async {
        let calendar = WorkingCalendar()
        let days = (0..<4000).map { day("2000-01-01").adding(days: $0 * 7) }
        let expected = days.map { calendar.isWorkingDay($0) }
        let results = await withTaskGroup(of: [Bool].self) { group in
            for _ in 0..<8 {
                group.addTask { days.map { WorkingCalendar().isWorkingDay($0) } }
            }
            var all: [[Bool]] = []
            for await r in group { all.append(r) }
            return all
        }
        #expect(results.count == 8)
        #expect(results.allSatisfy { $0 == expected })
    }

    @Test func fastEnoughForTheDataGenerator() {
        let start = Date()
        var total = 0
        var received = at("2020-01-01T08:00")
        for i in 0..<200_000 {
            let due = calendar.appointment(receivedAt: received, days: i % 20)
            total &+= Int(due.timeIntervalSince1970) & 1
            received = received.addingTimeInterval(1_733)  // ~10 years of receipts
        }
        let elapsed = Date().timeIntervalSince(start)
        #expect(total >= 0)
        // Generous for a debug build on a shared machine; the cache makes this well under a second.
        #expect(elapsed < 10, "200k appointments took \(elapsed)s")
    }
}
