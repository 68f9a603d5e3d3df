import Vapor

/// `POST /api/v1/citizens`: anyone may open an account; it files nothing until its e-mail is verified.
struct CitizenAPIController: RouteCollection {
    static let bodyLimit: ByteCount = "16kb"

    func boot(routes: RoutesBuilder) throws {
        let create = routes.on(.POST, "citizens", body: .collect(maxSize: Self.bodyLimit), use: create)
        create.bodyLimit = Self.bodyLimit.value
    }

    @Sendable func create(req: Request) async throws -> Response {
        try AccountRateLimit.admit(req)
        let input = try req.content.decode(CitizenRegistration.Input.self)
        let user = try await CitizenRegistration.register(input, request: req)
        let created = CitizenRegistration.Created(username: user.username, emailVerified: user.emailVerifiedAt != nil)
        let response = try await created.encodeResponse(status: .created, for: req)
        return response
    }
}
