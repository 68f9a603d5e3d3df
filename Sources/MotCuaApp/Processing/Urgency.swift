import Foundation
import MotCuaCore

/// How pressing an open dossier is for the officers who hold it: the colour of its inbox row.
enum Urgency: String, CaseIterable, Sendable, Encodable {
    case overdue
    case dueToday = "today"
    case dueSoon = "soon"
    case normal
    /// The agency's clock is not running: not yet accepted, waiting for the applicant's supplement, or finished.
    case none

    var label: String {
        switch self {
        case .overdue: return "Quá hạn"
        case .dueToday: return "Đến hạn hôm nay"
        case .dueSoon: return "Sắp đến hạn (2 ngày làm việc)"
        case .normal: return "Còn hạn"
        case .none: return "Không tính hạn"
        }
    }

    /// The classes an officer must act on; the others get no colour.
    var isPressing: Bool { self == .overdue || self == .dueToday || self == .dueSoon }

    /// The statuses in which the agency owes the applicant a result against the appointment. Time spent
    /// waiting for supplements is the applicant's (DOMAIN §4), so status 5 never turns red.
    static let clockRunning: [DossierStatus] = [.accepted, .processing, .awaitingFees]
}

/// The bounds that split appointments into urgency classes at one instant. The inbox counts run as
/// range queries on these same bounds, so the header's numbers always match the row colours.
struct UrgencyWindow: Sendable {
    let now: Date
    /// Start of tomorrow (Vietnam time): appointments in [now, endOfToday) are due today.
    let endOfToday: Date
    /// Start of the day after the `soonWorkingDays`-th working day after today: [endOfToday, endOfSoon) is "soon".
    let endOfSoon: Date

    static let soonWorkingDays = 2

    init(now: Date, calendar: WorkingCalendar) {
        self.now = now
        let today = LocalDate(now)
        endOfToday = today.adding(days: 1).at(hour: 0, minute: 0)
        endOfSoon = calendar.addingWorkingDays(Self.soonWorkingDays, to: today).adding(days: 1).at(hour: 0, minute: 0)
    }

    func classify(status: DossierStatus, appointment: Date?) -> Urgency {
        guard Urgency.clockRunning.contains(status), let appointment else { return .none }
        if appointment < now { return .overdue }
        if appointment < endOfToday { return .dueToday }
        if appointment < endOfSoon { return .dueSoon }
        return .normal
    }
}
