import Foundation
import Vapor

/// Reads a multipart form as it arrives: fields are kept (bounded), files go straight to temporary files, so a
/// 100 MB scan costs a few kilobytes of memory instead of the whole body (six such uploads held 812 MB before).
/// On the page routes the form token is checked here, when the `_csrf` field arrives: before any file is written.
struct StreamedFormReader {
    struct Limits: Sendable {
        var parts = 1_000
        var fieldBytes = 64 * 1024
        var allFieldBytes = 1024 * 1024
    }

    static let spoolDirectory = (NSTemporaryDirectory() as NSString).appendingPathComponent("motcua-uploads")

    let boundary: String
    let maxBodyBytes: Int
    let maxFileBytes: Int
    /// The session's form token when the page route left its check to the form (see `CSRFProtection`).
    let expectedToken: String?
    var limits = Limits()

    private var parser: MultipartStreamParser
    private var form = PostedForm()
    private var field: (name: String, bytes: [UInt8])? = nil
    private var file: (field: String, writer: SpoolingFileWriter)? = nil
    private var tokenChecked = false
    private var parts = 0
    private var fieldBytes = 0
    private var bodyBytes = 0

    init(boundary: String, maxBodyBytes: Int, maxFileBytes: Int, expectedToken: String?) {
        self.boundary = boundary
        self.maxBodyBytes = maxBodyBytes
        self.maxFileBytes = maxFileBytes
        self.expectedToken = expectedToken
        self.parser = MultipartStreamParser(boundary: boundary)
        self.tokenChecked = expectedToken == nil
    }

    static let malformed = AppError.badRequest("invalid_multipart", "Dữ liệu biểu mẫu gửi lên bị hỏng (multipart không hợp lệ). Vui lòng gửi lại.")
    static let tokenRefused = AppError(.forbidden, "csrf_failed",
                                       "Phiên làm việc của biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và gửi lại.")

    mutating func feed(_ chunk: ByteBuffer) throws {
        bodyBytes += chunk.readableBytes
        guard bodyBytes <= maxBodyBytes else {
            throw AppError(.payloadTooLarge, "payload_too_large", "Dữ liệu gửi lên vượt quá \(UploadCheck.megabytes(maxBodyBytes)). Vui lòng gửi ít tệp hơn mỗi lần.")
        }
        let events: [MultipartStreamParser.Event]
        do { events = try parser.feed(chunk.readableBytesView) } catch { throw Self.malformed }
        for event in events { try handle(event) }
    }

    mutating func finish() throws -> PostedForm {
        guard parser.isComplete, field == nil, file == nil else { throw Self.malformed }
        guard tokenChecked else { throw Self.tokenRefused }
        return form
    }

    private mutating func handle(_ event: MultipartStreamParser.Event) throws {
        switch event {
        case .partStart(let partHeaders):
            parts += 1
            guard parts <= limits.parts else { throw RequestShapeLimits.tooComplex("biểu mẫu", "có hơn \(limits.parts) phần.") }
            let disposition = partHeaders.first { $0.name.lowercased() == "content-disposition" }?.value ?? ""
            let parameters = PostedForm.dispositionParameters(disposition)
            // A part without a name belongs to no field: its content is skipped.
            guard let name = parameters["name"] else { return }
            if let filename = parameters["filename*"].flatMap(PostedForm.extendedValue) ?? parameters["filename"] {
                // No byte of a file is written before the form has proved it comes from our page.
                guard tokenChecked else { throw Self.tokenRefused }
                file = (name, try SpoolingFileWriter(filename: filename, maxBytes: maxFileBytes, directory: Self.spoolDirectory))
            } else {
                field = (name, [])
            }
        case .content(let bytes):
            if var current = file {
                try current.writer.write(bytes)
                file = current
            } else if var current = field {
                current.bytes.append(contentsOf: bytes)
                fieldBytes += bytes.count
                guard current.bytes.count <= limits.fieldBytes, fieldBytes <= limits.allFieldBytes else {
                    throw AppError(.payloadTooLarge, "field_too_large", "Một trường của biểu mẫu quá dài. Vui lòng rút gọn nội dung.")
                }
                field = current
            }
        case .partEnd:
            if let current = file {
                form.append(file: try current.writer.finish(), field: current.field)
                file = nil
            } else if let current = field {
                let value = String(decoding: current.bytes, as: UTF8.self)
                if current.name == "_csrf", let expectedToken {
                    guard CSRFProtection.constantTimeEquals(expectedToken, value) else { throw Self.tokenRefused }
                    tokenChecked = true
                }
                form.append(field: current.name, value: value)
                field = nil
            }
        }
    }
}

extension Route {
    /// Routes that take uploads read their body as a stream (`StreamedFormReader`); middleware must not collect it.
    var streamsBody: Bool {
        get { userInfo["streamsBody"] as? Bool ?? false }
        set { userInfo["streamsBody"] = newValue }
    }
}

extension RoutesBuilder {
    /// A POST route whose form may carry files: streamed to disk within `UploadCheck.requestBodyLimit`.
    @discardableResult
    func postUpload(_ path: PathComponent..., use closure: @Sendable @escaping (Request) async throws -> some AsyncResponseEncodable) -> Route {
        let route = on(.POST, path, body: .stream, use: closure)
        route.streamsBody = true
        route.bodyLimit = UploadCheck.requestBodyLimit.value
        return route
    }
}
