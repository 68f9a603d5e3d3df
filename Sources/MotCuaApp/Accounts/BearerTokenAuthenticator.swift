import Fluent
import Vapor

struct BearerTokenAuthenticator: AsyncBearerAuthenticator {
    func authenticate(bearer: BearerAuthorization, for request: Request) async throws {
        let hash = ApiToken.hash(bearer.token)
        guard let token = try await ApiToken.query(on: request.db)
            .filter(\.$tokenHash == hash)
            .with(\.$user)
            .first(),
            token.expiresAt > request.now,
            token.user.isActive
        else { return }
        request.auth.login(token.user)
    }
}

extension Request {
    /// The signed-in user, or 401 (API) / redirect to the login page (pages).
    func requireUser() throws -> User {
        guard let user = auth.get(User.self) else { throw AppError.unauthorized }
        return user
    }

    func requireRole(_ roles: Role...) throws -> User {
        let user = try requireUser()
        guard roles.contains(where: user.has) else { throw AppError.forbidden }
        return user
    }
}
