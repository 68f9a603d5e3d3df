import Vapor

/// The rating form on the citizen's own dossier page (`POST /ho-so-cua-toi/{code}/danh-gia`).
struct OwnerRatingPage: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        let rate = routes.on(.POST, "ho-so-cua-toi", ":code", "danh-gia", body: .collect(maxSize: "16kb"), use: rate)
        rate.bodyLimit = 16 * 1024
    }

    @Sendable func rate(req: Request) async throws -> Response {
        let user = try DraftService.requireCitizen(req)
        let code = req.parameters.get("code") ?? ""
        let dossier = try await OwnerDossiers.find(code: code, owner: user, on: req.db)
        let input = try req.content.decode(RatingService.Input.self)
        do {
            _ = try await RatingService.rate(dossier, input: input, officerID: nil, channel: "online", request: req)
            return req.redirect(to: "/ho-so-cua-toi/\(dossier.code)", notice: "Cảm ơn ông/bà đã đánh giá. Ý kiến được gửi tới lãnh đạo cơ quan.")
        } catch let error as AppError {
            return req.redirect(to: "/ho-so-cua-toi/\(dossier.code)", notice: error.message)
        }
    }
}
