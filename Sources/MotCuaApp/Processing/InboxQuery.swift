import Fluent
import SQLKit
import Vapor
import MotCuaCore

/// The two views of the inbox: what the officer's own agency handles, and everything the officer may see
/// (for a leader, the agency's whole subtree).
enum InboxTab: String, CaseIterable, Sendable {
    /// Dossiers assigned to me (by a leader, or taken on when I started them).
    case mine = "cua-toi"
    /// Everything my own agency handles: the default view.
    case agency = "co-quan"
    /// Everything I may see: for a leader, the agency's whole subtree.
    case unit = "cua-don-vi"

    var label: String {
        switch self {
        case .mine: return "Của tôi"
        case .agency: return "Của cơ quan"
        case .unit: return "Của đơn vị"
        }
    }
}

/// Which statuses the list shows: by default the work still to do.
enum InboxStatusChoice: Equatable, Sendable {
    case open
    case all
    case one(DossierStatus)

    var statuses: [DossierStatus] {
        switch self {
        case .open: return DossierQuery.openStatuses
        case .all: return []
        case .one(let status): return [status]
        }
    }

    var parameter: String {
        switch self {
        case .open: return ""
        case .all: return "all"
        case .one(let status): return "\(status.rawValue)"
        }
    }
}

/// The inbox's query string (`tab`, `status`, `urgency`, `q`, `page`), checked.
struct InboxFilter: Sendable {
    var tab: InboxTab = .agency
    var status: InboxStatusChoice = .open
    var urgency: Urgency? = nil
    var q: String = ""

    init() {}

    init(_ req: Request) throws {
        if let raw = req.query[String.self, at: "tab"], !raw.isEmpty {
            guard let tab = InboxTab(rawValue: raw) else {
                throw AppError.badRequest("invalid_tab", "Thẻ “\(raw)” không tồn tại: chọn “Của tôi”, “Của cơ quan” hoặc “Của đơn vị”.")
            }
            self.tab = tab
        }
        if let raw = req.query[String.self, at: "status"]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            if raw == "all" {
                status = .all
            } else if let code = Int(raw), let value = DossierStatus(rawValue: code) {
                status = .one(value)
            } else {
                throw AppError.badRequest("invalid_status", "Trạng thái “\(raw)” không hợp lệ: chọn một trạng thái trong danh sách.")
            }
        }
        if let raw = req.query[String.self, at: "urgency"], !raw.isEmpty {
            guard let urgency = Urgency(rawValue: raw), urgency.isPressing else {
                throw AppError.badRequest("invalid_urgency", "Bộ lọc hạn xử lý “\(raw)” không hợp lệ: dùng overdue, today hoặc soon.")
            }
            self.urgency = urgency
        }
        q = (req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// The inbox's queries. Counts are separate indexed `COUNT`s on the same builder as the list, so the header
/// and the list can never disagree about what belongs to a tab.
enum InboxQuery {
    static func base(_ tab: InboxTab, scope: DossierScope, on db: Database) -> QueryBuilder<Dossier> {
        let query = scope.apply(to: Dossier.query(on: db))
        switch tab {
        case .mine:
            query.filter(\.$assignee.$id == scope.user.id)
        case .agency:
            if let own = scope.agency.id { query.filter(\.$handlingAgency.$id == own) }
        case .unit:
            break
        }
        return query
    }


    static func list(_ filter: InboxFilter, scope: DossierScope, window: UrgencyWindow, paging: Paging,
                     on db: Database) async throws -> (items: [Dossier], metadata: PageMetadata) {
        let query: QueryBuilder<Dossier>
        if filter.q.isEmpty {
            query = base(filter.tab, scope: scope, on: db)
            let statuses = filter.status.statuses
            if !statuses.isEmpty { query.filter(\.$statusCode ~~ statuses.map(\.rawValue)) }
            if let urgency = filter.urgency { restrict(query, to: urgency, window: window) }
        } else {
            // A search looks at everything the officer may see, whatever the tab, status or urgency chosen: an officer
            // who types a code wants that dossier, not "nothing in this filter".
            query = base(.unit, scope: scope, on: db)
            DossierQuery.matching(filter.q, query)
        }
        // Dossiers without an appointment (not yet accepted) go last on every database (SQLite would put NULLs first).
        let noAppointment = SQLBinaryExpression(left: SQLColumn("appointment_at"), op: SQLBinaryOperator.is, right: SQLLiteral.null)
        query.sort(.custom(noAppointment)).sort(\.$appointmentAt).sort(\.$receivedAt).sort(\.$code)
            .with(\.$procedure).with(\.$handlingAgency).with(\.$assignee)
        return try await query.page(paging)
    }

    static func statusCounts(_ tab: InboxTab, scope: DossierScope, on db: Database) async throws -> [DossierStatus: Int] {
        var counts: [DossierStatus: Int] = [:]
        for status in DossierStatus.allCases {
            counts[status] = try await base(tab, scope: scope, on: db).filter(\.$statusCode == status.rawValue).count()
        }
        return counts
    }

    static func urgencyCounts(_ tab: InboxTab, scope: DossierScope, window: UrgencyWindow, on db: Database) async throws -> [Urgency: Int] {
        var counts: [Urgency: Int] = [:]
        for urgency in [Urgency.overdue, .dueToday, .dueSoon] {
            let query = base(tab, scope: scope, on: db)
            restrict(query, to: urgency, window: window)
            counts[urgency] = try await query.count()
        }
        return counts
    }

    /// The range form of `UrgencyWindow.classify` (only the three classes that are filters).
    private static func restrict(_ query: QueryBuilder<Dossier>, to urgency: Urgency, window: UrgencyWindow) {
        query.filter(\.$statusCode ~~ Urgency.clockRunning.map(\.rawValue))
        switch urgency {
        case .overdue:
            query.filter(\.$appointmentAt < window.now)
        case .dueToday:
            query.filter(\.$appointmentAt >= window.now).filter(\.$appointmentAt < window.endOfToday)
        case .dueSoon:
            query.filter(\.$appointmentAt >= window.endOfToday).filter(\.$appointmentAt < window.endOfSoon)
        case .normal:
            query.filter(\.$appointmentAt >= window.endOfSoon)
        case .none:
            break
        }
    }
}
