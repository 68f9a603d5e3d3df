import Vapor

/// `POST /api/v1/dossiers/{code}/rating`: the owner rates their returned dossier, once.
struct RatingAPIController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        let rate = routes.on(.POST, "dossiers", ":code", "rating", body: .collect(maxSize: "16kb"), use: rate)
        rate.bodyLimit = 16 * 1024
    }

    struct RatingDTO: Content {
        let dossier: String
        let overall: String
        let attitude: String
        let comment: String?
        let createdAt: Date
    }

    @Sendable func rate(req: Request) async throws -> Response {
        let user = try DraftService.requireCitizen(req)
        let dossier = try await OwnerDossiers.find(code: req.parameters.get("code") ?? "", owner: user, on: req.db)
        let input = try req.content.decode(RatingService.Input.self)
        let rating = try await RatingService.rate(dossier, input: input, officerID: nil, channel: "online", request: req)
        return try await RatingDTO(dossier: dossier.code, overall: rating.overall, attitude: rating.attitude, comment: rating.comment,
                                   createdAt: rating.createdAt).encodeResponse(status: .created, for: req)
    }
}
