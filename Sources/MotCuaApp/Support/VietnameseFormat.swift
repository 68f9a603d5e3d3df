import Foundation
import MotCuaCore

/// How dates, times and money look to a Vietnamese reader.
enum VietnameseFormat {
    private static func components(_ date: Date) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .vietnam
        return calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: date)
    }

    /// "14:05"
    static func time(_ date: Date) -> String {
        let c = components(date)
        return String(format: "%02d:%02d", c.hour!, c.minute!)
    }

    /// "20/04/2027"
    static func date(_ date: Date) -> String {
        let c = components(date)
        return String(format: "%02d/%02d/%04d", c.day!, c.month!, c.year!)
    }

    /// "20/04/2027" for a calendar day.
    static func day(_ day: LocalDate) -> String {
        String(format: "%02d/%02d/%04d", day.day, day.month, day.year)
    }

    /// "17:00 ngày 20/04/2027"
    static func dateTime(_ date: Date) -> String {
        "\(time(date)) ngày \(self.date(date))"
    }

    static func weekdayName(_ weekday: Int) -> String {
        ["Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"][(weekday - 1) % 7]
    }

    /// "Thứ Ba, 20/04/2027"
    static func dayWithWeekday(_ date: Date) -> String {
        "\(weekdayName(components(date).weekday!)), \(self.date(date))"
    }

    /// "2", "0,5", "1,25": a decimal comma and no trailing zeros ("2.0" reads as a typing mistake).
    static func decimal(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        let hundredths = Int((abs(value) * 100).rounded())
        var text = String(hundredths / 100)
        let fraction = hundredths % 100
        if fraction != 0 {
            text += "," + (fraction % 10 == 0 ? String(fraction / 10) : String(format: "%02d", fraction))
        }
        return (value < 0 && hundredths != 0 ? "-" : "") + text
    }

    /// "1.250.000 đồng"
    static func money(_ amount: Int) -> String {
        let digits = String(amount)
        var out = ""
        for (index, ch) in digits.reversed().enumerated() {
            if index > 0 && index % 3 == 0 { out.append(".") }
            out.append(ch)
        }
        return String(out.reversed()) + " đồng"
    }
}
