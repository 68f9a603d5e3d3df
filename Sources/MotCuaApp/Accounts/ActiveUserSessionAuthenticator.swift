import Fluent
import Vapor

/// Signs in the user a browser session belongs to, if that account is still active: deactivating an officer
/// ends their open sessions at the next request, as it already does their API tokens.
struct ActiveUserSessionAuthenticator: AsyncSessionAuthenticator {
    typealias User = MotCuaApp.User

    func authenticate(sessionID: UUID, for request: Request) async throws {
        guard let user = try await User.find(sessionID, on: request.db), user.isActive else { return }
        request.auth.login(user)
    }
}
