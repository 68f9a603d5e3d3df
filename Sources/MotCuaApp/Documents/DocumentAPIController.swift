import Fluent
import MotCuaCore
import Vapor

/// `/api/v1/documents`: the incoming and outgoing registers (Decree 30/2020) for clerks, specialists and leaders.
struct DocumentAPIController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        let documents = routes.grouped("documents")
        documents.get(use: search)
        documents.post("incoming", use: register)
        documents.post("incoming", ":id", "assignments", use: assign)
        documents.post("incoming", ":id", "progress", use: progress)
        documents.post("outgoing", use: draft)
        documents.post("outgoing", ":id", "transitions", use: transition)
        documents.get(":id", use: show)
        documents.postUpload(":id", "files", use: upload)
        documents.get(":id", "files", ":file", use: download)
    }

    @Sendable func search(req: Request) async throws -> PagedResponse<DocumentDTO> {
        let scope = try await DocumentScope.of(req)
        let result = try await DocumentQuery.search(try DocumentFilter(req), scope: scope, paging: try Paging(req), on: req.db)
        return PagedResponse(items: result.items.map(DocumentDTO.init), metadata: result.metadata)
    }

    @Sendable func register(req: Request) async throws -> Response {
        let scope = try await DocumentScope.of(req)
        let input = try req.content.decode(IncomingInput.self)
        switch try await IncomingRegistration.register(input, idempotencyKey: req.headers.first(name: "Idempotency-Key"), scope: scope, request: req) {
        case .duplicate(let earlier):
            return try Self.duplicateResponse(earlier)
        case .registered(let change, let created):
            let response = try await change.dto.encodeResponse(status: created ? .created : .ok, for: req)
            response.headers.replaceOrAdd(name: .location, value: "/api/v1/documents/\(change.dto.id.uuidString)")
            return response
        }
    }

    /// 409 `duplicate_document`, naming the earlier registration (also in `error.existing`).
    static func duplicateResponse(_ earlier: OfficialDocument) throws -> Response {
        struct Existing: Encodable { let id: UUID; let incomingNumber: Int?; let notation: String?; let documentDate: String?; let issuer: String; let receivedAt: Date? }
        struct Inner: Encodable { let code: String; let message: String; let existing: Existing }
        struct Body: Encodable { let error: Inner }
        let body = Body(error: Inner(code: "duplicate_document", message: IncomingRegistration.duplicateMessage(earlier), existing: Existing(
            id: try earlier.requireID(), incomingNumber: earlier.number, notation: earlier.notation, documentDate: earlier.documentDate,
            issuer: earlier.issuerName, receivedAt: earlier.receivedAt)))
        let response = Response(status: .conflict)
        try response.content.encode(body, as: .json)
        return response
    }

    @Sendable func assign(req: Request) async throws -> DocumentDTO {
        let scope = try await DocumentScope.of(req)
        let input = try req.content.decode(AssignmentInput.self)
        return try await IncomingHandling.assign(input, documentID: req.parameters.get("id"), scope: scope, request: req).dto
    }

    @Sendable func progress(req: Request) async throws -> DocumentDTO {
        let scope = try await DocumentScope.of(req)
        let input = try req.content.decode(ProgressInput.self)
        return try await IncomingHandling.progress(input, documentID: req.parameters.get("id"), scope: scope, request: req).dto
    }

    @Sendable func draft(req: Request) async throws -> Response {
        let scope = try await DocumentScope.of(req)
        let input = try req.content.decode(OutgoingInput.self)
        let (change, created) = try await OutgoingDrafting.create(input, idempotencyKey: req.headers.first(name: "Idempotency-Key"), scope: scope, request: req)
        let response = try await change.dto.encodeResponse(status: created ? .created : .ok, for: req)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/documents/\(change.dto.id.uuidString)")
        return response
    }

    @Sendable func transition(req: Request) async throws -> DocumentDTO {
        let scope = try await DocumentScope.of(req)
        let input = try req.content.decode(OutgoingTransitionInput.self)
        return try await OutgoingTransitions.perform(input, documentID: req.parameters.get("id"), scope: scope, request: req).dto
    }

    @Sendable func show(req: Request) async throws -> DocumentDTO {
        let scope = try await DocumentScope.of(req)
        return try await DocumentDTO.load(try await scope.find(req.parameters.get("id"), on: req.db), on: req.db)
    }

    /// Multipart files (field `file`), or `{"upload":"<id>"}`: a finished tus upload (`/api/v1/uploads`), consumed.
    @Sendable func upload(req: Request) async throws -> Response {
        let scope = try await DocumentScope.of(req)
        if req.headers.contentType == .json {
            struct Attach: Content { var upload: String? }
            let input = try req.content.decode(Attach.self)
            return try await DocumentUploads.attach(uploadID: input.upload, documentID: req.parameters.get("id"), scope: scope, request: req).dto
                .encodeResponse(status: .created, for: req)
        }
        let form = try await PostedForm.read(req)
        return try await DocumentUploads.attach(form.files("file"), documentID: req.parameters.get("id"), scope: scope, request: req).dto
            .encodeResponse(status: .created, for: req)
    }

    @Sendable func download(req: Request) async throws -> Response {
        let scope = try await DocumentScope.of(req)
        return DocumentFiles.download(try await DocumentUploads.file(req.parameters.get("file"), documentID: req.parameters.get("id"), scope: scope, on: req.db))
    }
}

