import Fluent
import Vapor

/// "Nhật ký quản trị": every change made under /quan-tri, newest first.
struct AdminAuditController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.get("nhat-ky", use: list)
    }

    struct Row: Encodable {
        let at: String
        let actor: String
        let action: String
        let kindLabel: String
        let target: String
        let targetURL: String?
        let summary: String
    }
    struct Page: Encodable {
        let title = "Nhật ký quản trị"
        let page: PageContext
        let rows: [Row]
        let metadata: PageMetadata
        let pager: Pager
    }

    @Sendable func list(req: Request) async throws -> View {
        let result = try await AuditEntry.query(on: req.db).sort(\.$at, .descending).sort(\.$id, .descending)
            .page(try Paging(req, defaultPer: 50))
        let rows = result.items.map { entry in
            let kind = AuditTargetKind(rawValue: entry.targetKind)
            return Row(at: VietnameseFormat.dateTime(entry.at), actor: entry.actor,
                       action: AuditAction(rawValue: entry.action)?.label ?? entry.action,
                       kindLabel: kind?.label ?? entry.targetKind, target: entry.targetID,
                       targetURL: kind?.url(entry.targetID), summary: entry.summary)
        }
        return try await req.view.render("Admin/audit", Page(page: PageContext(req), rows: rows, metadata: result.metadata,
                                                             pager: Pager(result.metadata, request: req)))
    }
}
