import NIOCore
import Vapor

/// Bounds the shape of what a client sends before any decoder sees it. Vapor's form decoder is quadratic in the
/// number of repeated fields (`a[]=1` 40,000 times cost 15 s of CPU before login), so every query string, form and
/// JSON body is measured here in one linear pass and refused with a 4xx when it is larger than any of our forms.
struct RequestShapeLimits: AsyncMiddleware {
    struct Limits: Sendable {
        var queryParameters = 64
        var formFields = 1_000
        var keyDepth = 4
        var keyBytes = 256
        var jsonDepth = 32
        var jsonValues = 20_000
        var multipartParts = 1_000
    }

    let limits: Limits
    init(limits: Limits = Limits()) { self.limits = limits }

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        if let query = request.url.query, !query.isEmpty {
            try Self.checkURLEncoded(Substring(query), maxFields: limits.queryParameters, limits: limits, what: "địa chỉ (query string)")
        }
        // A streamed upload is bounded by its reader as it arrives (parts, field sizes, header names).
        // A route that reads its own raw stream (a tus PATCH) bounds it itself and must not be collected in memory.
        guard request.method != .GET, request.method != .HEAD, request.route != nil, !request.streamsMultipartBody,
              !(request.route?.readsRawBody ?? false) else {
            return try await next.respond(to: request)
        }
        try await request.collectBodyWithinRouteLimit()
        guard let body = request.body.data, body.readableBytes > 0 else {
            return try await next.respond(to: request)
        }
        // A body that arrived in one network read was never measured against the route's limit by Vapor.
        if body.readableBytes > request.routeBodyLimit {
            throw AppError(.payloadTooLarge, "payload_too_large", "Dữ liệu gửi lên quá lớn. Vui lòng giảm dung lượng tệp hoặc nội dung rồi thử lại.")
        }
        let type = request.headers.contentType
        if type == .urlEncodedForm {
            let maxFields = min(request.route?.maxFormFields ?? limits.formFields, limits.formFields)
            try Self.checkURLEncoded(Substring(String(buffer: body)), maxFields: maxFields, limits: limits, what: "biểu mẫu")
        } else if type?.type == "application", type?.subType == "json" || (type?.subType.hasSuffix("+json") ?? false) {
            try Self.checkJSON(body.readableBytesView, limits: limits)
        } else if type?.type == "multipart" {
            try Self.checkMultipart(body.readableBytesView, boundary: type?.parameters["boundary"] ?? "", limits: limits)
        }
        return try await next.respond(to: request)
    }

    static func tooComplex(_ what: String, _ detail: String) -> AppError {
        AppError(.badRequest, "request_too_complex", "Dữ liệu \(what) gửi lên quá phức tạp: \(detail) Vui lòng kiểm tra lại yêu cầu.")
    }

    static func checkURLEncoded(_ text: Substring, maxFields: Int, limits: Limits, what: String) throws {
        var fields = 0
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            fields += 1
            if fields > maxFields { throw tooComplex(what, "có hơn \(maxFields) trường.") }
            let key = pair.prefix { $0 != "=" }
            if key.utf8.count > limits.keyBytes { throw tooComplex(what, "tên trường dài hơn \(limits.keyBytes) byte.") }
            // Decoders read `%5B` as `[` too.
            let depth = key.utf8.lazy.filter({ $0 == UInt8(ascii: "[") }).count + key.components(separatedBy: "%5B").count - 1
                + key.components(separatedBy: "%5b").count - 1
            if depth > limits.keyDepth {
                throw tooComplex(what, "tên trường lồng nhau quá \(limits.keyDepth) cấp.")
            }
        }
    }

    static func checkJSON<C: Collection>(_ bytes: C, limits: Limits) throws where C.Element == UInt8 {
        var depth = 0, values = 0
        var inString = false, escaped = false
        for byte in bytes {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                values += 1
                if depth > limits.jsonDepth { throw tooComplex("JSON", "lồng nhau quá \(limits.jsonDepth) cấp.") }
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            case UInt8(ascii: ","):
                values += 1
                if values > limits.jsonValues { throw tooComplex("JSON", "có hơn \(limits.jsonValues) giá trị.") }
            default: break
            }
        }
    }

    /// Also what multipart-kit's parser would trap on: an empty boundary (`precondition`) and a byte ≥ 0x80 in a
    /// part's header name (an out-of-range table index). Both killed the process from an anonymous request. The body
    /// is read once by our own parser (the one uploads stream through), which refuses both.
    static func checkMultipart(_ bytes: ByteBufferView, boundary: String, limits: Limits) throws {
        // RFC 2046 §5.1.1: 1 to 70 characters of a small set.
        guard (1...70).contains(boundary.utf8.count), boundary.utf8.allSatisfy({ (0x20...0x7E).contains($0) && $0 != UInt8(ascii: "\"") }) else {
            throw AppError.badRequest("invalid_multipart", "Dữ liệu multipart/form-data có tham số boundary không hợp lệ (cần từ 1 đến 70 ký tự ASCII).")
        }
        var parser = MultipartStreamParser(boundary: boundary)
        let events: [MultipartStreamParser.Event]
        do { events = try parser.feed(bytes) } catch { throw StreamedFormReader.malformed }
        let parts = events.lazy.filter { if case .partStart = $0 { return true } else { return false } }.count
        if parts > limits.multipartParts { throw tooComplex("biểu mẫu", "có hơn \(limits.multipartParts) phần.") }
    }
}

extension Route {
    /// The handler reads the body as a raw stream and bounds it itself (tus PATCH: at most what remains of the upload).
    var readsRawBody: Bool {
        get { userInfo["readsRawBody"] as? Bool ?? false }
        set { userInfo["readsRawBody"] = newValue }
    }

    /// Fewer form fields than the general limit, for routes whose forms are known to be small (the login forms).
    var maxFormFields: Int? {
        get { userInfo["maxFormFields"] as? Int }
        set { userInfo["maxFormFields"] = newValue }
    }
}

extension Request {
    /// A multipart form posted to a route that streams uploads: read by `StreamedFormReader`, never collected.
    var streamsMultipartBody: Bool {
        (route?.streamsBody ?? false) && headers.contentType?.type == "multipart"
    }

    /// A body larger than one network read arrives streamed; middleware that must read it before the route does
    /// (shape limits, the form token) collects it here, never further than the route itself would (`Route.bodyLimit`).
    func collectBodyWithinRouteLimit() async throws {
        guard body.data == nil, route != nil else { return }
        let limit = routeBodyLimit
        _ = try await eventLoop.flatSubmit { self.body.collect(max: limit) }.get()
    }

    /// Only a streamed multipart form may be as large as the upload limit; anything else sent there is a small form.
    var routeBodyLimit: Int {
        let standard = application.routes.defaultMaxBodySize.value
        guard let route else { return standard }
        return route.streamsBody ? standard : (route.bodyLimit ?? standard)
    }
}
