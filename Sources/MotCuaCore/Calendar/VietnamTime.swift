import Foundation

/// Local date-times as they appear in forms, seeds and APIs.
///
/// Hand-written rather than `ISO8601DateFormatter` because input without an offset must mean
/// Vietnam time (the formatter rejects it) and because seeds parse many thousands of values.
public enum VietnamTime {
    /// Accepts "2027-04-14T10:00", "2027-04-14T10:00:00" (a space may replace the "T",
    /// fractional seconds are allowed), optionally followed by "Z", "+07:00" or "+0700".
    /// Without an offset the time is Vietnam local time.
    public static func parse(_ s: String) -> Date? {
        let b = Array(s.utf8)
        guard b.count >= 16, b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " "),
              b[13] == UInt8(ascii: ":"),
              let day = LocalDate(iso: String(decoding: b[0..<10], as: UTF8.self)),
              let hour = LocalDate.digits(b, 11, 2), hour < 24,
              let minute = LocalDate.digits(b, 14, 2), minute < 60
        else { return nil }

        var i = 16
        var second = 0.0
        if i < b.count, b[i] == UInt8(ascii: ":") {
            guard i + 3 <= b.count, let sec = LocalDate.digits(b, i + 1, 2), sec < 60 else { return nil }
            second = Double(sec)
            i += 3
            if i < b.count, b[i] == UInt8(ascii: ".") {
                i += 1
                var scale = 0.1
                let start = i
                while i < b.count, b[i] >= 48, b[i] <= 57 {
                    second += Double(b[i] - 48) * scale
                    scale /= 10
                    i += 1
                }
                guard i > start else { return nil }
            }
        }

        var offsetSeconds = 7 * 3600
        if i < b.count {
            switch b[i] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                guard i + 1 == b.count else { return nil }
                offsetSeconds = 0
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                let sign = b[i] == UInt8(ascii: "+") ? 1 : -1
                let rest = b.count - i - 1
                let hh: Int?, mm: Int?
                if rest == 5, b[i + 3] == UInt8(ascii: ":") {
                    hh = LocalDate.digits(b, i + 1, 2); mm = LocalDate.digits(b, i + 4, 2)
                } else if rest == 4 {
                    hh = LocalDate.digits(b, i + 1, 2); mm = LocalDate.digits(b, i + 3, 2)
                } else if rest == 2 {
                    hh = LocalDate.digits(b, i + 1, 2); mm = 0
                } else {
                    return nil
                }
                guard let h = hh, let m = mm, h <= 14, m < 60 else { return nil }
                offsetSeconds = sign * (h * 3600 + m * 60)
            default:
                return nil
            }
        }

        let local = Double(day.dayNumber * 86_400 + hour * 3600 + minute * 60) + second
        return Date(timeIntervalSince1970: local - Double(offsetSeconds))
    }

    /// "2027-04-20T17:00:00+07:00" (whole seconds, always in Vietnam time).
    public static func format(_ d: Date) -> String {
        let local = Int(d.timeIntervalSince1970.rounded(.down)) + 7 * 3600
        let day = LocalDate(dayNumber: LocalDate.floorDiv(local, 86_400))
        let secondOfDay = LocalDate.floorMod(local, 86_400)
        return day.iso + "T"
            + LocalDate.pad(secondOfDay / 3600, 2) + ":"
            + LocalDate.pad(secondOfDay / 60 % 60, 2) + ":"
            + LocalDate.pad(secondOfDay % 60, 2) + "+07:00"
    }
}
