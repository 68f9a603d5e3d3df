import Fluent
import Vapor

/// `/api/v1/uploads`: resumable uploads with the tus 1.0 protocol (core, creation, termination), so that a file sent
/// over a weak line resumes where the line dropped. Each upload belongs to the account that created it.
struct TusController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        let uploads = routes.grouped("uploads").grouped(TusHeadersMiddleware())
        uploads.on(.OPTIONS, use: options)
        let create = uploads.on(.POST, body: .collect(maxSize: "1kb"), use: create)
        create.bodyLimit = 1024
        uploads.on(.HEAD, ":id", use: head)
        let patch = uploads.on(.PATCH, ":id", body: .stream, use: patch)
        patch.streamsBody = true
        patch.readsRawBody = true
        uploads.on(.DELETE, ":id", use: delete)
    }

    @Sendable func options(req: Request) async throws -> Response {
        let response = Response(status: .noContent)
        response.headers.replaceOrAdd(name: "Tus-Version", value: TusProtocol.version)
        response.headers.replaceOrAdd(name: "Tus-Extension", value: TusProtocol.extensions)
        response.headers.replaceOrAdd(name: "Tus-Max-Size", value: String(req.application.settings.maxUploadBytes))
        return response
    }

    @Sendable func create(req: Request) async throws -> Response {
        try TusProtocol.requireVersion(req)
        let user = try req.requireUser()
        if req.headers.first(name: "Upload-Defer-Length") != nil {
            throw AppError(.badRequest, "defer_length_unsupported", "Máy chủ cần biết trước kích thước tệp (Upload-Length); không hỗ trợ Upload-Defer-Length.")
        }
        guard let length = try TusProtocol.number(req, "Upload-Length") else {
            throw AppError(.badRequest, "upload_length_missing", "Thiếu tiêu đề Upload-Length (kích thước tệp, tính bằng byte).")
        }
        let maxBytes = req.application.settings.maxUploadBytes
        guard length > 0 else {
            throw AppError(.unprocessableEntity, "empty_file", "Tệp rỗng (0 byte). Hãy chọn lại tệp.")
        }
        guard length <= Int64(maxBytes) else {
            throw AppError(.payloadTooLarge, "file_too_large",
                           "Tệp vượt quá giới hạn \(UploadCheck.megabytes(maxBytes)) mỗi tệp. Hãy quét ở độ phân giải thấp hơn hoặc tách thành nhiều tệp.")
        }
        guard (req.body.data?.readableBytes ?? 0) == 0 else {
            throw AppError(.badRequest, "creation_with_upload_unsupported", "Hãy tạo phiên tải lên với thân rỗng rồi gửi dữ liệu bằng PATCH.")
        }
        let rawMetadata = req.headers.first(name: "Upload-Metadata")
        let metadata = try TusProtocol.metadata(rawMetadata)
        let filename = UploadCheck.safeFilename(metadata["filename"] ?? metadata["name"] ?? "")
        let upload = try await ResumableUploadStore.create(owner: user, length: length, filename: filename,
                                                           metadata: String((rawMetadata ?? "").prefix(4_096)), now: req.now, request: req)
        let response = Response(status: .created)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/uploads/\(try upload.requireID().uuidString.lowercased())")
        response.headers.replaceOrAdd(name: "Upload-Offset", value: "0")
        return response
    }

    @Sendable func head(req: Request) async throws -> Response {
        try TusProtocol.requireVersion(req)
        let upload = try await ResumableUploadStore.find(req.parameters.get("id"), owner: try req.requireUser(), now: req.now, on: req.db)
        let response = Response(status: .ok)
        response.headers.replaceOrAdd(name: "Upload-Offset", value: String(upload.uploadOffset))
        response.headers.replaceOrAdd(name: "Upload-Length", value: String(upload.uploadLength))
        if !upload.metadata.isEmpty { response.headers.replaceOrAdd(name: "Upload-Metadata", value: upload.metadata) }
        return response
    }

    @Sendable func patch(req: Request) async throws -> Response {
        try TusProtocol.requireVersion(req)
        guard req.headers.first(name: .contentType)?.lowercased().hasPrefix(TusProtocol.offsetContentType) == true else {
            throw AppError(.unsupportedMediaType, "wrong_content_type", "PATCH của tus phải có Content-Type: application/offset+octet-stream.")
        }
        guard let offset = try TusProtocol.number(req, "Upload-Offset") else {
            throw AppError(.badRequest, "upload_offset_missing", "Thiếu tiêu đề Upload-Offset (vị trí bắt đầu ghi).")
        }
        let upload = try await ResumableUploadStore.find(req.parameters.get("id"), owner: try req.requireUser(), now: req.now, on: req.db)
        guard offset == upload.uploadOffset else {
            let error = AppError(.conflict, "offset_mismatch",
                                 "Vị trí gửi (\(offset)) khác vị trí máy chủ đã nhận (\(upload.uploadOffset)); hãy hỏi lại vị trí (HEAD) rồi gửi tiếp từ đó.")
            let response = ErrorRendering.jsonResponse(error)
            response.headers.replaceOrAdd(name: "Upload-Offset", value: String(upload.uploadOffset))
            return response
        }
        // A declared body longer than what remains is refused before a byte is read.
        if let declared = try TusProtocol.number(req, "Content-Length"), declared > upload.uploadLength - offset {
            throw ResumableUploadStore.tooLong(upload.uploadLength)
        }
        let newOffset = try await ResumableUploadStore.append(to: upload, at: offset, request: req)
        let response = Response(status: .noContent)
        response.headers.replaceOrAdd(name: "Upload-Offset", value: String(newOffset))
        return response
    }

    @Sendable func delete(req: Request) async throws -> Response {
        try TusProtocol.requireVersion(req)
        let user = try req.requireUser()
        let now = req.now
        let id = req.parameters.get("id")
        try await req.writeTransaction { db in
            let upload = try await ResumableUploadStore.find(id, owner: user, now: now, on: db)
            try await ResumableUploadStore.delete(upload, on: db)
        }
        return Response(status: .noContent)
    }
}

/// Every answer of the upload endpoint, refusals included, carries `Tus-Resumable` (and a 412 the version we speak),
/// and is never cached: offsets change with every PATCH.
struct TusHeadersMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch let error as AppError {
            response = ErrorRendering.jsonResponse(error)
            if let retryAfter = error.retryAfter { response.headers.replaceOrAdd(name: .retryAfter, value: String(retryAfter)) }
        }
        response.headers.replaceOrAdd(name: "Tus-Resumable", value: TusProtocol.version)
        if response.status == .preconditionFailed { response.headers.replaceOrAdd(name: "Tus-Version", value: TusProtocol.version) }
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
