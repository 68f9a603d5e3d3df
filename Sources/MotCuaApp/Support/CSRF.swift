import Vapor

/// Synchroniser-token protection for every form a browser posts: the token lives in the
/// server-side session and must come back in the `_csrf` field (or `X-CSRF-Token` header).
enum CSRF {
    static let sessionKey = "csrf"

    static func token(for request: Request) -> String {
        if let existing = request.session.data[sessionKey] { return existing }
        let token = [UInt8].random(count: 24).base64String()
        request.session.data[sessionKey] = token
        return token
    }
}

struct CSRFProtection: AsyncMiddleware {
    /// The token a streamed form must carry in its `_csrf` field, checked by `StreamedFormReader` as the form arrives.
    struct DeferredToken: StorageKey { typealias Value = String }

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        guard request.method == .POST || request.method == .PUT || request.method == .PATCH || request.method == .DELETE else {
            return try await next.respond(to: request)
        }
        // Every form but the login form is for signed-in officers: an anonymous body is refused unread.
        guard request.auth.has(User.self) || (request.route?.acceptsAnonymousForm ?? false) else {
            throw AppError.unauthorized
        }
        let expected = request.session.data[CSRF.sessionKey]
        if request.streamsMultipartBody, request.headers.first(name: "X-CSRF-Token") == nil {
            // An upload is never collected in memory to find its token: the reader checks it before any file.
            guard let expected else { throw StreamedFormReader.tokenRefused }
            request.storage[DeferredToken.self] = expected
            return try await next.respond(to: request)
        }
        try await request.collectBodyWithinRouteLimit()
        let sent: String?
        if let header = request.headers.first(name: "X-CSRF-Token") { sent = header } else { sent = await Self.formToken(request) }
        guard let expected, let sent, Self.constantTimeEquals(expected, sent) else {
            throw AppError(.forbidden, "csrf_failed",
                           "Phiên làm việc của biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và gửi lại.")
        }
        return try await next.respond(to: request)
    }

    /// Multipart bodies are read with `PostedForm` (linear, and cached for the route), never with Vapor's decoder.
    private static func formToken(_ request: Request) async -> String? {
        if request.headers.contentType?.type == "multipart" {
            return (try? await PostedForm.read(request))?.value("_csrf")
        }
        return try? request.content.get(String.self, at: "_csrf")
    }

    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

extension Route {
    /// The one page form anyone may post (the login form); every other form needs a signed-in user first.
    var acceptsAnonymousForm: Bool {
        get { userInfo["acceptsAnonymousForm"] as? Bool ?? false }
        set { userInfo["acceptsAnonymousForm"] = newValue }
    }
}
