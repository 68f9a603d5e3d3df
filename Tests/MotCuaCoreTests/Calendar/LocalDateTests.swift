import Foundation
import Testing
@testable import MotCuaCore

@Suite struct LocalDateTests {
    @Test func parsesAndFormatsISO() throws {
        let d = try #require(LocalDate(iso: "2027-04-14"))
        #expect(d == LocalDate(year: 2027, month: 4, day: 14))
        #expect(d.iso == "2027-04-14")
        #expect(d.description == "2027-04-14")
        #expect(LocalDate(year: 905, month: 1, day: 2).iso == "0905-01-02")
    }

    @Test(arguments: ["2027-02-30", "2027-02-29", "2100-02-29", "2027-13-01", "2027-00-10", "2027-04-00",
                      "2027-4-14", "27-04-14", "2027/04/14", "2027-04-14T10:00", "", "abcd-ef-gh"])
    func rejectsInvalidISO(_ text: String) {
        #expect(LocalDate(iso: text) == nil)
    }

    @Test func acceptsLeapDays() {
        #expect(LocalDate(iso: "2024-02-29") != nil)
        #expect(LocalDate(iso: "2000-02-29") != nil)
    }

    @Test func weekdayFollowsFoundationConvention() {
        // 2027-04-14 is a Wednesday (DOMAIN.md §4 example), 2026-04-26 a Sunday.
        #expect(LocalDate(year: 2027, month: 4, day: 14).weekday == 4)
        #expect(LocalDate(year: 2026, month: 4, day: 26).weekday == 1)
        #expect(LocalDate(year: 2027, month: 4, day: 17).weekday == 7)
        #expect(LocalDate(year: 1900, month: 1, day: 1).weekday == 2)  // a Monday

        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .vietnam
        var day = LocalDate(year: 1999, month: 12, day: 20)
        for _ in 0..<800 {
            let expected = calendar.component(.weekday, from: day.at(hour: 12, minute: 0))
            #expect(day.weekday == expected)
            day = day.adding(days: 1)
        }
    }

    @Test func arithmeticAcrossMonthsYearsAndLeapDays() {
        let d = LocalDate(year: 2024, month: 2, day: 28)
        #expect(d.adding(days: 1) == LocalDate(year: 2024, month: 2, day: 29))
        #expect(d.adding(days: 2) == LocalDate(year: 2024, month: 3, day: 1))
        #expect(d.adding(days: 366) == LocalDate(year: 2025, month: 2, day: 28))
        #expect(LocalDate(year: 2027, month: 1, day: 1).adding(days: -1) == LocalDate(year: 2026, month: 12, day: 31))
        #expect(LocalDate.daysBetween(LocalDate(year: 2027, month: 1, day: 1), LocalDate(year: 2028, month: 1, day: 1)) == 365)
        #expect(LocalDate.daysBetween(LocalDate(year: 2028, month: 1, day: 1), LocalDate(year: 2029, month: 1, day: 1)) == 366)
        #expect(LocalDate.daysBetween(LocalDate(year: 2027, month: 4, day: 20), LocalDate(year: 2027, month: 4, day: 14)) == -6)
        // 1900-01-01 to 2100-12-31 inclusive is 73,414 days.
        #expect(LocalDate.daysBetween(LocalDate(year: 1900, month: 1, day: 1), LocalDate(year: 2100, month: 12, day: 31)) == 73_413)
    }

    @Test func ordering() {
        let a = LocalDate(year: 2026, month: 12, day: 31)
        let b = LocalDate(year: 2027, month: 1, day: 1)
        let c = LocalDate(year: 2027, month: 2, day: 1)
        #expect(a < b && b < c && !(c < a))
        #expect([c, a, b].sorted() == [a, b, c])
    }

    @Test func dayOfAnInstantDependsOnTheZone() throws {
        // 2027-04-13 18:30 UTC is already 01:30 on the 14th in Vietnam.
        let instant = try #require(VietnamTime.parse("2027-04-13T18:30:00Z"))
        #expect(LocalDate(instant) == LocalDate(year: 2027, month: 4, day: 14))
        #expect(LocalDate(instant, timeZone: TimeZone(secondsFromGMT: 0)!) == LocalDate(year: 2027, month: 4, day: 13))
        // Just before Vietnamese midnight.
        let lateEvening = try #require(VietnamTime.parse("2027-04-14T23:59:59+07:00"))
        #expect(LocalDate(lateEvening) == LocalDate(year: 2027, month: 4, day: 14))
    }

    @Test func atBuildsTheInstantInTheZone() {
        let d = LocalDate(year: 2027, month: 4, day: 20)
        #expect(d.at(hour: 17, minute: 0).timeIntervalSince1970 == 1_808_215_200)  // 2027-04-20T10:00:00Z
        #expect(d.at(hour: 17, minute: 0, timeZone: TimeZone(secondsFromGMT: 0)!).timeIntervalSince1970 == 1_808_240_400)
        #expect(LocalDate(d.at(hour: 0, minute: 0)) == d)
        #expect(LocalDate(d.at(hour: 23, minute: 59)) == d)
    }

    @Test func vietnamIsAFixedUTCPlus7() {
        #expect(TimeZone.vietnam.secondsFromGMT(for: Date(timeIntervalSince1970: 0)) == 25_200)
        #expect(TimeZone.vietnam.secondsFromGMT(for: Date(timeIntervalSince1970: 1_800_000_000)) == 25_200)
    }

    @Test func codableAsISOString() throws {
        let d = LocalDate(year: 2027, month: 4, day: 14)
        let data = try JSONEncoder().encode([d])
        #expect(String(decoding: data, as: UTF8.self) == #"["2027-04-14"]"#)
        #expect(try JSONDecoder().decode([LocalDate].self, from: data) == [d])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([LocalDate].self, from: Data(#"["2027-02-30"]"#.utf8))
        }
    }
}
