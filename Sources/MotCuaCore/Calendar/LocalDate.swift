import Foundation

public extension TimeZone {
    /// Vietnam is UTC+7 all year; a fixed offset avoids depending on the host's tzdata.
    static let vietnam = TimeZone(secondsFromGMT: 7 * 3600)!
}

/// A day in the proleptic Gregorian calendar, without a time or a time zone.
///
/// Arithmetic is done on a day number (days since 1970-01-01) with integer formulas,
/// because deadline computation runs millions of times and `Foundation.Calendar` is slow.
/// Encodes as the ISO string "2027-04-14".
public struct LocalDate: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init(year: Int, month: Int, day: Int) {
        precondition(LocalDate.isValid(year: year, month: month, day: day),
                     "invalid date \(year)-\(month)-\(day)")
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly "YYYY-MM-DD"; nil for anything else, including impossible dates such as 2027-02-30.
    public init?(iso: String) {
        let bytes = Array(iso.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let y = LocalDate.digits(bytes, 0, 4),
              let m = LocalDate.digits(bytes, 5, 2),
              let d = LocalDate.digits(bytes, 8, 2),
              LocalDate.isValid(year: y, month: m, day: d)
        else { return nil }
        self.year = y
        self.month = m
        self.day = d
    }

    /// The calendar day on which `date` falls in `timeZone`.
    public init(_ date: Date, timeZone: TimeZone = .vietnam) {
        let offset = timeZone.secondsFromGMT(for: date)
        let seconds = Int((date.timeIntervalSince1970).rounded(.down)) + offset
        self.init(dayNumber: LocalDate.floorDiv(seconds, 86_400))
    }

    /// Builds a date from its day number (days since 1970-01-01), civil-from-days (H. Hinnant).
    init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = LocalDate.floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// Days since 1970-01-01 (days-from-civil, H. Hinnant).
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = LocalDate.floorDiv(y, 400)
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public var iso: String {
        LocalDate.pad(year, 4) + "-" + LocalDate.pad(month, 2) + "-" + LocalDate.pad(day, 2)
    }

    public var description: String { iso }

    /// 1 = Sunday … 7 = Saturday, as `Calendar.component(.weekday, …)`.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (5).
        LocalDate.floorMod(dayNumber + 4, 7) + 1
    }

    public func adding(days: Int) -> LocalDate {
        days == 0 ? self : LocalDate(dayNumber: dayNumber + days)
    }

    /// The instant at `hour:minute` of this day in `timeZone`.
    public func at(hour: Int, minute: Int, timeZone: TimeZone = .vietnam) -> Date {
        let local = TimeInterval(dayNumber * 86_400 + hour * 3600 + minute * 60)
        // The offset is looked up at the approximate instant so zones with DST also work.
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: local))
        return Date(timeIntervalSince1970: local - TimeInterval(offset))
    }

    /// `b - a` in days (negative when `b` is before `a`).
    public static func daysBetween(_ a: LocalDate, _ b: LocalDate) -> Int {
        b.dayNumber - a.dayNumber
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func isValid(year: Int, month: Int, day: Int) -> Bool {
        (1...12).contains(month) && day >= 1 && day <= daysInMonth(year: year, month: month)
    }

    // MARK: Codable as an ISO string, the form APIs and seeds use.

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = LocalDate(iso: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "Ngày không hợp lệ: \(text) (cần dạng YYYY-MM-DD)")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }

    // MARK: Helpers

    static func floorDiv(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    static func floorMod(_ a: Int, _ b: Int) -> Int {
        let r = a % b
        return r < 0 ? r + b : r
    }

    static func digits(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for i in start..<(start + count) {
            let b = bytes[i]
            guard b >= 48, b <= 57 else { return nil }
            value = value * 10 + Int(b - 48)
        }
        return value
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
