import Fluent
import MotCuaCore
import Vapor

/// `/van-ban/tim-kiem`: the search of both registers, with the same filters as `GET /api/v1/documents`.
struct DocumentSearchPage: Encodable {
    let title = "Tìm kiếm văn bản"
    let page: PageContext
    let q: String
    let register: String
    let type: String
    let from: String
    let to: String
    let urgency: String
    let state: String
    let types: [SelectOption]
    let urgencies: [SelectOption]
    let states: [SelectOption]
    let sections: [DocumentRowSection]
    let metadata: PageMetadata
    let pager: Pager
    let searched: Bool

    static func build(_ req: Request, scope: DocumentScope) async throws -> DocumentSearchPage {
        let filter = try DocumentFilter(req)
        let paging = try Paging(req)
        let result = try await DocumentQuery.search(filter, scope: scope, paging: paging, on: req.db)
        let window = UrgencyWindow(now: req.now, calendar: try await req.workingCalendar())
        let states = IncomingState.allCases.map { SelectOption(value: $0.rawValue, label: "Đến – \($0.label)", selected: false) }
            + OutgoingState.allCases.map { SelectOption(value: $0.rawValue, label: "Đi – \($0.label)", selected: false) }
        func raw(_ name: String) -> String { String((req.query[String.self, at: name] ?? "").prefix(60)) }
        return DocumentSearchPage(
            page: PageContext(req), q: filter.q, register: filter.register?.rawValue ?? "", type: filter.type ?? "",
            from: filter.period.map { $0.from.iso } ?? "", to: filter.period.map { $0.to.iso } ?? "",
            urgency: filter.urgency?.rawValue ?? "", state: filter.state ?? "",
            types: DocumentKind.options.map { SelectOption(value: $0.code, label: $0.name, selected: false) },
            urgencies: DocumentUrgency.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: false) },
            states: states,
            sections: [DocumentRowSection(id: "results", title: "", summary: "",
                                          empty: "Không tìm thấy văn bản nào. Thử bớt từ khóa hoặc bộ lọc.",
                                          rows: result.items.map { DocumentRow($0, window: window) })],
            metadata: result.metadata, pager: Pager(result.metadata, request: req),
            searched: !filter.q.isEmpty || !raw("register").isEmpty || !raw("type").isEmpty || filter.period != nil)
    }
}
