import Foundation
import Testing
@testable import MotCuaApp
@testable import MotCuaCore

@Suite("Processing urgency and form parsing")
struct ProcessingUrgencyTests {
    let calendar = WorkingCalendar()

    @Test func classifiesAgainstTodayAndTheNextTwoWorkingDaysSkippingHolidays() {
        // setup: Wednesday 2027-04-14 10:00; Friday 16 is Hùng Kings' day (DOMAIN §4), so the two working
        // days after today are Thursday 15 and Monday 19.
        let window = UrgencyWindow(now: processingTime("2027-04-14T10:00"), calendar: calendar)
        func urgency(_ appointment: String) -> Urgency { window.classify(status: .processing, appointment: processingTime(appointment)) }
        // act / assert
        #expect(urgency("2027-04-13T17:00") == .overdue)
        #expect(urgency("2027-04-14T09:59") == .overdue)      // a rescheduled instant earlier today
        #expect(urgency("2027-04-14T10:00") == .dueToday)     // at the appointment it is not yet late
        #expect(urgency("2027-04-14T17:00") == .dueToday)
        #expect(urgency("2027-04-15T17:00") == .dueSoon)
        #expect(urgency("2027-04-16T17:00") == .dueSoon)      // a holiday before the 2nd working day
        #expect(urgency("2027-04-19T17:00") == .dueSoon)
        #expect(urgency("2027-04-20T17:00") == .normal)
    }

    @Test func onADayOffTheWindowStartsWithTheNextWorkingDays() {
        // setup: Saturday 2027-04-17: the two working days ahead are Monday 19 and Tuesday 20.
        let window = UrgencyWindow(now: processingTime("2027-04-17T10:00"), calendar: calendar)
        // assert
        #expect(window.classify(status: .accepted, appointment: processingTime("2027-04-20T17:00")) == .dueSoon)
        #expect(window.classify(status: .accepted, appointment: processingTime("2027-04-21T17:00")) == .normal)
    }

    @Test func onlyDossiersWhoseClockRunsAreColoured() {
        let window = UrgencyWindow(now: processingTime("2027-04-14T10:00"), calendar: calendar)
        let past = processingTime("2027-04-01T17:00")
        #expect(window.classify(status: .awaitingFees, appointment: past) == .overdue)
        // Waiting for the applicant's supplement is not the agency's time (DOMAIN §4).
        #expect(window.classify(status: .supplementRequested, appointment: past) == .none)
        #expect(window.classify(status: .resolved, appointment: past) == .none)
        #expect(window.classify(status: .returned, appointment: past) == .none)
        #expect(window.classify(status: .new, appointment: nil) == .none)
        #expect(window.classify(status: .processing, appointment: nil) == .none)
    }

    @Test func missingItemsAreOnePerLineWithoutBullets() {
        #expect(ActionForm.lines("Tờ khai\r\n- Bản sao CCCD\n\n  • Giấy chứng sinh  \n–\n") == ["Tờ khai", "Bản sao CCCD", "Giấy chứng sinh"])
        #expect(ActionForm.lines("   \n") == [])
    }

    @Test func feeAmountsAcceptTheWaysPeopleWriteMoney() throws {
        #expect(try ActionForm.amount("150.000") == 150_000)
        #expect(try ActionForm.amount(" 1 250 000 đ ") == 1_250_000)
        #expect(try ActionForm.amount("200000 đồng") == 200_000)
        #expect(throws: AppError.self) { try ActionForm.amount("") }
        #expect(throws: AppError.self) { try ActionForm.amount("một trăm") }
        #expect(throws: AppError.self) { try ActionForm.amount("99999999999999999") }
    }

    @Test func theTypedUnitWinsOverTheChosenStep() throws {
        var form = ActionForm(action: "forward")
        form.toUnit = "Phòng Tài chính - Kế hoạch"
        #expect(try form.transitionInput().toUnit == "Phòng Tài chính - Kế hoạch")
        form.toUnitOther = "Phòng Tư pháp"
        #expect(try form.transitionInput().toUnit == "Phòng Tư pháp")
    }
}
