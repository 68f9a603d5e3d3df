import Foundation

/// An agency's or an officer's published work calendar as an iCalendar object (RFC 5545) that calendar clients
/// subscribe to: Vietnam's zone with its VTIMEZONE, one VEVENT per entry under a stable UID, SEQUENCE bumped on every
/// change after publication, and cancelled entries kept as `STATUS:CANCELLED` so that clients strike them out.
enum WorkCalendarFeed {
    static let timeZoneID = "Asia/Ho_Chi_Minh"
    static let uidDomain = "lich-cong-tac.motcua"

    struct Event: Sendable {
        let uid: String
        let sequence: Int
        let cancelled: Bool
        let startsAt: Date
        let endsAt: Date?
        let summary: String
        let location: String
        let description: String
        let url: String
        let created: Date
        let lastModified: Date
    }

    static func uid(_ id: UUID) -> String { id.uuidString.lowercased() + "@" + uidDomain }

    static func render(calendarName: String, events: [Event]) -> String {
        var ics = ICalendarText()
        ics.line("BEGIN", "VCALENDAR")
        ics.line("VERSION", "2.0")
        ics.line("PRODID", "-//MotCua//Lich cong tac//VI")
        ics.line("CALSCALE", "GREGORIAN")
        ics.line("METHOD", "PUBLISH")
        ics.text("X-WR-CALNAME", calendarName)
        ics.line("X-WR-TIMEZONE", timeZoneID)
        // Vietnam has kept UTC+7 without daylight saving since 1975: one STANDARD observance describes it.
        ics.line("BEGIN", "VTIMEZONE")
        ics.line("TZID", timeZoneID)
        ics.line("X-LIC-LOCATION", timeZoneID)
        ics.line("BEGIN", "STANDARD")
        ics.line("TZOFFSETFROM", "+0700")
        ics.line("TZOFFSETTO", "+0700")
        ics.line("TZNAME", "ICT")
        ics.line("DTSTART", "19750613T000000")
        ics.line("END", "STANDARD")
        ics.line("END", "VTIMEZONE")
        for event in events {
            ics.line("BEGIN", "VEVENT")
            ics.line("UID", event.uid)
            ics.line("DTSTAMP", ICalendarText.utcDateTime(event.lastModified))
            ics.line("CREATED", ICalendarText.utcDateTime(event.created))
            ics.line("LAST-MODIFIED", ICalendarText.utcDateTime(event.lastModified))
            ics.line("SEQUENCE", String(event.sequence))
            ics.line("STATUS", event.cancelled ? "CANCELLED" : "CONFIRMED")
            ics.line("DTSTART;TZID=\(timeZoneID)", ICalendarText.localDateTime(event.startsAt))
            if let endsAt = event.endsAt {
                ics.line("DTEND;TZID=\(timeZoneID)", ICalendarText.localDateTime(endsAt))
            }
            ics.text("SUMMARY", event.cancelled ? "[Đã hủy] " + event.summary : event.summary)
            if !event.location.isEmpty { ics.text("LOCATION", event.location) }
            if !event.description.isEmpty { ics.text("DESCRIPTION", event.description) }
            ics.line("URL", event.url)
            ics.line("TRANSP", "OPAQUE")
            ics.line("END", "VEVENT")
        }
        ics.line("END", "VCALENDAR")
        return ics.output
    }
}
