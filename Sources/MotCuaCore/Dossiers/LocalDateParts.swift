import Foundation

/// A calendar day as plain numbers, free of time zones: what a dossier code encodes.
/// Kept separate from the calendar module's date type so that codes stay a leaf of the domain.
public struct LocalDateParts: Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// True when the parts name a real day of the proleptic Gregorian calendar.
    public var isValid: Bool {
        (1...12).contains(month) && (1...Self.daysIn(month: month, year: year)).contains(day)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// ISO 8601 "2025-03-12".
    public var description: String {
        "\(IdentifierText.zeroPadded(year, width: 4))-\(IdentifierText.zeroPadded(month, width: 2))-\(IdentifierText.zeroPadded(day, width: 2))"
    }
}
