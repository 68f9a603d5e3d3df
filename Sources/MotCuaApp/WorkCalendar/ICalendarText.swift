import Foundation

/// The text rules of iCalendar (RFC 5545 §3.1, §3.3.11): CRLF line ends, lines folded at 75 octets without cutting
/// a UTF-8 character, and TEXT values escaped.
struct ICalendarText {
    private(set) var output = ""

    /// One content line, `name` with its parameters (`DTSTART;TZID=Asia/Ho_Chi_Minh`) and an already formatted value.
    mutating func line(_ name: String, _ value: String) {
        output += Self.fold(name + ":" + value)
    }

    /// A TEXT property (SUMMARY, LOCATION, DESCRIPTION…): the value is escaped first.
    mutating func text(_ name: String, _ value: String) {
        line(name, Self.escape(value))
    }

    static func escape(_ value: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(value.utf8.count)
        var previousWasCR = false
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case ";": escaped += "\\;"
            case ",": escaped += "\\,"
            case "\r": escaped += "\\n"
            case "\n": if !previousWasCR { escaped += "\\n" }
            // Other control characters are not allowed in TEXT; a tab reads as a space.
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: escaped += scalar == "\t" ? " " : ""
            default: escaped.unicodeScalars.append(scalar)
            }
            previousWasCR = scalar == "\r"
        }
        return escaped
    }

    /// Splits a content line into lines of at most 75 octets (continuations begin with one space, which counts).
    static func fold(_ line: String) -> String {
        var result = ""
        var octets = 0
        var limit = 75
        // Scalars, not characters: a fold may fall between a letter and its combining mark, never inside a UTF-8 sequence.
        for scalar in line.unicodeScalars {
            let size = UTF8.width(scalar)
            if octets + size > limit {
                result += "\r\n "
                octets = 0
                limit = 74
            }
            result.unicodeScalars.append(scalar)
            octets += size
        }
        return result + "\r\n"
    }

    /// "20261203T080000" in Vietnam time, for `DTSTART;TZID=Asia/Ho_Chi_Minh:`.
    static func localDateTime(_ date: Date) -> String { stamp(date, timeZone: .vietnam, suffix: "") }

    /// "20261203T010000Z", for DTSTAMP, CREATED and LAST-MODIFIED.
    static func utcDateTime(_ date: Date) -> String { stamp(date, timeZone: TimeZone(secondsFromGMT: 0) ?? .vietnam, suffix: "Z") }

    private static func stamp(_ date: Date, timeZone: TimeZone, suffix: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02d", c.year ?? 1970, c.month ?? 1, c.day ?? 1,
                      c.hour ?? 0, c.minute ?? 0, c.second ?? 0) + suffix
    }
}
