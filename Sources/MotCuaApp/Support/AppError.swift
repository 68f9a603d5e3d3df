import Vapor

/// An error a person can act on: an HTTP status, a stable machine code and a Vietnamese message.
/// API routes render it as `{"error":{"code","message"}}`, pages as a friendly error page.
struct AppError: AbortError, Sendable {
    let status: HTTPResponseStatus
    let code: String
    let message: String
    /// Seconds after which a refused request (429, 503) may be tried again; sent as `Retry-After`.
    let retryAfter: Int?

    var reason: String { message }

    init(_ status: HTTPResponseStatus, _ code: String, _ message: String, retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    static func notFound(_ message: String = "Không tìm thấy nội dung bạn yêu cầu.") -> AppError {
        AppError(.notFound, "not_found", message)
    }
    static func badRequest(_ code: String, _ message: String) -> AppError {
        AppError(.badRequest, code, message)
    }
    static let unauthorized = AppError(.unauthorized, "unauthorized", "Bạn cần đăng nhập để tiếp tục.")
    static let forbidden = AppError(.forbidden, "forbidden", "Tài khoản của bạn không có quyền thực hiện thao tác này.")
}
