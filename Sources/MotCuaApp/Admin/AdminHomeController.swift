import Fluent
import Vapor

struct AdminHomeController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.get(use: home)
    }

    struct Page: Encodable {
        let title = "Quản trị hệ thống"
        let page: PageContext
        let agencyCount: Int
        let userCount: Int
        let procedureCount: Int
        let overrideCount: Int
        let auditCount: Int
        let mailCount: Int
        let smsCount: Int
    }

    @Sendable func home(req: Request) async throws -> View {
        try await req.view.render("Admin/home", Page(
            page: PageContext(req),
            agencyCount: try await Agency.query(on: req.db).count(),
            userCount: try await User.query(on: req.db).count(),
            procedureCount: try await Procedure.query(on: req.db).count(),
            overrideCount: try await CalendarOverrideRecord.query(on: req.db).count(),
            auditCount: try await AuditEntry.query(on: req.db).count(),
            mailCount: try await OutboxMessage.query(on: req.db).filter(\.$channelCode == OutboxChannel.email.rawValue).count(),
            smsCount: try await OutboxMessage.query(on: req.db).filter(\.$channelCode == OutboxChannel.sms.rawValue).count()))
    }
}