/// Files added after registration or drafting: a new version of an outgoing draft, or more scans of an incoming document.
enum DocumentUploads {
    static func attach(_ files: [IncomingFile], documentID: String?, scope: DocumentScope, request req: Request) async throws -> DocumentChange {
        let document = try await mayAttach(documentID, scope: scope, on: req.db)
        guard !files.isEmpty else {
            throw AppError(.unprocessableEntity, "file_required", "Không có tệp nào được gửi: đính kèm tệp PDF, JPEG hoặc PNG trong trường “file” (có thể lặp lại).")
        }
        let uploads = try UploadCheck.check(files, maxBytes: req.application.settings.maxUploadBytes)
        let user = scope.user
        let now = req.now
        return try await req.writeTransaction { db in
            try await store(uploads, in: document, by: user, at: now, on: db)
        }
    }

    /// A finished tus upload of the caller's, checked like any file, stored as the document's next version.
    static func attach(uploadID: String?, documentID: String?, scope: DocumentScope, request req: Request) async throws -> DocumentChange {
        let document = try await mayAttach(documentID, scope: scope, on: req.db)
        let user = scope.user
        let now = req.now
        let maxBytes = req.application.settings.maxUploadBytes
        return try await req.writeTransaction { db in
            let upload = try await ResumableUploadStore.find(uploadID.map(DraftService.uploadID), owner: user, now: now, on: db)
            let bytes = try await ResumableUploadStore.contents(of: upload, on: db)
            let checked = try UploadCheck.check([IncomingFile(filename: upload.filename, data: bytes)], maxBytes: maxBytes)
            let change = try await store(checked, in: document, by: user, at: now, on: db)
            try await ResumableUploadStore.delete(upload, on: db)
            return change
        }
    }

    private static func store(_ uploads: [CheckedUpload], in document: OfficialDocument, by user: User, at now: Date, on db: Database) async throws -> DocumentChange {
        let id = try document.requireID()
        // Issued meanwhile (another clerk, another node): its files are what was issued.
        if !document.isIncoming, try await OfficialDocument.find(id, on: db)?.outgoingState == .issued { throw issued }
        let version = try await DocumentFiles.save(uploads, documentID: id, by: user, at: now, on: db)
        try await DocumentEvent(documentID: id, at: now, actor: user, action: "file",
                                note: "\(uploads.map(\.filename).joined(separator: ", "))\(version.map { " (phiên bản \($0))" } ?? "")").create(on: db)
        return try await DocumentDTO.change(document, on: db)
    }

    /// The document, if the caller may add files to it now.
    private static func mayAttach(_ documentID: String?, scope: DocumentScope, on db: Database) async throws -> OfficialDocument {
        let document = try await scope.find(documentID, on: db)
        if document.isIncoming {
            guard scope.isClerk || scope.isLeader || scope.isHandler(document) else {
                throw AppError(.forbidden, "action_not_permitted", "Chỉ văn thư, lãnh đạo hoặc người được phân công mới đính kèm tệp cho văn bản đến này.")
            }
        } else {
            guard document.outgoingState != .issued else { throw issued }
            guard scope.user.hasAny(.specialist, .leader) else {
                throw AppError(.forbidden, "action_not_permitted", "Chỉ chuyên viên và lãnh đạo mới cập nhật dự thảo văn bản đi.")
            }
        }
        return document
    }

    static let issued = AppError(.conflict, "document_issued", "Văn bản đã phát hành; không thay đổi được tệp. Hãy soạn văn bản mới nếu cần sửa đổi.")

    static func file(_ rawFile: String?, documentID: String?, scope: DocumentScope, on db: Database) async throws -> DocumentFile {
        let document = try await scope.find(documentID, on: db)
        guard let rawFile, let fileID = UUID(uuidString: rawFile),
              let file = try await DocumentFile.query(on: db).filter(\.$id == fileID).filter(\.$document.$id == document.requireID()).first() else {
            throw AppError(.notFound, "file_not_found", "Không tìm thấy tệp này trong văn bản.")
        }
        return file
    }
}
