import Foundation

/// How a dossier stands against its appointment (DOMAIN.md §4).
public enum Timeliness: String, Codable, Sendable, CaseIterable {
    /// Resolved on a day before the appointment's day.
    case early
    /// Resolved on the appointment's day, at or before the appointment.
    case onTime = "on_time"
    /// Resolved after the appointment, or rescheduled.
    case late
    /// Still open, appointment not yet passed.
    case withinTime = "within_time"
    /// Still open, appointment passed.
    case overdue

    public var label: String {
        switch self {
        case .early: "Trước hạn"
        case .onTime: "Đúng hạn"
        case .late: "Trễ hạn"
        case .withinTime: "Trong hạn"
        case .overdue: "Quá hạn"
        }
    }
}

public extension WorkingCalendar {
    /// Resolved (status 9 reached) → early / on time / late; a rescheduled dossier is always
    /// late, because the apology slip admits the original date was missed; open → within
    /// time / overdue relative to `now`. Days are Vietnam calendar days.
    func timeliness(appointment: Date, resolvedAt: Date?, rescheduled: Bool, now: Date) -> Timeliness {
        if rescheduled { return .late }
        guard let resolvedAt else {
            return now <= appointment ? .withinTime : .overdue
        }
        if resolvedAt > appointment { return .late }
        let resolvedDay = LocalDate(resolvedAt, timeZone: .vietnam)
        let appointmentDay = LocalDate(appointment, timeZone: .vietnam)
        return resolvedDay < appointmentDay ? .early : .onTime
    }
}
