import AsyncKit
import Vapor
import MotCuaCore

/// Turns every error into a response a person can understand: JSON for the API, a page for browsers.
/// Nothing a user can type should surface as a 500, so decoding and validation failures are mapped to 4xx here.
struct ErrorRendering: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let appError = Self.appError(from: error, request: request)
            if appError.status.code >= 500 {
                request.logger.report(error: error)
            }
            let response = Self.wantsJSON(request) ? Self.jsonResponse(appError) : try await Self.htmlResponse(appError, request: request)
            if let retryAfter = appError.retryAfter {
                response.headers.replaceOrAdd(name: .retryAfter, value: String(retryAfter))
            }
            return response
        }
    }

    static func wantsJSON(_ request: Request) -> Bool {
        request.url.path.hasPrefix("/api/") || request.url.path == "/health"
            || (request.headers.first(name: .accept)?.contains("application/json") ?? false)
    }

    static func jsonResponse(_ error: AppError) -> Response {
        struct Body: Encodable { struct Inner: Encodable { let code: String; let message: String }; let error: Inner }
        let response = Response(status: error.status)
        try? response.content.encode(Body(error: .init(code: error.code, message: error.message)), as: .json)
        if error.status == .unauthorized {
            response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer")
        }
        return response
    }

    static func htmlResponse(_ error: AppError, request: Request) async throws -> Response {
        // A request still in flight while the application shuts down has no templates left to render with.
        guard !request.application.didShutdown else {
            return Response(status: error.status, body: .init(string: error.message))
        }
        if error.status == .unauthorized, request.method == .GET {
            let target = request.url.string
            return request.redirect(to: "/dang-nhap?next=" + (target.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"))
        }
        struct ErrorPage: Encodable { let title: String; let status: UInt; let message: String; let page: PageContext }
        let view = try await request.view.render("Shared/error", ErrorPage(
            title: "Lỗi \(error.status.code)", status: error.status.code, message: error.message,
            page: PageContext(request)))
        let response = try await view.encodeResponse(status: error.status, for: request)
        return response
    }

    static func appError(from error: Error, request: Request) -> AppError {
        switch error {
        case let error as AppError:
            return error
        case let error as ValidationFailure:
            return AppError(.unprocessableEntity, error.code, error.message)
        case let error as TransitionError:
            return AppError(.conflict, error.code, error.message)
        case is ConnectionPoolTimeoutError:
            // Every database connection stayed busy (a burst of large uploads): nothing was written; try again shortly.
            return AppError(.serviceUnavailable, "server_busy",
                            "Hệ thống đang bận xử lý nhiều yêu cầu cùng lúc. Dữ liệu của bạn chưa bị thay đổi; vui lòng thử lại sau ít giây.",
                            retryAfter: 5)
        case let error as DecodingError:
            return AppError(.badRequest, "invalid_body", Self.decodingMessage(error))
        case let abort as AbortError:
            return Self.translate(abort)
        default:
            return AppError(.internalServerError, "internal_error",
                            "Hệ thống gặp sự cố ngoài dự kiến. Dữ liệu của bạn chưa bị thay đổi; vui lòng thử lại hoặc báo quản trị viên.")
        }
    }

    static func decodingMessage(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _):
            return "Thiếu trường bắt buộc “\(key.stringValue)” trong dữ liệu gửi lên."
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? "Dữ liệu gửi lên không đúng định dạng JSON mong đợi." : "Trường “\(path)” có kiểu dữ liệu không hợp lệ."
        case .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? "Dữ liệu gửi lên không phải JSON hợp lệ." : "Giá trị của trường “\(path)” không hợp lệ."
        @unknown default:
            return "Dữ liệu gửi lên không hợp lệ."
        }
    }

    /// Vapor's own aborts carry English reasons; people get Vietnamese ones.
    static func translate(_ abort: AbortError) -> AppError {
        switch abort.status {
        case .notFound: return .notFound()
        case .payloadTooLarge:
            return AppError(.payloadTooLarge, "payload_too_large", "Dữ liệu gửi lên quá lớn. Vui lòng giảm dung lượng tệp hoặc nội dung rồi thử lại.")
        case .unsupportedMediaType:
            return AppError(.unsupportedMediaType, "unsupported_media_type", "Định dạng dữ liệu gửi lên không được hỗ trợ (cần JSON hoặc biểu mẫu).")
        case .unauthorized: return .unauthorized
        case .forbidden: return .forbidden
        case .methodNotAllowed:
            return AppError(.methodNotAllowed, "method_not_allowed", "Phương thức yêu cầu không được hỗ trợ cho địa chỉ này.")
        case .tooManyRequests:
            return AppError(.tooManyRequests, "rate_limited", "Bạn gửi quá nhiều yêu cầu. Vui lòng đợi ít phút rồi thử lại.")
        case .badRequest:
            return AppError(.badRequest, "bad_request", "Yêu cầu không hợp lệ: kiểm tra lại địa chỉ và dữ liệu gửi lên.")
        case .unprocessableEntity:
            return AppError(.unprocessableEntity, "invalid_body",
                            "Dữ liệu gửi lên trống hoặc không đúng định dạng mong đợi (JSON hoặc biểu mẫu). Vui lòng kiểm tra lại nội dung yêu cầu.")
        case .locked:
            return AppError(.locked, "locked", "Tài nguyên đang bị khóa. Vui lòng thử lại sau.")
        default:
            if abort.status.code >= 500 {
                return AppError(abort.status, "internal_error", "Hệ thống gặp sự cố ngoài dự kiến. Vui lòng thử lại sau.")
            }
            // Vapor's own reasons are English: a person gets the status in Vietnamese instead.
            return AppError(abort.status, "error", "Yêu cầu không được chấp nhận (mã HTTP \(abort.status.code)). Vui lòng kiểm tra lại rồi thử lại.")
        }
    }
}
