import Vapor

/// API routes that the citizen's own pages call from the browser (uploads, drafts, their dossiers): they accept the
/// page's session as well as a bearer token. A session-borne request that changes something must carry the page's
/// form token in `X-CSRF-Token`, as forms do; a bearer token is never sent by a browser on its own, so needs none.
struct APISessionAccess: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        let unsafe = request.method == .POST || request.method == .PUT || request.method == .PATCH || request.method == .DELETE
        let hasBearer = request.headers.bearerAuthorization != nil
        if unsafe, !hasBearer, request.auth.has(User.self) {
            guard let expected = request.session.data[CSRF.sessionKey], let sent = request.headers.first(name: "X-CSRF-Token"),
                  CSRFProtection.constantTimeEquals(expected, sent)
            else {
                throw AppError(.forbidden, "csrf_failed", "Phiên làm việc của trang đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang rồi thử lại.")
            }
        }
        return try await next.respond(to: request)
    }
}
