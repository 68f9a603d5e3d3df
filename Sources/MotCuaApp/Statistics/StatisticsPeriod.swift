import Foundation
import MotCuaCore

/// The reporting period: whole Vietnam days, `from` and `to` both included. Default: the current month.
struct StatisticsPeriod: Sendable, Equatable {
    let from: LocalDate
    let to: LocalDate

    /// Midnight (Vietnam) starting `from`.
    var start: Date { from.at(hour: 0, minute: 0) }
    /// Midnight (Vietnam) after `to`: the period is [start, end).
    var end: Date { to.adding(days: 1).at(hour: 0, minute: 0) }

    /// "Từ ngày 01/11/2026 đến ngày 30/11/2026"
    var label: String { "Từ ngày \(VietnameseFormat.day(from)) đến ngày \(VietnameseFormat.day(to))" }

    init(from: LocalDate, to: LocalDate) {
        self.from = from
        self.to = to
    }

    static func currentMonth(now: Date) -> StatisticsPeriod {
        let today = LocalDate(now)
        return month(year: today.year, month: today.month)
    }

    static func month(year: Int, month: Int) -> StatisticsPeriod {
        StatisticsPeriod(from: LocalDate(year: year, month: month, day: 1),
                         to: LocalDate(year: year, month: month, day: LocalDate.daysInMonth(year: year, month: month)))
    }

    /// Parses the query parameters; a missing bound defaults to the current month's.
    init(from rawFrom: String?, to rawTo: String?, now: Date) throws {
        let month = Self.currentMonth(now: now)
        let from = try Self.parse(rawFrom, name: "Ngày bắt đầu (from)") ?? month.from
        let to = try Self.parse(rawTo, name: "Ngày kết thúc (to)") ?? month.to
        guard from <= to else {
            throw AppError.badRequest("invalid_period",
                                      "Ngày bắt đầu \(VietnameseFormat.day(from)) phải trước hoặc trùng ngày kết thúc \(VietnameseFormat.day(to)). Hãy chọn lại khoảng thời gian.")
        }
        self.init(from: from, to: to)
    }

    private static func parse(_ raw: String?, name: String) throws -> LocalDate? {
        guard let text = raw?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let day = LocalDate(iso: text) else {
            throw AppError.badRequest("invalid_date", "\(name) “\(text)” không hợp lệ: hãy nhập ngày có thật theo dạng YYYY-MM-DD, ví dụ 2026-11-01.")
        }
        guard (2000...2099).contains(day.year) else {
            throw AppError.badRequest("invalid_date", "\(name) “\(text)” nằm ngoài khoảng năm 2000–2099 mà hệ thống lưu trữ.")
        }
        return day
    }
}
