import Foundation
import Testing
@testable import MotCuaCore

/// DOMAIN.md §4, "Timeliness", against the appointment of the worked example (2027-04-20 17:00).
@Suite struct TimelinessTests {
    let calendar = WorkingCalendar()
    let appointment = VietnamTime.parse("2027-04-20T17:00")!

    private func resolved(_ text: String, rescheduled: Bool = false) -> Timeliness {
        calendar.timeliness(appointment: appointment, resolvedAt: VietnamTime.parse(text)!,
                            rescheduled: rescheduled, now: VietnamTime.parse("2027-05-01T00:00")!)
    }

    private func open(now: String, rescheduled: Bool = false) -> Timeliness {
        calendar.timeliness(appointment: appointment, resolvedAt: nil, rescheduled: rescheduled,
                            now: VietnamTime.parse(now)!)
    }

    @Test func resolvedOnAnEarlierWorkingDayIsEarly() {
        #expect(resolved("2027-04-19T16:59") == .early)
        #expect(resolved("2027-04-15T08:00") == .early)
    }

    @Test func resolvedOnTheAppointmentDayUpToTheAppointmentIsOnTime() {
        #expect(resolved("2027-04-20T07:30") == .onTime)
        #expect(resolved("2027-04-20T17:00") == .onTime)
    }

    @Test func resolvedAfterTheAppointmentIsLate() {
        #expect(resolved("2027-04-20T17:01") == .late)
        #expect(resolved("2027-04-21T08:00") == .late)
    }

    @Test func rescheduledIsAlwaysLate() {
        #expect(resolved("2027-04-15T08:00", rescheduled: true) == .late)
        #expect(resolved("2027-04-20T10:00", rescheduled: true) == .late)
        #expect(open(now: "2027-04-16T10:00", rescheduled: true) == .late)
    }

    @Test func openDossiers() {
        #expect(open(now: "2027-04-14T10:00") == .withinTime)
        #expect(open(now: "2027-04-20T17:00") == .withinTime)
        #expect(open(now: "2027-04-20T17:00:01") == .overdue)
        #expect(open(now: "2027-06-01T09:00") == .overdue)
    }

    @Test func judgedOnVietnameseDays() {
        // 23:30 on the 19th in Vietnam is 16:30 UTC: still the day before the appointment day.
        #expect(resolved("2027-04-19T16:30:00Z") == .early)
        // 00:30 on the 20th in Vietnam is 17:30 UTC on the 19th: the appointment day.
        #expect(resolved("2027-04-19T17:30:00Z") == .onTime)
    }

    @Test func labelsAndCodes() {
        #expect(Timeliness.allCases.map(\.label) == ["Trước hạn", "Đúng hạn", "Trễ hạn", "Trong hạn", "Quá hạn"])
        #expect(Timeliness.allCases.map(\.rawValue) == ["early", "on_time", "late", "within_time", "overdue"])
    }
}
