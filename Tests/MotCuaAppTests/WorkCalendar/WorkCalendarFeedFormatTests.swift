import Foundation
import MotCuaCore
import Testing
@testable import MotCuaApp

@Suite("Work calendar: iCalendar text and calendar weeks")
struct WorkCalendarFeedFormatTests {
    @Test("Lines fold at 75 octets without cutting a Vietnamese letter, and unfold to the original (RFC 5545 §3.1)")
    func folding() throws {
        let value = String(repeating: "Họp nghe báo cáo tiến độ giải quyết hồ sơ thủ tục hành chính; ", count: 6)
        var ics = ICalendarText()
        ics.text("SUMMARY", value)
        let lines = ics.output.components(separatedBy: "\r\n").dropLast()
        #expect(lines.count > 5)
        for line in lines {
            #expect(line.utf8.count <= 75, "\(line.utf8.count) octets: \(line)")
        }
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        let unfolded = ics.output.replacingOccurrences(of: "\r\n ", with: "").replacingOccurrences(of: "\r\n", with: "")
        #expect(unfolded == "SUMMARY:" + ICalendarText.escape(value))
        #expect(!ics.output.contains("\n") || ics.output.components(separatedBy: "\n").dropLast().allSatisfy { $0.hasSuffix("\r") }, "CRLF only")
    }

    @Test("TEXT values escape backslash, semicolon, comma and line breaks, and drop other control characters")
    func escaping() {
        #expect(ICalendarText.escape("Phòng họp số 1, UBND; tầng 2\\3\r\nThành phần:\tcác phòng\u{7}") ==
                "Phòng họp số 1\\, UBND\\; tầng 2\\\\3\\nThành phần: các phòng")
    }

    @Test("Times are written in Vietnam time for TZID=Asia/Ho_Chi_Minh and in UTC for stamps")
    func times() throws {
        let start = try #require(LocalDate(iso: "2027-01-05")).at(hour: 7, minute: 30)
        #expect(ICalendarText.localDateTime(start) == "20270105T073000")
        #expect(ICalendarText.utcDateTime(start) == "20270105T003000Z")
    }

    @Test("A week runs Monday to Sunday with its ISO number (DOMAIN.md's date line example falls in week 1 of 2020)")
    func weeks() throws {
        let thursday = try #require(LocalDate(iso: "2026-12-03"))
        let week = ScheduleWeek(containing: thursday)
        #expect(week.key == "2026-11-30")
        #expect(week.number == 49)
        #expect(week.label == "Tuần 49 (từ 30/11/2026 đến 06/12/2026)")
        #expect(ScheduleWeek(containing: try #require(LocalDate(iso: "2026-12-06"))) == week, "Sunday belongs to the week that began on Monday")
        #expect(ScheduleWeek(containing: try #require(LocalDate(iso: "2026-11-29"))) == week.previous)
        // 1 January 2027 is a Friday: it belongs to 2026's 53rd week.
        let newYear = ScheduleWeek(containing: try #require(LocalDate(iso: "2027-01-01")))
        #expect(newYear.key == "2026-12-28" && newYear.number == 53)
        #expect(ScheduleWeek(containing: try #require(LocalDate(iso: "2020-01-05"))).number == 1)
        #expect(week.next.key == "2026-12-07")
    }
}
