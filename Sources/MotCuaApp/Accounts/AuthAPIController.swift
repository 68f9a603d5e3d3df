import Fluent
import Vapor

struct AuthAPIController: RouteCollection {
    static let tokenLifetime: TimeInterval = 12 * 3600

    func boot(routes: RoutesBuilder) throws {
        let login = routes.on(.POST, "auth", "login", body: .collect(maxSize: WebAuthController.loginBodyLimit), use: login)
        login.bodyLimit = WebAuthController.loginBodyLimit.value
        login.maxFormFields = WebAuthController.loginFormFields
        routes.get("me", use: me)
    }

    struct LoginBody: Content { let username: String; let password: String }
    struct TokenResponse: Content { let token: String; let expiresAt: Date }

    @Sendable func login(req: Request) async throws -> TokenResponse {
        let body = try req.content.decode(LoginBody.self)
        let user = try await LoginService.verify(username: body.username, password: body.password, request: req)
        let value = ApiToken.generateValue()
        let expiresAt = req.now.addingTimeInterval(Self.tokenLifetime)
        try await ApiToken(userID: try user.requireID(), tokenHash: ApiToken.hash(value), expiresAt: expiresAt).save(on: req.db)
        return TokenResponse(token: value, expiresAt: expiresAt)
    }

    struct MeResponse: Content {
        let username: String
        let fullName: String
        let roles: [String]
        let agency: AgencySummary?
    }

    @Sendable func me(req: Request) async throws -> MeResponse {
        let user = try req.requireUser()
        let agency = try await user.$agency.get(on: req.db)
        return MeResponse(username: user.username, fullName: user.fullName, roles: user.roles.map(\.rawValue), agency: agency?.summary)
    }
}
