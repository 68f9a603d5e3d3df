import Vapor

/// The browser's session, for routes that pages and API clients share: a request with a bearer token never
/// touches the session store (Vapor's session authenticator would otherwise save the token's user into a new
/// session cookie on every call, turning an API token into a browser login); a request without one gets the
/// session and its user, as pages do.
struct BrowserSession: AsyncMiddleware {
    let session: Middleware
    let authenticator: Middleware

    init(_ app: Application) {
        session = app.sessions.middleware
        authenticator = ActiveUserSessionAuthenticator()
    }

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        if request.headers.bearerAuthorization != nil {
            return try await next.respond(to: request)
        }
        let responder = [session, authenticator].makeResponder(chainingTo: next)
        return try await responder.respond(to: request).get()
    }
}
