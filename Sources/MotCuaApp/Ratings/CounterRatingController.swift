import Fluent
import Vapor
import MotCuaCore

/// Rating at the counter: the receptionist asks for a six-digit code for a returned dossier and shows it; the
/// applicant types it on the counter's tablet (`/danh-gia`, no login) and rates the officer who just served them.
struct CounterRatingController: RouteCollection {
    static let codeLifetime: TimeInterval = 15 * 60
    let limiter = RateLimiter()

    func boot(routes: RoutesBuilder) throws {
        let officer = routes.grouped(RequireRole(.receptionist))
        let invite = officer.on(.POST, "mot-cua", "danh-gia", ":code", body: .collect(maxSize: "16kb"), use: invite)
        invite.bodyLimit = 16 * 1024
        routes.get("danh-gia", use: tablet)
        let enter = routes.on(.POST, "danh-gia", body: .collect(maxSize: "16kb"), use: enter)
        enter.bodyLimit = 16 * 1024
        enter.acceptsAnonymousForm = true
        enter.maxFormFields = 16
    }

    struct InvitePage: Encodable {
        let title = "Mời người dân đánh giá"
        let page: PageContext
        let dossierCode: String
        let code: String
        let expiresAt: String
    }

    @Sendable func invite(req: Request) async throws -> View {
        let scope = try await DossierScope.of(req)
        let dossier = try await scope.find(code: req.parameters.get("code") ?? "", on: req.db)
        guard dossier.status == .returned else {
            throw AppError(.conflict, "not_returned", "Chỉ mời đánh giá khi hồ sơ đã trả kết quả (trạng thái hiện tại: “\(dossier.status.label)”).")
        }
        guard try await Rating.query(on: req.db).filter(\.$dossier.$id == dossier.requireID()).count() == 0 else {
            throw RatingService.alreadyRated(dossier.code)
        }
        let now = req.now
        let invitation = RatingInvitation()
        invitation.code = String(format: "%06d", Int.random(in: 0...999_999))
        invitation.$dossier.id = try dossier.requireID()
        invitation.$officer.id = try scope.user.requireID()
        invitation.expiresAt = now.addingTimeInterval(Self.codeLifetime)
        invitation.usedAt = nil
        try await req.writeTransaction { db in try await invitation.create(on: db) }
        return try await req.view.render("Ratings/invite", InvitePage(page: PageContext(req), dossierCode: dossier.code, code: invitation.code,
                                                                      expiresAt: VietnameseFormat.dateTime(invitation.expiresAt)))
    }

    struct TabletPage: Encodable {
        let title = "Đánh giá mức độ hài lòng"
        let page: PageContext
        let code: String
        let dossierCode: String?
        let officerName: String?
        let options: [RatingPanel.Option]
        let error: String?
        let thanks: Bool
    }

    @Sendable func tablet(req: Request) async throws -> View {
        try await req.view.render("Ratings/tablet", TabletPage(page: PageContext(req, forms: true), code: "", dossierCode: nil, officerName: nil,
                                                               options: [], error: nil, thanks: false))
    }

    struct EnterForm: Content { var code: String?; var overall: String?; var attitude: String?; var comment: String? }

    /// One form, two steps: a code alone shows whom and what is rated; a code with the answers records them.
    @Sendable func enter(req: Request) async throws -> Response {
        let form = try req.content.decode(EnterForm.self)
        let code = (form.code ?? "").filter(\.isNumber)
        let options = Rating.Level.allCases.map { RatingPanel.Option(value: $0.rawValue, label: $0.label) }
        func render(_ error: AppError?, dossier: String? = nil, officer: String? = nil, thanks: Bool = false) async throws -> Response {
            let page = TabletPage(page: PageContext(req, forms: true), code: thanks ? "" : String(code.prefix(6)), dossierCode: dossier, officerName: officer,
                                  options: options, error: error?.message, thanks: thanks)
            return try await req.view.render("Ratings/tablet", page).encodeResponse(status: error?.status ?? .ok, for: req)
        }
        let client = req.clientAddress(trusting: req.application.settings.trustedProxies)
        if case .limited(let retryAfter) = limiter.admit(client, limit: 30, now: req.now) {
            return try await render(AppError(.tooManyRequests, "rate_limited", "Đã nhập quá nhiều lần. Vui lòng đợi \(retryAfter) giây."))
        }
        let now = req.now
        guard code.count == 6,
              let invitation = try await RatingInvitation.query(on: req.db).filter(\.$code == code).filter(\.$expiresAt > now)
                .filter(\.$usedAt == nil).with(\.$dossier).with(\.$officer).first()
        else {
            return try await render(AppError(.notFound, "invalid_rating_code", "Mã đánh giá không đúng hoặc đã hết hạn (15 phút). Vui lòng hỏi cán bộ mã mới."))
        }
        let dossier = invitation.dossier
        guard form.overall != nil || form.attitude != nil else {
            return try await render(nil, dossier: dossier.code, officer: invitation.officer.fullName)
        }
        do {
            _ = try await RatingService.rate(dossier, input: RatingService.Input(overall: form.overall, attitude: form.attitude, comment: form.comment),
                                             officerID: invitation.$officer.id, channel: "counter", request: req)
            invitation.usedAt = now
            try await req.writeTransaction { db in try await invitation.save(on: db) }
            return try await render(nil, thanks: true)
        } catch let error as AppError {
            return try await render(error, dossier: dossier.code, officer: invitation.officer.fullName)
        }
    }
}
