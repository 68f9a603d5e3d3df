import Fluent
import MotCuaCore
import Vapor

/// The queue's pages: the kiosk and its printed ticket, the ticket's live page for phones, and the display board.
/// The counter console and the leaders' statistics page are in their own files.
struct QueuePages: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.get("kiosk", use: kiosk)
        let take = routes.on(.POST, "kiosk", body: .collect(maxSize: "4kb"), use: take)
        take.bodyLimit = 4 * 1024
        take.acceptsAnonymousForm = true
        take.maxFormFields = 8
        routes.get("kiosk", "phieu", ":id", use: receipt)
        routes.get("so-thu-tu", ":id", use: live)
        routes.get("bang-hien-thi", use: board)
    }

    struct KioskPage: Encodable {
        let title = "Lấy số thứ tự"
        let page: PageContext
        let areas: [QueueDTO.Area]
        let error: String?
    }

    @Sendable func kiosk(req: Request) async throws -> View {
        try await renderKiosk(req, error: nil)
    }

    private func renderKiosk(_ req: Request, error: String?) async throws -> View {
        let areas = try await QueueAPIController().areas(req: req)
        return try await req.view.render("Queue/kiosk", KioskPage(page: PageContext(req, forms: true), areas: areas, error: error))
    }

    struct KioskForm: Content {
        let area: String?
        let priority: String?
    }

    @Sendable func take(req: Request) async throws -> Response {
        let form = try req.content.decode(KioskForm.self)
        let settings = req.application.queueSettings
        if case .limited(let retryAfter) = req.application.kioskLimiter.admit(req.clientAddress, limit: settings.kioskRateLimitPerMinute, now: req.now) {
            throw AppError(.tooManyRequests, "rate_limited", "Máy này đã lấy quá nhiều số trong một phút. Vui lòng đợi khoảng \(retryAfter) giây rồi thử lại.",
                           retryAfter: retryAfter)
        }
        let issued = try await TicketIssuer.issue(areaCode: form.area ?? "", priority: form.priority == "1", requestKey: nil, request: req)
        return req.redirect(to: "/kiosk/phieu/\(try issued.ticket.requireID().uuidString.lowercased())", redirectType: .normal)
    }

    struct ReceiptPage: Encodable {
        let title: String
        let page: PageContext
        let ticket: QueueDTO.Ticket
        let time: String
        let date: String
        let liveURL: String
        let qrSVG: String
    }

    @Sendable func receipt(req: Request) async throws -> View {
        let ticket = try await findTicket(req)
        let url = req.publicURL("/so-thu-tu/\(ticket.id.uuidString.lowercased())")
        return try await req.view.render("Queue/receipt", ReceiptPage(
            title: "Phiếu số \(ticket.number)", page: PageContext(req), ticket: ticket,
            time: VietnameseFormat.time(ticket.issuedAt), date: VietnameseFormat.date(ticket.issuedAt), liveURL: url,
            qrSVG: try QRCode(url).svg(moduleSize: 3, quietZone: 4)))
    }

    struct LivePage: Encodable {
        let title: String
        let page: PageContext
        let ticket: QueueDTO.Ticket
    }

    @Sendable func live(req: Request) async throws -> View {
        let ticket = try await findTicket(req)
        return try await req.view.render("Queue/live", LivePage(title: "Số thứ tự \(ticket.number)", page: PageContext(req), ticket: ticket))
    }

    struct BoardPage: Encodable {
        let title = "Bảng hiển thị số thứ tự"
        let area: String?
        let areaName: String?
    }

    @Sendable func board(req: Request) async throws -> View {
        var area: QueueArea? = nil
        if let code = req.query[String.self, at: "area"], !code.isEmpty {
            guard code.count <= 40, let found = try await QueueArea.query(on: req.db).filter(\.$code == code).first() else {
                throw AppError.notFound("Không có khu vực này. Bảng hiển thị chung ở /bang-hien-thi.")
            }
            area = found
        }
        return try await req.view.render("Queue/board", BoardPage(area: area?.code, areaName: area?.name))
    }

    private func findTicket(_ req: Request) async throws -> QueueDTO.Ticket {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let ticket = try await QueueTicket.find(id, on: req.db) else { throw QueueErrors.unknownTicket() }
        return try await QueueLine.dto(ticket, on: req.db, settings: req.application.queueSettings)
    }
}
