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
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        guard request.method == .POST || request.method == .PUT || request.method == .PATCH || request.method == .DELETE else {
            return try await next.respond(to: request)
        }
        try await request.collectBodyWithinRouteLimit()
        let expected = request.session.data[CSRF.sessionKey]
        let sent = request.headers.first(name: "X-CSRF-Token") ?? Self.formToken(request)
        guard let expected, let sent, constantTimeEquals(expected, sent) else {
            throw AppError(.forbidden, "csrf_failed",
                           "Phiên làm việc của biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và gửi lại.")
        }
        return try await next.respond(to: request)
    }

    /// Multipart bodies are read with `PostedForm` (linear, and cached for the route), never with Vapor's decoder.
    private static func formToken(_ request: Request) -> String? {
        if request.headers.contentType?.type == "multipart" {
            return (try? PostedForm.read(request))?.value("_csrf")
        }
        return try? request.content.get(String.self, at: "_csrf")
    }

    private func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
