import Fluent
import Vapor
import MotCuaCore

/// The officer's inbox (`/xu-ly`): tabs, status chips and urgency counts in the header, one coloured row per dossier.
struct InboxPage: Encodable {
    struct Link: Encodable { let label: String; let total: Int?; let url: String; let current: Bool; let css: String }
    struct Row: Encodable {
        let code: String
        let url: String
        let procedure: String
        let applicant: String
        let status: String
        let statusCss: String
        let received: String
        let appointment: String
        let unit: String
        let handlingAgency: String
        let urgency: String
        let urgencyLabel: String?
        let assignee: String?
    }

    let title = "Xử lý hồ sơ"
    let page: PageContext
    let tabs: [Link]
    let chips: [Link]
    let urgencies: [Link]
    let rows: [Row]
    let metadata: PageMetadata
    let pager: Pager
    let firstIndex: Int
    let lastIndex: Int
    let q: String
    let tab: String
    let status: String
    let urgency: String
    let readOnly: Bool
    let isLeader: Bool
    let notice: String?
    let emptyMessage: String

    static func build(_ req: Request, scope: DossierScope, filter: InboxFilter, notice: String?) async throws -> InboxPage {
        let now = req.now
        let calendar = try await req.workingCalendar()
        let window = UrgencyWindow(now: now, calendar: calendar)
        let paging = try Paging(req)
        let result = try await InboxQuery.list(filter, scope: scope, window: window, paging: paging, on: req.db)
        let statusCounts = try await InboxQuery.statusCounts(filter.tab, scope: scope, on: req.db)
        let urgencyCounts = try await InboxQuery.urgencyCounts(filter.tab, scope: scope, window: window, on: req.db)

        func url(tab: InboxTab? = nil, status: InboxStatusChoice? = nil, urgency: Urgency?? = nil, keepQuery: Bool = true) -> String {
            var items: [URLQueryItem] = []
            let tab = tab ?? filter.tab
            if tab != .agency { items.append(URLQueryItem(name: "tab", value: tab.rawValue)) }
            let status = status ?? filter.status
            if status != .open { items.append(URLQueryItem(name: "status", value: status.parameter)) }
            if let urgency = urgency ?? filter.urgency { items.append(URLQueryItem(name: "urgency", value: urgency.rawValue)) }
            if keepQuery, !filter.q.isEmpty { items.append(URLQueryItem(name: "q", value: filter.q)) }
            var components = URLComponents()
            components.path = "/xu-ly"
            components.queryItems = items.isEmpty ? nil : items
            return components.string ?? "/xu-ly"
        }

        // A search covers every tab and status: no filter is shown as the current one meanwhile.
        let searching = !filter.q.isEmpty
        let tabs = InboxTab.allCases.map { tab in
            Link(label: tab == .unit && scope.seesSubtree ? "Của đơn vị (cả các đơn vị trực thuộc)" : tab.label, total: nil,
                 url: url(tab: tab, status: .open, urgency: .some(nil)), current: searching ? false : tab == filter.tab, css: "")
        }
        let openCount = DossierQuery.openStatuses.reduce(0) { $0 + (statusCounts[$1] ?? 0) }
        let allCount = statusCounts.values.reduce(0, +)
        var chips = [Link(label: "Đang giải quyết", total: openCount, url: url(status: .open, urgency: .some(nil)), current: !searching && filter.status == .open && filter.urgency == nil, css: "")]
        for status in Self.chipOrder {
            let count = statusCounts[status] ?? 0
            // Terminal statuses with nothing in them would only crowd the header.
            if status.isTerminal && count == 0 && filter.status != .one(status) { continue }
            chips.append(Link(label: status.label, total: count, url: url(status: .one(status), urgency: .some(nil)),
                              current: !searching && filter.status == .one(status), css: DossierPage.statusCss(status)))
        }
        chips.append(Link(label: "Tất cả", total: allCount, url: url(status: .all, urgency: .some(nil)), current: !searching && filter.status == .all, css: ""))
        let urgencies = [Urgency.overdue, .dueToday, .dueSoon].map { urgency in
            Link(label: urgency.label, total: urgencyCounts[urgency] ?? 0, url: url(status: .open, urgency: .some(urgency)),
                 current: !searching && filter.urgency == urgency, css: "urgency-\(urgency.rawValue)")
        }

        let rows = result.items.map { dossier in
            let urgency = window.classify(status: dossier.status, appointment: dossier.appointmentAt)
            return Row(
                code: dossier.code, url: "/ho-so/\(dossier.code)", procedure: dossier.procedure.name,
                applicant: dossier.applicantName, status: dossier.status.label, statusCss: DossierPage.statusCss(dossier.status),
                received: VietnameseFormat.dateTime(dossier.receivedAt),
                appointment: dossier.appointmentAt.map(VietnameseFormat.dateTime) ?? "—",
                unit: dossier.currentUnit ?? "—", handlingAgency: dossier.handlingAgency.name,
                urgency: urgency.rawValue, urgencyLabel: urgency.isPressing ? urgency.label : nil,
                assignee: dossier.assignee?.fullName)
        }
        let user = scope.user
        return InboxPage(
            page: PageContext(req), tabs: tabs, chips: chips, urgencies: urgencies, rows: rows,
            metadata: result.metadata, pager: Pager(result.metadata, request: req),
            firstIndex: result.metadata.total == 0 ? 0 : paging.offset + 1, lastIndex: paging.offset + result.items.count,
            q: filter.q, tab: filter.tab.rawValue, status: filter.status.parameter, urgency: filter.urgency?.rawValue ?? "",
            readOnly: !user.hasAny(.specialist, .leader), isLeader: user.has(.leader),
            notice: notice, emptyMessage: Self.emptyMessage(filter))
    }

    static let chipOrder: [DossierStatus] = [.new, .accepted, .processing, .supplementRequested, .awaitingFees, .resolved,
                                             .returned, .notAccepted, .withdrawn, .stopped]

    static func emptyMessage(_ filter: InboxFilter) -> String {
        if !filter.q.isEmpty { return "Không tìm thấy hồ sơ nào có mã hoặc tên người nộp chứa “\(filter.q)” trong phạm vi bạn được xem, ở mọi trạng thái. Kiểm tra lại từ khóa." }
        if filter.tab == .mine { return "Chưa có hồ sơ nào được giao cho bạn. Hồ sơ lãnh đạo phân công, hoặc hồ sơ bạn bắt đầu xử lý, sẽ xuất hiện ở đây." }
        if filter.urgency == .overdue { return "Không có hồ sơ nào quá hạn. Rất tốt!" }
        if filter.urgency != nil { return "Không có hồ sơ nào trong nhóm hạn xử lý này." }
        if filter.status == .open { return "Chưa có hồ sơ nào cần giải quyết. Hồ sơ mới tiếp nhận sẽ xuất hiện ở đây." }
        return "Không có hồ sơ nào ở trạng thái này."
    }
}
