import Vapor

/// Guards a group of routes: anonymous visitors are sent to log in, others need one of the roles.
struct RequireRole: AsyncMiddleware {
    let roles: [Role]
    init(_ roles: Role...) { self.roles = roles }

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        let user = try request.requireUser()
        guard roles.contains(where: user.has) else { throw AppError.forbidden }
        return try await next.respond(to: request)
    }
}
