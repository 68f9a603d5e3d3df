import Fluent
import Vapor

/// `POST /api/v1/dossiers/{code}/attachments`: scanned components or result documents for a dossier the
/// caller may see. Every file is checked by content and size before any is stored; all or nothing.
struct DossierAttachmentAPIController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.postUpload("dossiers", ":code", "attachments", use: upload)
    }

    @Sendable func upload(req: Request) async throws -> Response {
        let scope = try await DossierScope.of(req)
        let dossier = try await scope.find(code: req.parameters.get("code") ?? "", on: req.db)
        let form = try await PostedForm.read(req)
        let kindValue = form.value("kind")?.trimmingCharacters(in: .whitespaces) ?? ""
        guard let kind = kindValue.isEmpty ? .component : AttachmentStore.Kind(rawValue: kindValue) else {
            throw AppError.badRequest("invalid_kind", "Loại tệp “\(kindValue)” không hợp lệ: dùng component (thành phần hồ sơ) hoặc result (kết quả giải quyết).")
        }
        // Result documents are the decision: only those who process and sign may attach them.
        if kind == .result, !scope.user.hasAny(.specialist, .leader) {
            throw AppError(.forbidden, "action_not_permitted", "Chỉ chuyên viên và lãnh đạo mới được đính kèm văn bản kết quả giải quyết.")
        }
        let files = form.files("file")
        guard !files.isEmpty else {
            throw AppError(.unprocessableEntity, "file_required", "Không có tệp nào được gửi: đính kèm tệp PDF, JPEG hoặc PNG trong trường “file” (có thể lặp lại).")
        }
        let uploads = try UploadCheck.check(files, maxBytes: req.application.settings.maxUploadBytes)
        let dossierID = try dossier.requireID()
        let user = scope.user
        let now = req.now
        let stored = try await req.writeTransaction { db in
            try await AttachmentStore.save(uploads, dossierID: dossierID, kind: kind, by: user, at: now, on: db)
        }
        return try await stored.encodeResponse(status: .created, for: req)
    }
}
