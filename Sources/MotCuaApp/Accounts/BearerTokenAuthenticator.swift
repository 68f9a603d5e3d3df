import Fluent
import Vapor

struct BearerTokenAuthenticator: AsyncBearerAuthenticator {
    /// One query for the token, its user and the user's agency (`.with` would be three): every API call pays it,
    /// and `DossierScope.of` reuses the agency instead of loading it again.
    func authenticate(bearer: BearerAuthorization, for request: Request) async throws {
        let hash = ApiToken.hash(bearer.token)
        guard let token = try await ApiToken.query(on: request.db)
            .join(User.self, on: \ApiToken.$user.$id == \User.$id)
            .join(Agency.self, on: \User.$agency.$id == \Agency.$id, method: .left)
            .filter(\.$tokenHash == hash)
            .first(),
            token.expiresAt > request.now
        else { return }
        let user = try token.joined(User.self)
        guard user.isActive else { return }
        // Users without an agency come back with NULL agency columns, which do not decode.
        user.$agency.value = user.$agency.id == nil ? .some(nil) : (try? token.joined(Agency.self)).map { .some($0) }
        token.$user.value = user
        request.auth.login(user)
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
